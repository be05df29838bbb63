"""A certificate (piagam) as PDF: what it prints (a plain dict, whose hash tells
whether the PDF must be rendered again) and the rendering itself with WeasyPrint,
A4 landscape, in Bahasa Indonesia, fonts of the system (DejaVu, by name), nothing
fetched. The style sheet is templates/publication/certificates/certificate_pdf.css."""

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

# Bump when the template changes what is printed: every PDF is rendered again.
LAYOUT_VERSION = 1
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


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


def local_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads only data URIs and the system fonts."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://") and _is_font(url[len("file://") :]):
                return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:80]}")

    return LocalOnly(allowed_protocols={"data", "file"}, timeout=1)


def _is_font(path: str) -> bool:
    resolved = Path(path).resolve()
    return resolved.is_relative_to(FONT_DIR) and resolved.suffix == ".ttf"


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
def font_config() -> Any:
    """One font configuration per process: building one per document costs about
    a third of the rendering."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def stylesheet() -> Any:
    """The certificate's style sheet, parsed once per process."""
    from weasyprint import CSS

    text = render_to_string("publication/certificates/certificate_pdf.css")
    return CSS(string=text, font_config=font_config(), url_fetcher=local_fetcher())


def render_pdf(content: dict[str, Any]) -> bytes:
    """The certificate as PDF bytes (about 50 ms of CPU with HarfBuzz subsetting)."""
    from weasyprint import HTML  # ~0.8 s to import: only where PDFs are made

    html = HTML(string=render_html(content), url_fetcher=local_fetcher())
    return bytes(html.write_pdf(stylesheets=[stylesheet()], font_config=font_config()))
