"""Issuing, rendering, zipping and revoking the certificates (piagam) of a round.

A round is an edition's province (its provincial winners, juara 1–3) or the
national round (province None: the national winners). Issuing gives each winner a
certificate with a number and a verification code that never change. A batch
renders them: one task per certificate, each counted off the batch's `pending`
list under a row lock; the task that empties the list sends the one that zips
them (the embedded broker has no result backend for a chord). Every step renews
the batch's lease; the periodic sweep sends again the work of a batch whose lease
ran out (a worker killed, a broker that was down), at most
CERTIFICATE_BATCH_MAX_ATTEMPTS times. Rendering an unchanged certificate keeps its
PDF (same content hash)."""

import io
import logging
import secrets
import zipfile
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Candidate, Edition, SubjectType
from publication import certificate_pdf, tasks
from publication.models import Certificate, CertificateBatch, Signatory
from publication.models.certificates import CODE_ALPHABET, CODE_LENGTH
from review.refusals import ReviewError, clean_text
from scoring.services.jobs import QUEUE_ERRORS

logger = logging.getLogger(__name__)
Status = CertificateBatch.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)
# A provincial winner keeps its provincial certificate when it goes on.
PROVINCIAL_WINNERS = (
    Candidate.Status.PROVINCIAL_WINNER,
    Candidate.Status.ADVANCED,
    Candidate.Status.NATIONAL_FINALIST,
    Candidate.Status.NATIONAL_WINNER,
)
ABBREVIATIONS: dict[str, str] = {
    SubjectType.PROVINSI: "PROV",
    SubjectType.KAB_KOTA: "KAB",
    SubjectType.DESA: "DESA",
    SubjectType.BADAN_USAHA: "BU",
    SubjectType.USAHA_KECIL_MIKRO: "UKM",
    SubjectType.LAYANAN_PUBLIK: "LP",
    SubjectType.PERGURUAN_TINGGI: "PT",
}
REASON_LIMIT = 2000


def lease_seconds() -> int:
    return int(getattr(settings, "CERTIFICATE_BATCH_LEASE_SECONDS", 300))


def max_attempts() -> int:
    return int(getattr(settings, "CERTIFICATE_BATCH_MAX_ATTEMPTS", 3))


def winners(edition: Edition, province: Any) -> QuerySet[Candidate]:
    """The round's winners: juara 1–3 of the province, or the national winners."""
    found = Candidate.objects.filter(edition=edition).select_related(
        "category", "province", "regency", "village", "employer"
    )
    if province is None:
        return found.filter(status=Candidate.Status.NATIONAL_WINNER).order_by(
            "category__position", "category_id", "pk"
        )
    return found.filter(
        province=province,
        status__in=PROVINCIAL_WINNERS,
        provincial_rank__in=(1, 2, 3),
    ).order_by("category__position", "category_id", "provincial_rank")


def title_of(candidate: Candidate, province: Any) -> tuple[str, int | None]:
    """The printed title and place. The certificate is printed in Bahasa Indonesia
    only, so its title is composed in Indonesian, like the names it holds."""
    category = candidate.category.name
    if province is None:
        title = candidate.national_title or "Juara Nasional"
        return f"{title} — Kategori {category}", None
    place = candidate.provincial_rank
    return f"Juara {place} — Kategori {category}", place


def new_code() -> str:
    """A random verification code that no certificate holds yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Certificate.objects.filter(code=code).exists():
            return code


def _prefix(edition: Edition, province: Any, candidate: Candidate) -> str:
    area = province.pk if province is not None else "NAS"
    kind = ABBREVIATIONS.get(candidate.category.subject_type, "LAIN")
    return f"PRT/{edition.award_year}/{area}/{kind}/"


def _next_number(prefix: str) -> str:
    """The next free number of the prefix (the caller holds the edition's lock)."""
    taken = Certificate.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


def issue_one(
    candidate: Candidate, province: Any, *, demo: bool = False
) -> Certificate:
    """The winner's certificate of the round, created or its title brought up to
    date; number and code never change. The caller holds the edition's lock."""
    title, place = title_of(candidate, province)
    found = Certificate.objects.filter(candidate=candidate, province=province).first()
    if found is None:
        return Certificate.objects.create(
            edition_id=candidate.edition_id,
            candidate=candidate,
            province=province,
            title=title,
            place=place,
            number=_next_number(_prefix(candidate.edition, province, candidate)),
            code=new_code(),
            is_demo=demo,
        )
    if not found.is_revoked and (found.title, found.place) != (title, place):
        found.title, found.place = title, place
        found.save(update_fields=["title", "place"])
    return found


def issue(edition: Edition, province: Any, *, demo: bool = False) -> list[Certificate]:
    """Certificates for every winner of the round (see `issue_one`)."""
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=edition.pk)
        return [issue_one(c, province, demo=demo) for c in winners(edition, province)]


def signatories_of(edition_id: int, province_id: Any) -> list[Signatory]:
    return list(
        Signatory.objects.filter(edition_id=edition_id, province_id=province_id)
    )


def _loaded(certificate_id: int) -> Certificate:
    return Certificate.objects.select_related(
        "edition",
        "candidate__category",
        "candidate__province",
        "candidate__regency",
        "candidate__village",
        "candidate__employer",
    ).get(pk=certificate_id)


def render_certificate(
    certificate: Certificate, signatories: list[Signatory] | None = None
) -> bool:
    """Render the certificate's PDF unless what it prints is unchanged and its file
    is there; returns whether it was rendered."""
    if signatories is None:
        signatories = signatories_of(certificate.edition_id, certificate.province_id)
    content = certificate_pdf.printed(certificate, signatories)
    digest = certificate_pdf.content_hash(content)
    storage = certificate.pdf.storage
    name = certificate.pdf.name
    if digest == certificate.content_hash and name and storage.exists(name):
        return False
    pdf = certificate_pdf.render_pdf(content)
    name = f"certificates/{certificate.code}.pdf"
    if storage.exists(name):
        storage.delete(name)
    name = storage.save(name, ContentFile(pdf))
    certificate.pdf.name, certificate.content_hash = name, digest
    certificate.generated_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=name, content_hash=digest, generated_at=certificate.generated_at
    )
    return True


def start_batch(edition: Edition, province: Any, *, by: Any) -> CertificateBatch:
    """Issue the round's certificates and queue a batch rendering them; the batch
    already running for the round, if there is one."""
    if not by.has_perm("publication.manage_certificates", province):
        raise PermissionDenied(_("You may not make this round's certificates."))
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=edition.pk)
        running = _active_batch(edition, province)
        if running is not None:
            return running
        found = [issue_one(c, province) for c in winners(edition, province)]
        pending = [c.pk for c in found if not c.is_revoked]
        if not pending:
            raise ReviewError(_("This round has no winners to make certificates for."))
        batch = CertificateBatch.objects.create(
            edition=edition,
            province=province,
            requested_by=by,
            total=len(pending),
            pending=pending,
            lease_until=timezone.now() + timedelta(seconds=lease_seconds()),
        )
        transaction.on_commit(lambda: send(batch.pk, pending))
    return batch


def _active_batch(edition: Edition, province: Any) -> CertificateBatch | None:
    return CertificateBatch.objects.filter(
        edition=edition, province=province, status__in=ACTIVE
    ).first()


def send(batch_id: int, pending: list[int]) -> bool:
    """Queue a task per certificate still to render, or the zip when none is left;
    False (the sweep sends again) when the queue cannot be reached."""
    try:
        for certificate_id in pending:
            tasks.task_render_certificate.apply_async(
                kwargs={"batch_id": batch_id, "certificate_id": certificate_id}
            )
        if not pending:
            tasks.task_zip_certificates.apply_async(kwargs={"batch_id": batch_id})
    except QUEUE_ERRORS as error:
        logger.warning(
            "Certificate batch %s waits for the job queue: %s", batch_id, error
        )
        return False
    return True


def render_in_batch(batch_id: int, certificate_id: int) -> bool:
    """Render a certificate of the batch and count it off; False when the batch has
    counted it already (a second delivery) or is finished."""
    batch = CertificateBatch.objects.filter(pk=batch_id).first()
    if batch is None or not batch.is_active or certificate_id not in batch.pending:
        return False
    CertificateBatch.objects.filter(pk=batch_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    try:
        render_certificate(_loaded(certificate_id))
        rendered = True
    except DatabaseError:
        raise
    except Exception:
        # One broken certificate must not stop the others: counted as failed.
        logger.exception("Certificate %s could not be rendered", certificate_id)
        rendered = False
    return _count(batch_id, certificate_id, rendered=rendered)


def _count(batch_id: int, certificate_id: int, *, rendered: bool) -> bool:
    """Take the certificate off the batch's list under the batch's lock; the last
    one sends the zip."""
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().get(pk=batch_id)
        if not batch.is_active or certificate_id not in batch.pending:
            return False
        batch.pending = [i for i in batch.pending if i != certificate_id]
        if rendered:
            batch.done += 1
        else:
            batch.failed += 1
        batch.lease_until = timezone.now() + timedelta(seconds=lease_seconds())
        batch.save(update_fields=["pending", "done", "failed", "lease_until"])
        if not batch.pending:
            transaction.on_commit(lambda: send(batch_id, []))
    return True


def zip_batch(batch_id: int) -> str:
    """Zip the round's rendered certificates into the batch and close it; returns
    its status (a finished batch is left as it is)."""
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().get(pk=batch_id)
        if not batch.is_active or batch.pending:
            return str(batch.status)
        archive = _archive(batch)
        year = batch.edition.award_year
        name = f"certificates/zip/piagam-{year}-{batch.area}-{batch.pk}.zip"
        batch.zip_file.name = batch.zip_file.storage.save(name, ContentFile(archive))
        batch.status = Status.DONE if batch.done else Status.FAILED
        if batch.failed:
            batch.error = _(
                "%(count)s certificates could not be rendered; make the batch again."
            ) % {"count": batch.failed}
        batch.finished_at, batch.lease_until = timezone.now(), None
        batch.save()
    return str(batch.status)


def _archive(batch: CertificateBatch) -> bytes:
    """The round's issued certificates that have a PDF, as one zip."""
    buffer = io.BytesIO()
    found = Certificate.objects.filter(
        edition_id=batch.edition_id,
        province_id=batch.province_id,
        status=Certificate.Status.ISSUED,
    ).exclude(pdf="")
    # PDFs are compressed already: stored as they are.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for certificate in found:
            with certificate.pdf.open("rb") as pdf:
                archive.writestr(
                    f"{certificate.number.replace('/', '-')}.pdf", pdf.read()
                )
    return buffer.getvalue()


def sweep() -> int:
    """Send again the work of every batch whose lease ran out; returns how many."""
    now = timezone.now()
    stuck = CertificateBatch.objects.filter(status__in=ACTIVE, lease_until__lt=now)
    sent = 0
    for batch_id in stuck.values_list("pk", flat=True):
        try:
            sent += resend(batch_id)
        except DatabaseError:  # a task is writing it right now: next sweep
            logger.warning(
                "Certificate batch %s: busy, left for the next sweep", batch_id
            )
    return sent


def resend(batch_id: int) -> bool:
    """Send a stuck batch's remaining work again, or fail it when it has stopped
    too often."""
    with transaction.atomic():
        batch = (
            CertificateBatch.objects.select_for_update(skip_locked=True)
            .filter(pk=batch_id, status__in=ACTIVE, lease_until__lt=timezone.now())
            .first()
        )
        if batch is None:
            return False
        batch.attempts += 1
        if batch.attempts > max_attempts():
            batch.status, batch.finished_at, batch.lease_until = (
                Status.FAILED,
                timezone.now(),
                None,
            )
            batch.error = _(
                "The batch stopped %(count)s times before finishing, so it was given "
                "up. Make the certificates again; if it stops again, tell the "
                "national admin."
            ) % {"count": batch.attempts - 1}
            batch.save()
            return False
        batch.lease_until = timezone.now() + timedelta(seconds=lease_seconds())
        batch.save(update_fields=["attempts", "lease_until"])
        pending = list(batch.pending)
        transaction.on_commit(lambda: send(batch_id, pending))
    return True


def revoke(certificate: Certificate, *, by: Any, reason: str) -> Certificate:
    """Revoke the certificate, saying why; its verification page says so."""
    if not by.has_perm("publication.revoke_certificate", certificate):
        raise PermissionDenied(_("You may not revoke certificates."))
    return revoke_as(certificate, by=by, reason=reason)


def revoke_as(certificate: Certificate, *, by: Any, reason: str) -> Certificate:
    """Revoke without asking for permission (the demo; `revoke` asks)."""
    reason = clean_text(reason, field=_("reason for revoking"), limit=REASON_LIMIT)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise ReviewError(_("This certificate is revoked already."))
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_reason = reason
        certificate.revoked_by = by
        certificate.revoked_at = timezone.now()
        certificate.save(
            update_fields=["status", "revoked_reason", "revoked_by", "revoked_at"]
        )
    return certificate
