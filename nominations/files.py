"""Checking an evidence file by what it contains, not by its name: only PDF, JPEG and
PNG are kept, and a file whose content contradicts its name is refused."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show, if it is one we keep."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def check_evidence(upload: UploadedFile, *, pdf_only: bool = False) -> str:
    """The file's content type; raises ValidationError with the reason to show."""
    limit = settings.EVIDENCE_MAX_BYTES
    if not upload.size:
        raise ValidationError(_("The file is empty."))
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s is accepted.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    upload.seek(0)
    allowed = ("application/pdf",) if pdf_only else tuple(NAMES)
    if content_type not in allowed:
        kinds = "PDF" if pdf_only else "PDF, JPEG, PNG"
        raise ValidationError(
            _("%(name)s is not a %(kinds)s file.")
            % {"name": upload.name, "kinds": kinds}
        )
    named = EXTENSIONS.get(PurePath(upload.name or "").suffix.lower())
    if named != content_type:
        raise ValidationError(
            _(
                "%(name)s is named as %(named)s but contains %(real)s; rename or "
                "export it again."
            )
            % {
                "name": upload.name,
                "named": NAMES.get(named or "", _("another type")),
                "real": NAMES[content_type],
            }
        )
    return content_type
