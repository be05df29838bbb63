"""Evidence files checked by what they contain (nominations.files.check_evidence):
PDF, JPEG and PNG only, within the size limit, named as what they are. The files are
real ones, written by Pillow."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nominations.files import check_evidence, sniff

pytestmark = pytest.mark.usefixtures("english")


def _real(kind):
    """The bytes of a small real file of the kind: PDF, JPEG or PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, kind)
    return buffer.getvalue()


PDF, JPEG, PNG = _real("PDF"), _real("JPEG"), _real("PNG")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64)
TEXT = b"Perda Nomor 3 Tahun 2023 tentang Perlindungan Pekerja\n"


def _refusal(name, content, **options):
    with pytest.raises(ValidationError) as refused:
        check_evidence(SimpleUploadedFile(name, content), **options)
    return refused.value.messages


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PDF[:16], "application/pdf"),
        (JPEG[:16], "image/jpeg"),
        (PNG[:16], "image/png"),
        (EXE[:16], None),
        (TEXT[:16], None),
        (b"", None),
    ],
    ids=["pdf", "jpeg", "png", "exe", "text", "empty"],
)
def test_sniff_tells_the_type_by_the_first_bytes(head, expected):
    result = sniff(head)

    assert result == expected


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("perda.pdf", PDF, "application/pdf"),
        ("PERDA.PDF", PDF, "application/pdf"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("tangkapan.png", PNG, "image/png"),
    ],
)
def test_check_evidence_accepts_pdf_jpeg_and_png(name, content, expected):
    upload = SimpleUploadedFile(name, content)

    result = check_evidence(upload)

    assert (result, upload.read()) == (expected, content)


def test_check_evidence_pdf_only_accepts_a_pdf():
    result = check_evidence(SimpleUploadedFile("perda.pdf", PDF), pdf_only=True)

    assert result == "application/pdf"


def test_check_evidence_refuses_an_empty_file():
    messages = _refusal("perda.pdf", b"")

    assert messages == ["The file is empty."]


def test_check_evidence_accepts_a_file_of_the_limit(settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF)

    result = check_evidence(SimpleUploadedFile("perda.pdf", PDF))

    assert result == "application/pdf"


def test_check_evidence_refuses_a_file_over_the_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 1024

    messages = _refusal("perda.pdf", PDF[:8] + bytes(2048 - 8))

    assert messages == ["The file is 2.0\xa0KB; at most 1.0\xa0KB is accepted."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "setup.exe is not a PDF, JPEG, PNG file."),
        ("catatan.pdf", TEXT, "catatan.pdf is not a PDF, JPEG, PNG file."),
        (
            "tangkapan.pdf",
            PNG,
            "tangkapan.pdf is named as PDF but contains PNG; rename or export it "
            "again.",
        ),
        (
            "perda.png",
            PDF,
            "perda.png is named as PNG but contains PDF; rename or export it again.",
        ),
        (
            "foto.png",
            JPEG,
            "foto.png is named as PNG but contains JPEG; rename or export it again.",
        ),
        (
            "perda.exe",
            PDF,
            "perda.exe is named as another type but contains PDF; rename or export "
            "it again.",
        ),
        (
            "perda",
            PDF,
            "perda is named as another type but contains PDF; rename or export it "
            "again.",
        ),
    ],
    ids=[
        "exe",
        "text-named-pdf",
        "png-named-pdf",
        "pdf-named-png",
        "jpeg-named-png",
        "pdf-named-exe",
        "no-extension",
    ],
)
def test_check_evidence_refuses_what_is_not_what_it_is_named(name, content, message):
    messages = _refusal(name, content)

    assert messages == [message]


@pytest.mark.parametrize(
    ("name", "content"),
    [("foto.jpg", JPEG), ("tangkapan.png", PNG), ("perda.pdf", TEXT)],
    ids=["jpeg", "png", "text"],
)
def test_check_evidence_pdf_only_refuses_anything_else(name, content):
    messages = _refusal(name, content, pdf_only=True)

    assert messages == [f"{name} is not a PDF file."]
