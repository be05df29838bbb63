"""Adding dossier items with their files, and verifying them."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.files import check_evidence
from nominations.models import (
    Candidate,
    EvidenceFile,
    Innovation,
    Regulation,
    Verification,
)
from nominations.services.editions import check_open, check_round_open
from participants.workflow import ReviewError

DossierItem = Regulation | Innovation


def _may_edit(candidate: Candidate, by: Any) -> None:
    if not by.has_perm("nominations.edit_dossier", candidate):
        raise PermissionDenied(_("You may not change this candidate's dossier."))


@transaction.atomic
def add_regulation(
    candidate: Candidate, upload: UploadedFile, *, by: Any, **fields: Any
) -> Regulation:
    """Attach a regulation with its PDF (checked by content) to the dossier."""
    _may_edit(candidate, by)
    check_round_open(candidate.edition, candidate.province_id)
    content_type = check_evidence(upload, pdf_only=True)
    regulation = Regulation(
        candidate=candidate,
        added_by=by,
        original_name=upload.name or "",
        content_type=content_type,
        **fields,
    )
    regulation.full_clean(exclude=["file"])
    _store(regulation, upload, "regulasi.pdf")
    return regulation


def _store(item: Regulation | EvidenceFile, upload: UploadedFile, name: str) -> None:
    """Save the file, then the row; the file is removed again if the row fails (a
    rolled-back transaction does not remove files)."""
    item.file.save(upload.name or name, upload, save=False)
    try:
        item.save()
    except Exception:
        item.file.delete(save=False)
        raise


def add_innovation(candidate: Candidate, *, by: Any, **fields: Any) -> Innovation:
    """Add an innovation to the dossier (its evidence files come separately)."""
    _may_edit(candidate, by)
    check_round_open(candidate.edition, candidate.province_id)
    innovation = Innovation(candidate=candidate, added_by=by, **fields)
    innovation.full_clean()
    innovation.save()
    return innovation


def add_evidence(
    innovation: Innovation, upload: UploadedFile, *, by: Any
) -> EvidenceFile:
    """Attach a PDF, JPEG or PNG (checked by content) to an innovation."""
    _may_edit(innovation.candidate, by)
    content_type = check_evidence(upload)
    evidence = EvidenceFile(
        innovation=innovation,
        original_name=upload.name or "",
        content_type=content_type,
        uploaded_by=by,
    )
    _store(evidence, upload, "bukti")
    if innovation.verification != Verification.UNVERIFIED:
        _set_verification(innovation, Verification.UNVERIFIED, by=None, reason="")
    return evidence


def verify_item(item: DossierItem, verdict: str, *, by: Any, reason: str = "") -> None:
    """Set an item's verification: verified, or rejected with a reason."""
    if not by.has_perm("nominations.verify_dossier", item.candidate):
        raise PermissionDenied(_("You may not verify this candidate's dossier."))
    check_open(item.candidate.edition)
    if verdict not in (Verification.VERIFIED, Verification.REJECTED):
        raise ReviewError(_("Choose verified or rejected."))
    if verdict == Verification.REJECTED and not reason.strip():
        raise ReviewError(_("Give a reason, so that the committee knows what to fix."))
    _set_verification(item, verdict, by=by, reason=reason.strip())


def _set_verification(item: DossierItem, verdict: str, *, by: Any, reason: str) -> None:
    item.verification = verdict
    item.rejection_reason = reason if verdict == Verification.REJECTED else ""
    item.verified_by = by
    item.verified_at = timezone.now() if by else None
    item.save(
        update_fields=["verification", "rejection_reason", "verified_by", "verified_at"]
    )
