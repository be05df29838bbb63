"""A certificate (piagam) as PDF: what it prints (a plain dict, whose hash tells
whether the PDF must be rendered again) and the rendering itself with WeasyPrint,
A4 landscape, in Bahasa Indonesia, fonts of the system (DejaVu, by name), nothing
fetched (`review.pdf`). The style sheet is
templates/publication/certificates/certificate_pdf.css."""

import hashlib
import json
from functools import cache
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from review import pdf

# Bump when the template changes what is printed: every PDF is rendered again.
LAYOUT_VERSION = 1


def verify_url(code: str) -> str:
    """The public address the certificate's QR code opens."""
    return settings.SITE_URL + reverse("certificates:verify", args=[code])


def qr_data_uri(url: str) -> str:
    """The QR code of the address as a PNG data URI (segno: pure Python; a PNG
    lays out faster than the SVG)."""
    return segno.make(url, error="m").png_data_uri(scale=4, border=2)


def printed(certificate: Any, signatories: list[Any]) -> dict[str, Any]:
    """Everything the certificate prints, in Bahasa Indonesia."""
    candidate = certificate.candidate
    with translation.override("id"):
        issued = formats.date_format(timezone.localtime(certificate.issued_at), "j F Y")
    return {
        "layout": LAYOUT_VERSION,
        "edition": certificate.edition.name,
        "year": certificate.edition.award_year,
        "category": candidate.category.name,
        "title": certificate.title,
        "name": candidate.subject_name,
        "province": candidate.province.name,
        "is_national": certificate.province_id is None,
        "number": certificate.number,
        "code": certificate.code,
        "verify_url": verify_url(certificate.code),
        "issued": issued,
        "signatories": [[s.name, s.position] for s in signatories],
        "is_demo": certificate.is_demo,
    }


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of what is printed: equal hashes, equal certificates."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def render_html(content: dict[str, Any]) -> str:
    """The certificate's HTML, in Bahasa Indonesia."""
    with translation.override("id"):
        return render_to_string(
            "publication/certificates/certificate_pdf.html",
            {
                "c": content,
                "qr": qr_data_uri(content["verify_url"]),
            },
        )


@cache
def stylesheet() -> Any:
    """The certificate's style sheet, parsed once per process."""
    return pdf.stylesheet(
        render_to_string("publication/certificates/certificate_pdf.css")
    )


def render_pdf(content: dict[str, Any]) -> bytes:
    """The certificate as PDF bytes (about 50 ms of CPU with HarfBuzz subsetting)."""
    return pdf.html_to_pdf(render_html(content), [stylesheet()])
