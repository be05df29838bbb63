"""The certificate pages: the public verification (issued, revoked, unknown,
hostile codes) and the committee's round, batch, downloads, signatories and
revoking."""

import io
import zipfile

import pytest
from django.conf import settings
from django.test import Client

from nominations.models import Candidate
from publication.models import Certificate, CertificateBatch, Signatory
from publication.services import certificates
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def client_of(user=None) -> Client:
    """A client reading the pages in English (their source text)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def issued(winners):
    return certificates.issue(winners.edition, winners.world.prov_a)


def test_verify_shows_an_issued_certificates_record(issued, english):
    certificate = issued[0]

    response = client_of().get(f"/v/{certificate.code}/")

    text = response.content.decode()
    shown = [
        "Valid certificate",
        "Kabupaten Kerinci",
        "Kabupaten/Kota",
        "PRT/2025/15/KAB/001",
        "Juara 1",
        "Paritrana Award 2025",
        "Issued",
    ]
    assert (response.status_code, [s for s in shown if s not in text]) == (200, [])


def test_verify_says_a_revoked_certificate_is_revoked_with_date_and_reason(
    issued, winners, english
):
    certificate = certificates.revoke(
        issued[0], by=winners.world.users["admin"], reason="Data cakupan dikoreksi."
    )

    response = client_of().get(f"/v/{certificate.code}/")

    text = response.content.decode()
    date = certificate.revoked_at.astimezone().strftime("%Y")
    shown = ["This certificate has been revoked", "Data cakupan dikoreksi.", date]
    assert (response.status_code, [s for s in shown if s not in text]) == (200, [])


def test_verify_says_an_unknown_code_is_unknown(db, english):
    response = client_of().get("/v/ABCDEFGH/")

    assert (response.status_code, "Unknown code" in response.content.decode()) == (
        404,
        True,
    )


def test_verify_takes_a_code_in_lower_case(issued):
    certificate = issued[0]

    response = client_of().get(f"/v/{certificate.code.lower()}/")

    assert (response.status_code, response["Location"]) == (
        302,
        f"/v/{certificate.code}/",
    )


@pytest.mark.parametrize(
    "code",
    [
        "A" * 5000,
        "ABCDEFG%D9%A3",
        "%EF%BC%A1" * 8,
        "ABCDEFGO",
        "%C5%BFSSSSSSS",
        "'%20OR%201=1--",
    ],
)
def test_verify_answers_hostile_codes_with_404(db, code):
    response = client_of().get(f"/v/{code}/")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/v/%00/", "/v/ABCD%00EF/", "/piagam/2025/1%005/"])
def test_a_nul_byte_in_the_address_is_refused_with_400(db, path):
    response = client_of().get(path)

    assert response.status_code == 400


@pytest.mark.parametrize("code", ["\x00", "x" * 100, "ABCDEFG٣", "", "ABC"])
def test_lookup_refuses_a_malformed_code_with_400(db, code):
    response = client_of().get("/v/", {"code": code})

    assert response.status_code == 400


def test_lookup_sends_a_well_formed_code_to_its_page(db):
    response = client_of().get("/v/", {"code": " k7m2-xq9b "})

    assert (response.status_code, response["Location"]) == (302, "/v/K7M2XQ9B/")


def test_lookup_shows_the_form(db, english):
    response = client_of().get("/v/")

    assert (response.status_code, "Verification code" in response.content.decode()) == (
        200,
        True,
    )


def test_round_page_lists_the_winners_and_their_certificates(issued, winners, english):
    response = client_of(winners.world.users["panitia_a"]).get("/piagam/2025/15/")

    text = response.content.decode()
    shown = [
        "Kabupaten Kerinci",
        "Kota Jambi",
        issued[0].code,
        issued[1].number,
        "Dr. Al Haris",
    ]
    assert (response.status_code, [s for s in shown if s not in text]) == (200, [])


@pytest.mark.parametrize("size", [1, 3])
def test_round_page_queries_do_not_grow_with_winners(
    winners, size, django_assert_max_num_queries
):
    Candidate.objects.filter(pk=winners.second.pk).delete()
    for n in range(size - 1):
        CandidateFactory(
            category=winners.category,
            regency__province=winners.world.prov_a,
            regency__code=f"15.{10 + n}",
            status=Candidate.Status.PROVINCIAL_WINNER,
            provincial_rank=2 + n,
        )
    certificates.issue(winners.edition, winners.world.prov_a)
    client = client_of(winners.world.users["admin"])

    with django_assert_max_num_queries(12):
        response = client.get("/piagam/2025/15/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/piagam/2025/99/",
        "/piagam/99999999999999999999/15/",
        "/piagam/2024/15/",
        "/piagam/2025/%D9%A1%D9%A5/",
        "/piagam/2025/nasionalx/",
    ],
)
def test_round_page_answers_a_hostile_address_with_404(winners, path):
    response = client_of(winners.world.users["admin"]).get(path)

    assert response.status_code == 404


def test_national_round_is_the_national_admins_only(winners):
    admin = client_of(winners.world.users["admin"]).get("/piagam/2025/nasional/")

    panitia = client_of(winners.world.users["panitia_a"]).get("/piagam/2025/nasional/")

    assert (admin.status_code, panitia.status_code) == (200, 403)


def test_make_certificates_runs_the_batch_and_offers_the_zip(
    winners, django_capture_on_commit_callbacks
):
    client = client_of(winners.world.users["panitia_a"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/piagam/2025/15/buat/")

    batch = CertificateBatch.objects.get()
    status = client.get(f"/piagam/tugas/{batch.pk}/status/").json()
    download = client.get(f"/piagam/tugas/{batch.pk}/zip/")
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert response["Location"] == f"/piagam/tugas/{batch.pk}/"
    assert (status["status"], status["progress"], status["done"]) == ("done", 100, True)
    assert names == ["PRT-2025-15-KAB-001.pdf", "PRT-2025-15-KAB-002.pdf"]


def test_batch_page_shows_progress_while_running(winners, english):
    client = client_of(winners.world.users["panitia_a"])
    client.post("/piagam/2025/15/buat/")  # the tasks wait for the commit: never sent
    batch = CertificateBatch.objects.get()

    page = client.get(f"/piagam/tugas/{batch.pk}/")
    status = client.get(f"/piagam/tugas/{batch.pk}/status/").json()

    assert ("data-upload-progress" in page.content.decode(), status) == (
        True,
        {
            "status": "queued",
            "status_label": "Queued",
            "progress": 0,
            "done": False,
            "detail": "0 of 2 certificates made, 0 failed.",
        },
    )


def test_make_certificates_without_winners_says_so(winners):
    client = client_of(winners.world.users["panitia_b"])

    response = client.post("/piagam/2025/21/buat/", follow=True)

    assert (response.status_code, CertificateBatch.objects.count()) == (200, 0)


def test_pdf_download_is_the_certificate(issued, winners):
    certificates.render_certificate(issued[0])

    response = client_of(winners.world.users["panitia_a"]).get(
        f"/piagam/sertifikat/{issued[0].pk}/pdf/"
    )

    body = b"".join(response.streaming_content)
    assert (response.status_code, response["Content-Type"], body[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )


def test_pdf_download_of_an_unrendered_certificate_is_404(issued, winners):
    response = client_of(winners.world.users["admin"]).get(
        f"/piagam/sertifikat/{issued[0].pk}/pdf/"
    )

    assert response.status_code == 404


def test_revoke_by_the_national_admin(issued, winners):
    client = client_of(winners.world.users["admin"])

    response = client.post(
        f"/piagam/sertifikat/{issued[0].pk}/cabut/", {"reason": "Data dikoreksi."}
    )

    issued[0].refresh_from_db()
    assert (response.status_code, issued[0].status) == (302, "revoked")


@pytest.mark.parametrize("data", [{}, {"reason": "\x00"}, {"reason": "x" * 3000}])
def test_revoke_without_a_proper_reason_changes_nothing(issued, winners, data):
    client = client_of(winners.world.users["admin"])

    response = client.post(f"/piagam/sertifikat/{issued[0].pk}/cabut/", data)

    issued[0].refresh_from_db()
    assert (response.status_code, issued[0].status) == (302, "issued")


def test_committee_may_not_revoke(issued, winners):
    client = client_of(winners.world.users["panitia_a"])

    response = client.post(
        f"/piagam/sertifikat/{issued[0].pk}/cabut/", {"reason": "Salah."}
    )

    assert (
        response.status_code,
        Certificate.objects.filter(status="revoked").count(),
    ) == (
        403,
        0,
    )


def test_committee_adds_and_removes_a_signatory(winners):
    client = client_of(winners.world.users["panitia_a"])
    client.post(
        "/piagam/2025/15/penanda-tangan/",
        {"name": "Ir. Budi", "position": "Kepala Kanwil", "order": "2"},
    )
    added = Signatory.objects.get(name="Ir. Budi")

    client.post("/piagam/2025/15/penanda-tangan/", {"remove": str(added.pk)})

    names = list(Signatory.objects.values_list("name", flat=True))
    assert names == ["Dr. Al Haris"]


@pytest.mark.parametrize(
    "data",
    [
        {"remove": "\x00"},
        {"remove": "99999999999999999999999999"},
        {"remove": "١"},
        {"name": "a\x00b", "position": "Gubernur", "order": "1"},
        {"name": "Budi", "position": "Gubernur", "order": "٣"},
        {"name": "Budi", "position": "Gubernur", "order": "999999999999"},
        {"name": "x" * 500, "position": "Gubernur", "order": "1"},
    ],
)
def test_hostile_signatory_posts_change_nothing(winners, data):
    client = client_of(winners.world.users["panitia_a"])

    response = client.post("/piagam/2025/15/penanda-tangan/", data)

    names = list(Signatory.objects.values_list("name", flat=True))
    assert (response.status_code, names) == (302, ["Dr. Al Haris"])


def test_committee_of_another_province_may_not_add_signatories(winners):
    client = client_of(winners.world.users["panitia_b"])

    response = client.post(
        "/piagam/2025/15/penanda-tangan/", {"name": "X", "position": "Y", "order": "1"}
    )

    assert (response.status_code, Signatory.objects.count()) == (403, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/piagam/tugas/99999999999999999999999/",
        "/piagam/tugas/99999999999999999999999/status/",
        "/piagam/tugas/0/zip/",
        "/piagam/sertifikat/99999999999999999999999/pdf/",
    ],
)
def test_unknown_or_huge_ids_are_404(winners, path):
    response = client_of(winners.world.users["admin"]).get(path)

    assert response.status_code == 404


def test_huge_id_to_revoke_is_404(winners):
    response = client_of(winners.world.users["admin"]).post(
        "/piagam/sertifikat/99999999999999999999999/cabut/", {"reason": "x"}
    )

    assert response.status_code == 404


def test_zip_of_a_batch_still_running_is_404(winners):
    client = client_of(winners.world.users["admin"])
    client.post("/piagam/2025/15/buat/")  # never sent: the test's transaction
    batch = CertificateBatch.objects.get()

    response = client.get(f"/piagam/tugas/{batch.pk}/zip/")

    assert response.status_code == 404


def test_another_committee_may_not_see_a_batch(winners):
    client_of(winners.world.users["panitia_a"]).post("/piagam/2025/15/buat/")
    batch = CertificateBatch.objects.get()

    response = client_of(winners.world.users["panitia_b"]).get(
        f"/piagam/tugas/{batch.pk}/status/"
    )

    assert response.status_code == 403
