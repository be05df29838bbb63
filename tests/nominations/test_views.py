"""The award pages (nominations.views): editions, a province's round, a candidate with
its dossier and interview, and the files behind a permission check."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.calendar import calendar_key
from nominations.models import Candidate, CandidateStep, Regulation
from nominations.services.dossiers import verify_item
from nominations.services.editions import set_round_status
from review.models import ReviewStatus
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
    RegulationFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.usefixtures("english_pages")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def english_pages(client, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def award(world):
    """Edition 2025 (assessing 2024) with a kab/kota category and Jambi's round."""
    edition = EditionFactory(award_year=2025)
    category = CategoryFactory(edition=edition, name="Kabupaten/Kota")
    round_ = ProvincialRoundFactory(edition=edition, province=world.prov_a)
    return edition, category, round_


def candidate_of(world, award, regency=None, **kwargs):
    _edition, category, _round = award
    return CandidateFactory(
        category=category, regency=regency or world.reg_a2, **kwargs
    )


def signed_in(client, world, key):
    if key != "anonymous":
        client.force_login(world.users[key])
    return client


@pytest.mark.parametrize(
    ("key", "code"),
    [("admin", 200), ("panitia_a", 200), ("petugas_a", 200), ("penilai", 403)],
)
def test_edition_pages_are_for_staff_with_an_area(client, world, award, key, code):
    response = signed_in(client, world, key).get("/nominasi/2025/")

    assert response.status_code == code


def test_edition_page_shows_the_national_admin_every_province(client, world, award):
    candidate_of(world, award)

    response = signed_in(client, world, "admin").get("/nominasi/2025/")

    assert [
        (r["province_id"], r["candidates"]) for r in response.context["progress"]
    ] == [("15", 1), ("21", 0)]


@pytest.mark.parametrize(("province", "code"), [("15", 200), ("21", 404)])
def test_round_page_is_only_for_the_own_province(client, world, award, province, code):
    response = signed_in(client, world, "panitia_a").get(
        f"/nominasi/2025/provinsi/{province}/"
    )

    assert response.status_code == code


def test_round_page_lists_candidates_with_data_and_dossier(client, world, award):
    candidate = candidate_of(world, award)
    CoverageReportFactory(regency=world.reg_a2, year=2024, status=ReviewStatus.APPROVED)
    RegulationFactory(candidate=candidate, verification="verified")

    response = signed_in(client, world, "panitia_a").get("/nominasi/2025/provinsi/15/")

    [row] = response.context["rows"]
    assert (row["candidate"], row["has_data"], row["completeness"].percent) == (
        candidate,
        True,
        50,
    )


def test_round_page_query_count_does_not_grow_with_candidates(
    client, world, award, django_assert_num_queries
):
    client = signed_in(client, world, "panitia_a")
    candidate_of(world, award)
    client.get("/nominasi/2025/provinsi/15/")
    with CaptureQueriesContext(connection) as one:
        client.get("/nominasi/2025/provinsi/15/")
    candidate_of(world, award, regency=world.reg_a1)
    RegulationFactory(candidate=Candidate.objects.last())

    with django_assert_num_queries(len(one)):
        client.get("/nominasi/2025/provinsi/15/")


def test_adding_every_kab_kota_of_the_province(client, world, award):
    _edition, category, _round = award

    response = signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/tambah/", {"category": category.pk}
    )

    names = sorted(c.subject_name for c in Candidate.objects.all())
    assert (response.status_code, names) == (302, ["Kabupaten Kerinci", "Kota Jambi"])


def test_adding_candidates_in_another_province_is_refused(client, world, award):
    _edition, category, _round = award

    response = signed_in(client, world, "panitia_b").post(
        "/nominasi/2025/provinsi/15/tambah/", {"category": category.pk}
    )

    assert (response.status_code, Candidate.objects.count()) == (404, 0)


def test_candidate_page_of_another_province_is_not_found(client, world, award):
    candidate = candidate_of(world, award)

    response = signed_in(client, world, "panitia_b").get(candidate.get_absolute_url())

    assert response.status_code == 404


def test_candidate_page_offers_the_committee_its_provincial_actions(
    client, world, award
):
    candidate = candidate_of(world, award)

    response = signed_in(client, world, "panitia_a").get(candidate.get_absolute_url())

    assert [a.name for a in response.context["actions"]] == ["shortlist", "return"]


def test_shortlisting_without_approved_data_says_why(client, world, award):
    candidate = candidate_of(world, award)

    response = signed_in(client, world, "panitia_a").post(
        f"/nominasi/kandidat/{candidate.pk}/aksi/", {"action": "shortlist"}, follow=True
    )

    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.CANDIDATE
    assert "has no approved data for 2024" in response.text


def test_returning_records_the_reason(client, world, award):
    candidate = candidate_of(world, award)

    signed_in(client, world, "panitia_a").post(
        f"/nominasi/kandidat/{candidate.pk}/aksi/",
        {"action": "return", "reason": "Lampirkan Perda"},
    )

    step = CandidateStep.objects.get(action="return")
    assert (step.from_status, step.to_status, step.reason) == (
        "candidate",
        "returned",
        "Lampirkan Perda",
    )


def test_adding_a_regulation_keeps_its_pdf(client, world, award):
    candidate = candidate_of(world, award)
    upload = SimpleUploadedFile("perda-3-2023.pdf", PDF, "application/pdf")

    signed_in(client, world, "panitia_a").post(
        f"/nominasi/kandidat/{candidate.pk}/regulasi/",
        {
            "aspect": "regulasi",
            "kind": "perda",
            "number": "3/2023",
            "issued_on": "2023-05-02",
            "title": "Perlindungan pekerja rentan",
            "file": upload,
        },
    )

    regulation = Regulation.objects.get()
    assert (regulation.number, regulation.issued_on, regulation.content_type) == (
        "3/2023",
        date(2023, 5, 2),
        "application/pdf",
    )


def test_a_png_named_pdf_is_refused_with_the_reason(client, world, award):
    candidate = candidate_of(world, award)
    upload = SimpleUploadedFile(
        "perda.pdf", b"\x89PNG\r\n\x1a\n0000", "application/pdf"
    )

    response = signed_in(client, world, "panitia_a").post(
        f"/nominasi/kandidat/{candidate.pk}/regulasi/",
        {
            "aspect": "regulasi",
            "kind": "perda",
            "number": "3/2023",
            "issued_on": "2023-05-02",
            "title": "x",
            "file": upload,
        },
    )

    assert (response.status_code, Regulation.objects.count()) == (400, 0)
    assert response.context["regulation_form"].errors["file"] == [
        "perda.pdf is not a PDF file."
    ]


@pytest.mark.parametrize(
    ("key", "code"),
    [("panitia_a", 200), ("verifikator_cabang_a", 200), ("panitia_b", 404)],
)
def test_dossier_files_are_served_only_to_those_who_see_the_candidate(
    client, world, award, key, code
):
    regulation = RegulationFactory(candidate=candidate_of(world, award))

    response = signed_in(client, world, key).get(regulation.get_file_url())

    assert response.status_code == code


def test_dossier_files_are_served_with_their_checked_type(client, world, award):
    regulation = RegulationFactory(candidate=candidate_of(world, award))

    response = signed_in(client, world, "panitia_a").get(regulation.get_file_url())

    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )


def test_anonymous_visitors_cannot_fetch_dossier_files(client, world, award):
    regulation = RegulationFactory(candidate=candidate_of(world, award))

    response = client.get(regulation.get_file_url())

    assert response.status_code == 302


def test_a_verifier_verifies_an_innovation(client, world, award):
    innovation = InnovationFactory(candidate=candidate_of(world, award))

    signed_in(client, world, "verifikator_cabang_a").post(
        f"/nominasi/verifikasi/inovasi/{innovation.pk}/", {"verdict": "verified"}
    )

    innovation.refresh_from_db()
    assert innovation.verification == "verified"


def test_scheduling_a_shortlisted_candidate(client, world, award):
    _edition, category, round_ = award
    candidate = candidate_of(world, award, status=Candidate.Status.SHORTLISTED)
    slot = InterviewSlotFactory(round=round_, category=category)

    signed_in(client, world, "panitia_a").post(
        f"/nominasi/kandidat/{candidate.pk}/wawancara/", {"slot": slot.pk}
    )

    candidate.refresh_from_db()
    assert candidate.interview.slot == slot


def test_slot_page_adds_a_slot_in_wib(client, world, award):
    _edition, category, round_ = award

    signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/jadwal/",
        {
            "category": category.pk,
            "day": "2025-09-10",
            "starts": "09:00",
            "ends": "10:00",
            "mode": "daring",
            "meeting_link": "https://zoom.example/j/1",
        },
    )

    slot = round_.slots.get()
    assert (slot.starts_at.isoformat(), slot.mode) == (
        "2025-09-10T02:00:00+00:00",
        "daring",
    )


def test_calendar_download_is_an_ics_file(client, world, award):
    _edition, category, round_ = award
    InterviewSlotFactory(round=round_, category=category)

    response = signed_in(client, world, "panitia_a").get(
        "/nominasi/2025/provinsi/15/jadwal.ics"
    )

    assert (response["Content-Type"], response.content[:15]) == (
        "text/calendar; charset=utf-8",
        b"BEGIN:VCALENDAR",
    )


def test_round_page_finds_employers_of_the_province_by_name(client, world, award):
    found = EmployerFactory(name="PT Sawit Jambi", regency=world.reg_a2)
    EmployerFactory(name="PT Sawit Anambas", regency=world.reg_b1)

    response = signed_in(client, world, "panitia_a").get(
        "/nominasi/2025/provinsi/15/", {"pemberi_kerja": "sawit"}
    )

    field = response.context["add_form"].fields["found_employers"]
    assert list(field.queryset) == [found]


def test_adding_employers_ticked_in_the_search(client, world, award):
    edition, _category, _round = award
    business = CategoryFactory(edition=edition, subject_type="badan_usaha")
    employer = EmployerFactory(regency=world.reg_a2)

    signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/tambah/",
        {"category": business.pk, "found_employers": [employer.pk]},
    )

    assert [c.employer for c in Candidate.objects.all()] == [employer]


def test_calendar_key_opens_the_schedule_without_signing_in(client, world, award):
    _edition, category, round_ = award
    InterviewSlotFactory(round=round_, category=category)

    response = client.get(
        "/nominasi/2025/provinsi/15/jadwal.ics", {"kunci": calendar_key(round_)}
    )

    assert (response.status_code, response.content[:15]) == (200, b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("key", ["", "salah"])
def test_calendar_without_a_valid_key_needs_a_sign_in(client, world, award, key):
    response = client.get("/nominasi/2025/provinsi/15/jadwal.ics", {"kunci": key})

    assert (response.status_code, response["Location"].split("?")[0]) == (
        302,
        "/akun/masuk/",
    )


def test_calendar_key_of_one_round_does_not_open_another(client, world, award):
    edition, _category, round_ = award
    ProvincialRoundFactory(edition=edition, province=world.prov_b)

    response = client.get(
        "/nominasi/2025/provinsi/21/jadwal.ics", {"kunci": calendar_key(round_)}
    )

    assert response.status_code == 302


def test_committee_sets_its_own_round_dates(client, world, award):
    _edition, _category, round_ = award

    signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/",
        {"dates": "1", "interview__from": "2025-07-01", "interview__to": "2025-07-05"},
    )

    assert [(s.kind, s.starts_on, s.ends_on) for s in round_.stages.all()] == [
        ("interview", date(2025, 7, 1), date(2025, 7, 5))
    ]


def test_round_dates_ending_before_they_start_are_refused(client, world, award):
    _edition, _category, round_ = award

    response = signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/",
        {"dates": "1", "pleno__from": "2025-07-05", "pleno__to": "2025-07-01"},
        follow=True,
    )

    assert round_.stages.count() == 0
    assert "Plenary shortlist: a stage must end after it starts." in response.text


def test_candidate_page_query_count_does_not_grow_with_dossier_items(
    client, world, award, django_assert_num_queries
):
    _edition, category, round_ = award
    candidate = candidate_of(world, award, status=Candidate.Status.SHORTLISTED)
    client = signed_in(client, world, "verifikator_cabang_a")
    for factory in (RegulationFactory, InnovationFactory):
        factory(candidate=candidate, verified_by=world.users["admin"])
    InterviewSlotFactory(round=round_, category=category)
    client.get(candidate.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(candidate.get_absolute_url())
    for factory in (RegulationFactory, InnovationFactory) * 2:
        factory(candidate=candidate, verified_by=world.users["admin"])
    InterviewSlotFactory.create_batch(2, round=round_, category=category)

    with django_assert_num_queries(len(one)):
        client.get(candidate.get_absolute_url())


def test_adding_an_employer_typed_and_ticked_adds_it_once(client, world, award):
    edition, _category, _round = award
    business = CategoryFactory(edition=edition, subject_type="badan_usaha")
    employer = EmployerFactory(regency=world.reg_a2)

    signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/tambah/",
        {
            "category": business.pk,
            "found_employers": [employer.pk],
            "codes": employer.npp,
        },
    )

    assert Candidate.objects.count() == 1


def test_a_zone_category_of_other_provinces_is_not_offered(client, world, award):
    edition, category, _round = award
    zone_b = ZoneFactory(provinces=[world.prov_b])
    CategoryFactory(edition=edition, name="Zona B", zone=zone_b)

    response = signed_in(client, world, "panitia_a").get("/nominasi/2025/provinsi/15/")

    offered = response.context["add_form"].fields["category"].queryset
    assert list(offered) == [category]


def test_adding_an_innovation_to_a_closed_edition_says_why(client, world, award):
    edition, _category, _round = award
    candidate = candidate_of(world, award)
    edition.status = "closed"
    edition.save()

    response = signed_in(client, world, "panitia_a").post(
        f"/nominasi/kandidat/{candidate.pk}/inovasi/",
        {
            "aspect": "inovasi",
            "name": "Sikamseang",
            "description": "x",
            "started_on": "2024-01-01",
            "funding_source": "apbd",
        },
        follow=True,
    )

    assert (response.status_code, candidate.innovations.count()) == (200, 0)
    assert f"The {edition} edition is closed" in response.text


def test_round_dates_need_both_ends(client, world, award):
    _edition, _category, round_ = award

    response = signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/",
        {"dates": "1", "pleno__from": "2025-07-05"},
        follow=True,
    )

    assert round_.stages.count() == 0
    assert "Plenary shortlist: give both dates." in response.text


def test_copying_an_edition_warns_of_zones_the_new_year_lacks(client, world, award):
    edition, _category, _round = award
    zone = ZoneFactory(name="Zona Sumatera", year=2025, provinces=[world.prov_a])
    CategoryFactory(edition=edition, name="Provinsi — Zona Sumatera", zone=zone)

    response = signed_in(client, world, "admin").post(
        "/nominasi/2025/salin/", {"award_year": 2026}, follow=True
    )

    assert "these categories have no zone: Provinsi — Zona Sumatera." in response.text


def test_closed_round_page_offers_the_committee_no_stage_change(client, world, award):
    _edition, _category, round_ = award
    round_.status = "closed"
    round_.save()

    response = signed_in(client, world, "panitia_a").get("/nominasi/2025/provinsi/15/")

    assert (response.status_code, 'name="status"' in response.text) == (200, False)
    assert "only the national admin can reopen it" in response.text


def test_national_admin_reopens_a_round_from_its_page(client, world, award):
    _edition, _category, round_ = award
    round_.status = "closed"
    round_.save()

    response = signed_in(client, world, "admin").post(
        "/nominasi/2025/provinsi/15/",
        {"status": "determination", "reason": "Ditutup terlalu cepat."},
        follow=True,
    )

    round_.refresh_from_db()
    assert (response.status_code, round_.status) == (200, "determination")
    assert "Ditutup terlalu cepat." in response.text


def test_committee_reopening_its_round_by_post_is_forbidden(client, world, award):
    _edition, _category, round_ = award
    round_.status = "closed"
    round_.save()

    response = signed_in(client, world, "panitia_a").post(
        "/nominasi/2025/provinsi/15/", {"status": "scoring", "reason": "x"}
    )

    round_.refresh_from_db()
    assert (response.status_code, round_.status) == (403, "closed")


def test_adding_evidence_to_a_closed_round_says_why(client, world, award):
    _edition, _category, round_ = award
    innovation = InnovationFactory(candidate=candidate_of(world, award))
    round_.status = "closed"
    round_.save()

    response = signed_in(client, world, "panitia_a").post(
        f"/nominasi/inovasi/{innovation.pk}/bukti/",
        {"file": SimpleUploadedFile("a.pdf", PDF)},
        follow=True,
    )

    assert (response.status_code, innovation.evidence.count()) == (200, 0)
    assert "This province&#x27;s round is closed" in response.text


# Another province's codes answer exactly like unknown ones


def _answer(response):
    """Status and the messages, with the code asked for left out."""
    texts = [str(m) for m in response.context["messages"]] if response.context else []
    return response.status_code, texts


@pytest.mark.parametrize("subject", ["badan_usaha", "desa"])
def test_typed_codes_of_another_province_answer_like_unknown_ones(
    client, world, award, subject
):
    edition, _category, _round = award
    category = CategoryFactory(edition=edition, subject_type=subject)
    elsewhere = (
        EmployerFactory(npp="20000001", regency=world.reg_b1).npp
        if subject == "badan_usaha"
        else world.vil_b1.code
    )
    unknown = "20000009" if subject == "badan_usaha" else "21.05.01.2999"
    committee = signed_in(client, world, "panitia_a")

    answers = [
        _answer(
            committee.post(
                "/nominasi/2025/provinsi/15/tambah/",
                {"category": category.pk, "codes": code},
                follow=True,
            )
        )
        for code in (elsewhere, unknown)
    ]

    assert answers[0] == (
        200,
        [f"No desa or employer has these codes: {elsewhere}."],
    )
    assert answers[1] == (200, [f"No desa or employer has these codes: {unknown}."])
    assert Candidate.objects.count() == 0


def test_round_search_finds_another_province_npp_as_little_as_an_unknown_one(
    client, world, award
):
    elsewhere = EmployerFactory(npp="20000001", regency=world.reg_b1)
    committee = signed_in(client, world, "panitia_a")

    found = [
        list(
            committee.get("/nominasi/2025/provinsi/15/", {"pemberi_kerja": npp})
            .context["add_form"]
            .fields["found_employers"]
            .queryset
        )
        for npp in (elsewhere.npp, "20000009")
    ]

    assert found == [[], []]


@pytest.mark.parametrize("suffix", ["2024/", "2024/isi/", "2024/approve/"])
def test_employer_pages_of_another_province_answer_like_unknown_ones(
    client, world, suffix
):
    elsewhere = EmployerFactory(npp="20000001", regency=world.reg_b1)
    EmployerComplianceFactory(employer=elsewhere, year=2024)
    officer = signed_in(client, world, "petugas_a")
    method = officer.post if suffix.endswith("approve/") else officer.get

    answers = [
        (r.status_code, r.context.get("exception") if r.context else None)
        for r in (
            method(f"/nominasi/pemberi-kerja/{npp}/{suffix}")
            for npp in (elsewhere.npp, "20000009")
        )
    ]

    assert answers[0] == answers[1]
    assert answers[0][0] == 404


def test_employer_api_answers_another_province_like_an_unknown_npp(world):
    from rest_framework.test import APIClient

    EmployerFactory(npp="20000001", regency=world.reg_b1)
    api = APIClient()
    api.force_authenticate(world.users["petugas_a"])

    answers = [
        (r.status_code, r.json())
        for r in (
            api.get(f"/api/v1/employers/{npp}/") for npp in ("20000001", "20000009")
        )
    ]

    assert answers[0] == answers[1]
    assert answers[0][0] == 404


def _section(html, title_id):
    """The text of the page's section labelled by `title_id`, tags removed."""
    start = html.index(">", html.index(f'aria-labelledby="{title_id}"')) + 1
    section = html[start : html.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_round_page_shows_every_follower_the_stage_history(client, world, award):
    _edition, _category, round_ = award
    set_round_status(round_, "scoring", by=world.users["panitia_a"])
    set_round_status(round_, "closed", by=world.users["panitia_a"])
    admin = world.users["admin"]
    set_round_status(round_, "determination", by=admin, reason="Salah tutup.")

    response = signed_in(client, world, "verifikator_kanwil_a").get(
        "/nominasi/2025/provinsi/15/"
    )

    committee = world.users["panitia_a"].display_name
    history = re.sub(
        r"· \S+ \S+ \S+, \S+ WIB",
        "· (time)",
        _section(response.text, "round-steps-title"),
    )
    assert history == (
        f"Stage history Not started → to Scoring {committee} · (time) "
        f"Scoring → to Closed {committee} · (time) "
        f"Closed → to Determination {admin.display_name} · (time) Salah tutup."
    )


def test_round_page_without_moves_says_the_stage_was_not_changed(client, world, award):
    response = signed_in(client, world, "panitia_a").get("/nominasi/2025/provinsi/15/")

    assert _section(response.text, "round-steps-title") == (
        "Stage history The stage has not been changed yet."
    )


def test_candidate_page_shows_the_verification_history_of_each_item(
    client, world, award
):
    candidate = candidate_of(world, award)
    regulation = RegulationFactory(candidate=candidate)
    verifier = world.users["verifikator_kanwil_a"]
    verify_item(regulation, "rejected", by=verifier, reason="Tanpa tanda tangan.")
    verify_item(regulation, "verified", by=verifier)

    response = signed_in(client, world, "panitia_a").get(candidate.get_absolute_url())

    [row] = response.context["regulations"]
    history = [
        (s.from_status, s.to_status, s.by, s.reason)
        for s in row.verification_steps.all()
    ]
    assert history == [
        ("unverified", "rejected", verifier, "Tanpa tanda tangan."),
        ("rejected", "verified", verifier, ""),
    ]
    assert (
        'Not verified yet <span aria-hidden="true">→</span><span '
        'class="visually-hidden">to</span> <strong>Rejected</strong>'
    ) in response.text
    assert '<p class="timeline__reason">Tanpa tanda tangan.</p>' in response.text


@pytest.mark.parametrize(
    ("verification", "offered"),
    [
        ("unverified", ["verified", "rejected"]),
        ("verified", ["rejected"]),
        ("rejected", ["verified"]),
    ],
)
def test_verify_form_offers_only_the_verdicts_the_item_allows(
    client, world, award, verification, offered
):
    candidate = candidate_of(world, award)
    RegulationFactory(candidate=candidate, verification=verification)

    response = signed_in(client, world, "verifikator_kanwil_a").get(
        candidate.get_absolute_url()
    )

    values = re.findall(r'name="verdict" value="(\w+)"', response.text)
    assert values == offered
