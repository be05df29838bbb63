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
    VerificationStep,
)
from nominations.services.editions import check_round_open
from nominations.transitions import VERDICTS, VERIFICATION, VERIFY_DOSSIER
from review.workflow import ReviewError

DossierItem = Regulation | Innovation


def _may_edit(candidate: Candidate, by: Any) -> None:
    """Permission first, then the round: a closed round or edition refuses."""
    if not by.has_perm("nominations.edit_dossier", candidate):
        raise PermissionDenied(_("You may not change this candidate's dossier."))
    check_round_open(candidate.edition, candidate.province_id)


@transaction.atomic
def add_regulation(
    candidate: Candidate, upload: UploadedFile, *, by: Any, **fields: Any
) -> Regulation:
    """Attach a regulation with its PDF (checked by content) to the dossier."""
    _may_edit(candidate, by)
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
    innovation = Innovation(candidate=candidate, added_by=by, **fields)
    innovation.full_clean()
    innovation.save()
    return innovation


@transaction.atomic
def add_evidence(
    innovation: Innovation, upload: UploadedFile, *, by: Any
) -> EvidenceFile:
    """Attach a PDF, JPEG or PNG (checked by content) to an innovation; a verified
    or rejected innovation goes back to "not verified yet", noted in its history."""
    _may_edit(innovation.candidate, by)
    content_type = check_evidence(upload)
    locked = Innovation.objects.select_for_update().get(pk=innovation.pk)
    evidence = EvidenceFile(
        innovation=locked,
        original_name=upload.name or "",
        content_type=content_type,
        uploaded_by=by,
    )
    _store(evidence, upload, "bukti")
    if locked.verification != Verification.UNVERIFIED:
        reason = _("New evidence was added: %(name)s. It needs verifying again.") % {
            "name": evidence.original_name
        }
        _set_verification(locked, "reset", by=by, reason=reason)
        innovation.verification = Verification.UNVERIFIED
    return evidence


@transaction.atomic
def verify_item(item: DossierItem, verdict: str, *, by: Any, reason: str = "") -> None:
    """Set an item's verification along `VERIFICATION`: verified, or rejected with a
    reason; the verdict is logged as a `VerificationStep`."""
    if not by.has_perm(VERIFY_DOSSIER, item.candidate):
        raise PermissionDenied(_("You may not verify this candidate's dossier."))
    check_round_open(item.candidate.edition, item.candidate.province_id)
    if verdict not in VERDICTS:
        raise ReviewError(_("Choose verified or rejected."))
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    _set_verification(locked, VERDICTS[verdict], by=by, reason=reason)
    item.verification = locked.verification


def _set_verification(item: DossierItem, action: str, *, by: Any, reason: str) -> None:
    """Move a locked item's verification (who and when only for a verifier's
    verdict) and log the step in the item's history."""
    verdict = VERIFICATION.check(item, action, reason=reason).target
    is_verdict = verdict != Verification.UNVERIFIED
    reason = reason.strip()
    VerificationStep.objects.create(
        **{"regulation" if isinstance(item, Regulation) else "innovation": item},
        action=action,
        from_status=item.verification,
        to_status=verdict,
        by=by,
        reason=reason,
    )
    item.verification = verdict
    item.rejection_reason = reason if verdict == Verification.REJECTED else ""
    item.verified_by = by if is_verdict else None
    item.verified_at = timezone.now() if is_verdict else None
    item.save(
        update_fields=["verification", "rejection_reason", "verified_by", "verified_at"]
    )
