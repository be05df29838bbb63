from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.fields import DateTimeField
from rest_framework.test import APIClient

from nominations.models import Candidate, EvidenceFile, Stage, SubjectType, Verification
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    RegencyFactory,
    RegulationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EDITIONS = "/api/v1/editions/"
CATEGORIES = "/api/v1/categories/"
CANDIDATES = "/api/v1/candidates/"
EMPLOYERS = "/api/v1/employers/"
VERIFIED_AT = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def signed_in(api, world, key):
    if key != "anonymous":
        api.force_authenticate(world.users[key])
    return api


def results(response) -> list[dict]:
    return response.json()["results"]


def candidate_rows(response) -> list[tuple[str, str]]:
    return [(row["region"], row["status"]) for row in results(response)]


def evidence(innovation, name="bukti.pdf"):
    return EvidenceFile.objects.create(
        innovation=innovation,
        file=ContentFile(b"%PDF-1.4 bukti", name=name),
        original_name=name,
        content_type="application/pdf",
    )


def absolute(url: str) -> str:
    return f"http://testserver{url}"


@pytest.fixture
def field(world):
    """Kab/kota candidates of one category: Kerinci and Kota Jambi in Jambi's round
    (15), Anambas in Kepulauan Riau's (21)."""
    category = CategoryFactory(name="Kabupaten/Kota")
    return [
        CandidateFactory(category=category, regency=regency)
        for regency in (world.reg_a1, world.reg_a2, world.reg_b1)
    ]


# Editions and categories: public


def make_edition(award_year=2025):
    """An edition with two stages and a tree: Kab/kota > Kota besar, and Desa;
    returns the three categories."""
    edition = EditionFactory(award_year=award_year)
    Stage.objects.create(
        edition=edition,
        kind=Stage.Kind.DATA_COLLECTION,
        starts_on=date(award_year, 3, 1),
        ends_on=date(award_year, 5, 31),
    )
    Stage.objects.create(
        edition=edition,
        kind=Stage.Kind.CEREMONY,
        starts_on=date(award_year, 12, 10),
        ends_on=date(award_year, 12, 10),
    )
    regencies = CategoryFactory(edition=edition, name="Kab/kota", position=1)
    villages = CategoryFactory(
        edition=edition, name="Desa", subject_type=SubjectType.DESA, position=2
    )
    big = CategoryFactory(
        edition=edition, parent=regencies, name="Kota besar", scale="besar"
    )
    return regencies, villages, big


def node(category, children=()) -> dict:
    return {
        "id": category.pk,
        "name": category.name,
        "name_en": category.name_en,
        "subject_type": category.subject_type,
        "scale": category.scale,
        "sector": category.sector,
        "zone": None,
        "children": list(children),
    }


def test_edition_is_public_with_stages_and_category_tree(api, db):
    regencies, villages, big = make_edition()

    response = api.get(f"{EDITIONS}2025/")

    assert (response.status_code, response.json()) == (
        200,
        {
            "award_year": 2025,
            "name": "Paritrana Award 2025",
            "assessment_year": 2024,
            "period_start": "2025-03-01",
            "period_end": "2025-11-30",
            "status": "running",
            "advance_limit": 3,
            "stages": [
                {
                    "kind": "data_collection",
                    "tier": "provincial",
                    "starts_on": "2025-03-01",
                    "ends_on": "2025-05-31",
                },
                {
                    "kind": "ceremony",
                    "tier": "national",
                    "starts_on": "2025-12-10",
                    "ends_on": "2025-12-10",
                },
            ],
            "categories": [node(regencies, [node(big)]), node(villages)],
        },
    )


def test_edition_list_is_newest_first_and_paginated(api, db):
    make_edition(2024)
    make_edition(2025)

    response = api.get(EDITIONS)

    body = response.json()
    assert (list(body), [row["award_year"] for row in body["results"]]) == (
        ["count", "next", "previous", "results"],
        [2025, 2024],
    )


@pytest.mark.parametrize("year", ["2030", "20250"])
def test_unknown_edition_is_not_found(api, db, year):
    make_edition()

    response = api.get(f"{EDITIONS}{year}/")

    assert response.status_code == 404


def flat(category, parent=None) -> dict:
    return {
        "id": category.pk,
        "edition": category.edition.award_year,
        "parent": parent.pk if parent else None,
        "name": category.name,
        "name_en": category.name_en,
        "subject_type": category.subject_type,
        "scale": category.scale,
        "sector": category.sector,
        "zone": None,
        "position": category.position,
    }


def test_category_list_is_public_and_flat_in_order_of_position(api, db):
    regencies, villages, big = make_edition()

    response = api.get(CATEGORIES)

    assert (response.status_code, results(response)) == (
        200,
        [flat(big, parent=regencies), flat(regencies), flat(villages)],
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"edition": "2024"}, ["Kota besar", "Kab/kota", "Desa"]),
        ({"subject_type": "desa"}, ["Desa", "Desa"]),
        ({"edition": "2025", "subject_type": "desa"}, ["Desa"]),
        ({"edition": "2019"}, []),
    ],
)
def test_category_filter_gives_matching_categories(api, db, params, expected):
    make_edition(2024)
    make_edition(2025)

    response = api.get(CATEGORIES, params)

    names = [row["name"] for row in results(response)]
    assert (response.status_code, names) == (200, expected)


@pytest.mark.parametrize(
    "params",
    [{"edition": "abc"}, {"edition": "2025.5"}, {"subject_type": "kota"}],
)
def test_category_filter_refuses_an_invalid_value(api, db, params):
    response = api.get(CATEGORIES, params)

    assert response.status_code == 400


# Candidates: signed-in users, within their area


@pytest.mark.parametrize(
    "path", [CANDIDATES, "{candidates}{pk}/", "{candidates}{pk}/dossier/", EMPLOYERS]
)
def test_anonymous_user_is_refused_candidates_and_employers(api, field, path):
    url = path.format(candidates=CANDIDATES, pk=field[0].pk)

    response = api.get(url)

    assert (response.status_code, response["WWW-Authenticate"]) == (
        401,
        'Bearer realm="api"',
    )


def test_candidate_shows_subject_status_and_dossier_summary(api, world, field):
    kerinci = field[0]
    RegulationFactory(candidate=kerinci, verification=Verification.VERIFIED)
    RegulationFactory(candidate=kerinci)
    InnovationFactory(candidate=kerinci, verification=Verification.REJECTED)
    signed_in(api, world, "panitia_a")

    response = api.get(f"{CANDIDATES}{kerinci.pk}/")

    assert (response.status_code, response.json()) == (
        200,
        {
            "id": kerinci.pk,
            "edition": 2025,
            "category": {
                "id": kerinci.category_id,
                "name": "Kabupaten/Kota",
                "subject_type": "kab_kota",
            },
            "province": "15",
            "region": "15.01",
            "subject_name": "Kabupaten Kerinci",
            "employer": None,
            "status": "candidate",
            "provincial_rank": None,
            "national_title": "",
            "dossier_summary": {
                "regulations": {"unverified": 1, "verified": 1, "rejected": 0},
                "innovations": {"unverified": 0, "verified": 0, "rejected": 1},
            },
        },
    )


def test_employer_candidate_is_named_by_the_employer(api, world):
    employer = EmployerFactory(
        name="PT Jambi Sejahtera", npp="JB000123", regency=world.reg_a2
    )
    category = CategoryFactory(subject_type=SubjectType.BADAN_USAHA)
    candidate = CandidateFactory(category=category, regency=None, employer=employer)
    signed_in(api, world, "admin")

    response = api.get(f"{CANDIDATES}{candidate.pk}/")

    body = response.json()
    assert [body[name] for name in ("province", "region", "subject_name")] == [
        "15",
        "15.71",
        "PT Jambi Sejahtera",
    ]
    assert body["employer"] == "JB000123"


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("panitia_a", [("15.01", "candidate"), ("15.71", "candidate")]),
        ("panitia_b", [("21.05", "candidate")]),
        ("petugas_a2", [("15.01", "candidate")]),
        ("verifikator_kanwil_b", [("21.05", "candidate")]),
        (
            "admin",
            [("15.01", "candidate"), ("15.71", "candidate"), ("21.05", "candidate")],
        ),
        ("penilai", []),
        ("no_role", []),
    ],
)
def test_candidate_list_shows_the_users_area(api, world, field, user, expected):
    signed_in(api, world, user)

    response = api.get(CANDIDATES)

    assert (response.status_code, candidate_rows(response)) == (200, expected)


@pytest.mark.parametrize("suffix", ["", "dossier/"])
def test_committee_never_sees_another_provinces_candidate(api, world, field, suffix):
    signed_in(api, world, "panitia_a")

    response = api.get(f"{CANDIDATES}{field[2].pk}/{suffix}")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "Data tidak ditemukan."},
    )


@pytest.mark.parametrize("pk", ["999", "abc", "99999999999999999999"])
def test_unknown_candidate_is_not_found(api, world, field, pk):
    signed_in(api, world, "admin")

    response = api.get(f"{CANDIDATES}{pk}/")

    assert response.status_code == 404


@pytest.fixture
def mixed(world, field):
    """The field's candidates, Kota Jambi shortlisted, plus Kerinci in a 2024
    category."""
    field[1].status = Candidate.Status.SHORTLISTED
    field[1].save()
    older = CategoryFactory(edition=EditionFactory(award_year=2024))
    return [*field, CandidateFactory(category=older, regency=world.reg_a1)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"edition": "2024"}, [("15.01", "candidate")]),
        ({"province": "21"}, [("21.05", "candidate")]),
        ({"status": "shortlisted"}, [("15.71", "shortlisted")]),
        (
            {"edition": "2025", "province": "15", "status": "candidate"},
            [("15.01", "candidate")],
        ),
        ({"province": "31"}, []),
    ],
)
def test_candidate_filter_gives_matching_candidates(
    api, world, mixed, params, expected
):
    signed_in(api, world, "admin")

    response = api.get(CANDIDATES, params)

    assert (response.status_code, candidate_rows(response)) == (200, expected)


def test_candidate_filter_by_category(api, world, mixed):
    signed_in(api, world, "admin")

    response = api.get(CANDIDATES, {"category": mixed[3].category_id})

    assert [row["id"] for row in results(response)] == [mixed[3].pk]


@pytest.mark.parametrize(
    "params",
    [
        {"edition": "abc"},
        {"edition": "2025.5"},
        {"category": "kota"},
        {"province": "15.01"},
        {"province": "1"},
        {"status": "winner"},
    ],
)
def test_candidate_filter_refuses_an_invalid_value(api, world, mixed, params):
    signed_in(api, world, "admin")

    response = api.get(CANDIDATES, params)

    assert response.status_code == 400


def test_dossier_lists_items_with_links_to_the_download_views(api, world, field):
    kerinci = field[0]
    perda = RegulationFactory(
        candidate=kerinci,
        number="7/2023",
        verification=Verification.VERIFIED,
        verified_at=VERIFIED_AT,
    )
    innovation = InnovationFactory(
        candidate=kerinci,
        verification=Verification.REJECTED,
        rejection_reason="Bukti tidak terbaca.",
    )
    photo = evidence(innovation, "foto.pdf")
    signed_in(api, world, "verifikator_cabang_a")

    response = api.get(f"{CANDIDATES}{kerinci.pk}/dossier/")

    assert (response.status_code, response.json()) == (
        200,
        {
            "candidate": kerinci.pk,
            "regulations": [
                {
                    "id": perda.pk,
                    "kind": "perda",
                    "number": "7/2023",
                    "issued_on": "2024-02-01",
                    "title": "Perlindungan Jaminan Sosial Ketenagakerjaan",
                    "aspect": "regulasi",
                    "verification": "verified",
                    "rejection_reason": "",
                    "verified_at": DateTimeField().to_representation(VERIFIED_AT),
                    "file_name": "perda.pdf",
                    "content_type": "application/pdf",
                    "file_url": absolute(
                        reverse("nominations:regulation_file", args=[perda.pk])
                    ),
                }
            ],
            "innovations": [
                {
                    "id": innovation.pk,
                    "name": "Sikamseang",
                    "description": innovation.description,
                    "started_on": "2023-01-01",
                    "beneficiaries": 4_839,
                    "budget": 975_540_000,
                    "funding_source": "apbd",
                    "aspect": "inovasi",
                    "verification": "rejected",
                    "rejection_reason": "Bukti tidak terbaca.",
                    "verified_at": None,
                    "evidence": [
                        {
                            "id": photo.pk,
                            "file_name": "foto.pdf",
                            "content_type": "application/pdf",
                            "file_url": absolute(
                                reverse("nominations:evidence_file", args=[photo.pk])
                            ),
                            "uploaded_at": DateTimeField().to_representation(
                                photo.uploaded_at
                            ),
                        }
                    ],
                }
            ],
        },
    )


def test_dossier_file_urls_point_at_the_permission_checking_views(api, world, field):
    perda = RegulationFactory(candidate=field[0])
    photo = evidence(InnovationFactory(candidate=field[0]))
    signed_in(api, world, "admin")

    body = api.get(f"{CANDIDATES}{field[0].pk}/dossier/").json()

    urls = [
        body["regulations"][0]["file_url"],
        body["innovations"][0]["evidence"][0]["file_url"],
    ]
    assert urls == [
        f"http://testserver/nominasi/berkas/regulasi/{perda.pk}/",
        f"http://testserver/nominasi/berkas/bukti/{photo.pk}/",
    ]


def make_candidates(n: int) -> None:
    """n candidates, each with a regulation and an innovation with evidence."""
    edition = EditionFactory()
    for regency in RegencyFactory.create_batch(n):
        candidate = CandidateFactory(category__edition=edition, regency=regency)
        RegulationFactory(candidate=candidate)
        evidence(InnovationFactory(candidate=candidate))


@pytest.mark.parametrize("n", [1, 3])
def test_candidate_list_query_count_does_not_grow(
    api, db, django_assert_num_queries, n
):
    make_candidates(n)
    api.force_authenticate(UserFactory(admin=True))

    with django_assert_num_queries(2):
        response = api.get(CANDIDATES)

    summaries = [row["dossier_summary"]["regulations"] for row in results(response)]
    assert summaries == [{"unverified": 1, "verified": 0, "rejected": 0}] * n


@pytest.mark.parametrize("n", [1, 3])
def test_dossier_query_count_does_not_grow(api, world, django_assert_num_queries, n):
    candidate = CandidateFactory(regency=world.reg_a1)
    for _ in range(n):
        RegulationFactory(candidate=candidate)
        evidence(InnovationFactory(candidate=candidate))
    signed_in(api, world, "panitia_a")

    with django_assert_num_queries(4):
        response = api.get(f"{CANDIDATES}{candidate.pk}/dossier/")

    body = response.json()
    assert (len(body["regulations"]), len(body["innovations"])) == (n, n)


# Employers: signed-in users, within their area


@pytest.fixture
def employers(world):
    """PT Batik Jambi (KC Jambi, Kota Jambi) with its 2024 compliance, PT Anambas
    Bahari (KC Anambas)."""
    batik = EmployerFactory(
        npp="JB000001",
        name="PT Batik Jambi",
        regency=world.reg_a2,
        branch=world.branch_a,
    )
    EmployerComplianceFactory(employer=batik, year=2024)
    bahari = EmployerFactory(
        npp="KR000002",
        name="PT Anambas Bahari",
        regency=world.reg_b1,
        branch=world.branch_b,
        sector="pertanian",
        scale="kecil",
    )
    return batik, bahari


def test_employer_shows_place_and_compliance_with_decimals_as_strings(
    api, world, employers
):
    signed_in(api, world, "petugas_a")

    response = api.get(f"{EMPLOYERS}JB000001/")

    record = employers[0].compliance.get()
    assert (response.status_code, response.json()) == (
        200,
        {
            "npp": "JB000001",
            "name": "PT Batik Jambi",
            "regency": "15.71",
            "regency_name": "Kota Jambi",
            "province": "15",
            "branch": "kc-jambi",
            "sector": "manufaktur",
            "scale": "besar",
            "compliance": [
                {
                    "year": 2024,
                    "status": "draft",
                    "version": 1,
                    "employees": 500,
                    "registered_participants": 480,
                    "jkk": True,
                    "jkm": True,
                    "jht": True,
                    "jp": True,
                    "jkp": False,
                    "months_paid_on_time": 12,
                    "wage_report_accuracy": "95.00",
                    "digital_channel_use": "80.00",
                    "csr_vulnerable_protected": 120,
                    "vendors_total": 40,
                    "vendors_registered": 30,
                    "updated_at": DateTimeField().to_representation(record.updated_at),
                }
            ],
        },
    )


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("panitia_a", ["JB000001"]),
        ("petugas_b", ["KR000002"]),
        ("verifikator_kanwil_a", ["JB000001"]),
        ("admin", ["KR000002", "JB000001"]),
        ("penilai", []),
    ],
)
def test_employer_list_shows_the_users_area(api, world, employers, user, expected):
    signed_in(api, world, user)

    response = api.get(EMPLOYERS)

    npps = [row["npp"] for row in results(response)]
    assert (response.status_code, npps) == (200, expected)


def test_employer_outside_the_area_is_not_found(api, world, employers):
    signed_in(api, world, "panitia_a")

    response = api.get(f"{EMPLOYERS}KR000002/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "batik"}, ["JB000001"]),
        ({"search": "kr0000"}, ["KR000002"]),
        ({"search": "000"}, []),
        ({"province": "21"}, ["KR000002"]),
        ({"sector": "pertanian"}, ["KR000002"]),
        ({"scale": "besar"}, ["JB000001"]),
    ],
)
def test_employer_search_and_filters(api, world, employers, params, expected):
    signed_in(api, world, "admin")

    response = api.get(EMPLOYERS, params)

    npps = [row["npp"] for row in results(response)]
    assert (response.status_code, npps) == (200, expected)


@pytest.mark.parametrize(
    "params", [{"province": "15.71"}, {"sector": "perikanan"}, {"scale": "raksasa"}]
)
def test_employer_filter_refuses_an_invalid_value(api, world, employers, params):
    signed_in(api, world, "admin")

    response = api.get(EMPLOYERS, params)

    assert response.status_code == 400


# Query counts of the list endpoints


def make_editions(n: int) -> None:
    for year in range(2025, 2025 + n):
        make_edition(year)


def make_categories(n: int) -> None:
    CategoryFactory.create_batch(n, edition=EditionFactory())


def make_employers(n: int) -> None:
    for employer in EmployerFactory.create_batch(n):
        EmployerComplianceFactory(employer=employer)


@pytest.mark.parametrize(
    ("url", "make_rows", "queries"),
    [
        (EDITIONS, make_editions, 4),
        (CATEGORIES, make_categories, 2),
        (EMPLOYERS, make_employers, 3),
    ],
)
@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_does_not_grow(
    api, db, django_assert_num_queries, url, make_rows, queries, n
):
    make_rows(n)
    api.force_authenticate(UserFactory(admin=True))

    with django_assert_num_queries(queries):
        response = api.get(url)

    assert response.json()["count"] == n


def test_schema_describes_the_award_endpoints(api):
    response = api.get("/api/schema/", {"format": "json"})

    paths = sorted(
        p
        for p in response.json()["paths"]
        if p.split("/")[3] in ("editions", "categories", "candidates", "employers")
    )
    assert (response.status_code, paths) == (
        200,
        [
            "/api/v1/candidates/",
            "/api/v1/candidates/{id}/",
            "/api/v1/candidates/{id}/dossier/",
            "/api/v1/categories/",
            "/api/v1/categories/{id}/",
            "/api/v1/editions/",
            "/api/v1/editions/{award_year}/",
            "/api/v1/employers/",
            "/api/v1/employers/{npp}/",
        ],
    )
