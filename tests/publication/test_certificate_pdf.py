"""The certificate PDF: what it prints, its QR code, its page, and that it fetches
nothing but local fonts and data URIs."""

import io

import pytest
import segno
from pypdf import PdfReader

from publication import certificate_pdf
from publication.models import Signatory
from publication.services.certificates import issue, render_certificate
from review import pdf

pytestmark = pytest.mark.django_db


def pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_prints_name_category_title_number_code_and_signatory(winners):
    certificate = issue(winners.edition, winners.world.prov_a)[0]

    render_certificate(certificate)

    text = pdf_text(certificate)
    printed = [
        "Paritrana Award 2025".upper(),
        "Kabupaten Kerinci",
        "Jambi",
        "Kategori Kabupaten/Kota",
        "Juara 1",
        "PRT/2025/15/KAB/001",
        certificate.code,
        f"http://127.0.0.1:8000/v/{certificate.code}/",
        "Dr. Al Haris",
        "Gubernur",
    ]
    assert [piece for piece in printed if piece not in text] == []


def test_pdf_is_one_a4_landscape_page(winners):
    certificate = issue(winners.edition, winners.world.prov_a)[0]

    render_certificate(certificate)

    with certificate.pdf.open("rb") as file:
        pages = PdfReader(io.BytesIO(file.read())).pages
    box = pages[0].mediabox
    assert (len(pages), round(float(box.width)), round(float(box.height))) == (
        1,
        842,
        595,
    )


def test_qr_code_encodes_the_verification_address(winners, settings):
    settings.SITE_URL = "https://paritrana.example.go.id"
    certificate = issue(winners.edition, winners.world.prov_a)[0]
    expected = f"https://paritrana.example.go.id/v/{certificate.code}/"

    content = certificate_pdf.printed(certificate, [])
    html = certificate_pdf.render_html(content)

    qr = segno.make(expected, error="m")
    assert (content["verify_url"], qr.png_data_uri(scale=4, border=2) in html) == (
        expected,
        True,
    )


def test_qr_payload_matrix_equals_segno_encoding_of_the_address():
    uri = certificate_pdf.qr_data_uri("http://127.0.0.1:8000/v/K7M2XQ9B/")

    other = certificate_pdf.qr_data_uri("http://127.0.0.1:8000/v/K7M2XQ9C/")

    expected = segno.make("http://127.0.0.1:8000/v/K7M2XQ9B/", error="m")
    assert (uri == expected.png_data_uri(scale=4, border=2), uri == other) == (
        True,
        False,
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://fonts.googleapis.com/css?family=Roboto",
        "file:///etc/passwd",
        "file:///usr/share/fonts/truetype/dejavu/../../../../etc/hostname",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses_anything_but_local_fonts_and_data(url):
    fetcher = pdf.local_fetcher()

    with pytest.raises(ValueError, match=r"refused|disallowed"):
        fetcher.fetch(url)


def test_fetcher_reads_a_local_font():
    fetcher = pdf.local_fetcher()

    response = fetcher.fetch("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

    assert response is not None


def test_rendering_an_unchanged_certificate_keeps_its_file(winners):
    certificate = issue(winners.edition, winners.world.prov_a)[0]
    render_certificate(certificate)
    before = (certificate.pdf.name, certificate.content_hash, certificate.generated_at)

    again = render_certificate(certificate)

    certificate.refresh_from_db()
    after = (certificate.pdf.name, certificate.content_hash, certificate.generated_at)
    assert (again, after) == (False, before)


def test_a_new_signatory_renders_the_certificate_again_same_number_and_code(winners):
    certificate = issue(winners.edition, winners.world.prov_a)[0]
    render_certificate(certificate)
    old_hash = certificate.content_hash
    Signatory.objects.create(
        edition=winners.edition,
        province=winners.world.prov_a,
        name="Ir. Budi",
        position="Kepala Kanwil",
        order=2,
    )

    again = render_certificate(certificate)

    certificate.refresh_from_db()
    assert (
        again,
        certificate.content_hash != old_hash,
        "Ir. Budi" in pdf_text(certificate),
    ) == (
        True,
        True,
        True,
    )
    assert issue(winners.edition, winners.world.prov_a)[0].code == certificate.code
