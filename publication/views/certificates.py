"""The committee's certificate pages: a round's winners and certificates, its
signatories, the batch that renders them with its progress, and the downloads."""

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.models import Edition
from publication.certificate_forms import SignatoryForm
from publication.models import Certificate, CertificateBatch, Signatory
from publication.services import certificates
from regions.models import Province
from review.filenames import in_language
from review.refusals import ReviewError

NATIONAL = "nasional"
MANAGE = "publication.manage_certificates"
PROVINCE_CODE = re.compile(r"[0-9]{2}", re.ASCII)


def round_of(request: HttpRequest, year: int, area: str) -> tuple[Edition, Any]:
    """The edition and province (None: national) the address names, if the user
    may manage its certificates."""
    if year > 9999:
        raise Http404
    edition = get_object_or_404(Edition, award_year=year)
    province = None
    if area != NATIONAL:
        if not PROVINCE_CODE.fullmatch(area):
            raise Http404
        province = get_object_or_404(Province, pk=area)
    if not request.user.has_perm(MANAGE, province):
        raise PermissionDenied
    return edition, province


@login_required
def round_page(request: HttpRequest, year: int, area: str) -> HttpResponse:
    """The round's winners with their certificates, signatories and last batch."""
    edition, province = round_of(request, year, area)
    found = {
        c.candidate_id: c
        for c in Certificate.objects.filter(edition=edition, province=province)
    }
    context = {
        "edition": edition,
        "province": province,
        "area": area,
        "rows": [(w, found.get(w.pk)) for w in certificates.winners(edition, province)],
        "signatories": Signatory.objects.filter(edition=edition, province=province),
        "form": SignatoryForm(),
        "batch": CertificateBatch.objects.filter(
            edition=edition, province=province
        ).first(),
        "may_revoke": request.user.has_perm("publication.revoke_certificate", province),
    }
    return render(request, "publication/certificates/round.html", context)


@login_required
@require_POST
def start(request: HttpRequest, year: int, area: str) -> HttpResponse:
    """Start rendering the round's certificates ("Buat piagam")."""
    edition, province = round_of(request, year, area)
    try:
        batch = certificates.start_batch(edition, province, by=request.user)
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect("certificates:round", year, area)
    return redirect(batch)


@login_required
@require_POST
def signatories(request: HttpRequest, year: int, area: str) -> HttpResponse:
    """Add a signatory to the round, or remove one (`remove`: its id)."""
    edition, province = round_of(request, year, area)
    if "remove" in request.POST:
        Signatory.objects.filter(
            edition=edition, province=province, pk=_id(request.POST["remove"])
        ).delete()
        messages.success(request, _("Signatory removed."))
        return redirect("certificates:round", year, area)
    form = SignatoryForm(request.POST)
    if not form.is_valid():
        for problems in form.errors.values():
            messages.error(request, " ".join(str(p) for p in problems))
        return redirect("certificates:round", year, area)
    form.instance.edition, form.instance.province = edition, province
    form.save()
    messages.success(request, _("Signatory added."))
    return redirect("certificates:round", year, area)


def _id(value: str) -> int:
    """A positive id from a form field; 0 (matching nothing) for anything else."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return 0
    return int(text)


def _batch(request: HttpRequest, pk: int) -> CertificateBatch:
    batch = get_object_or_404(
        CertificateBatch.objects.select_related("edition", "province"), pk=pk
    )
    if not request.user.has_perm(MANAGE, batch):
        raise PermissionDenied
    return batch


@login_required
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's progress bar, then its outcome and zip."""
    batch = _batch(request, pk)
    return render(
        request,
        "publication/certificates/batch.html",
        {"batch": batch, "detail": _describe(batch)},
    )


@login_required
def batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Where a batch is, for the progress bar."""
    batch = _batch(request, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "progress": batch.progress,
            "done": not batch.is_active,
            "detail": _describe(batch),
        }
    )


def _describe(batch: CertificateBatch) -> str:
    counts = {"done": batch.done, "failed": batch.failed, "total": batch.total}
    if batch.status == CertificateBatch.Status.FAILED and batch.error:
        return batch.error
    return _("%(done)s of %(total)s certificates made, %(failed)s failed.") % counts


@login_required
def zip_download(request: HttpRequest, pk: int) -> FileResponse:
    """The batch's certificates as one zip."""
    batch = _batch(request, pk)
    if not batch.zip_file:
        raise Http404
    stem = in_language("piagam", "certificates")
    name = f"{stem}-{batch.edition.award_year}-{batch.area}.zip"
    return FileResponse(batch.zip_file.open("rb"), as_attachment=True, filename=name)


@login_required
def pdf_download(request: HttpRequest, pk: int) -> FileResponse:
    """One certificate's PDF."""
    certificate = get_object_or_404(Certificate, pk=pk)
    if not request.user.has_perm(MANAGE, certificate):
        raise PermissionDenied
    if not certificate.pdf:
        raise Http404
    name = certificate.number.replace("/", "-") + ".pdf"
    return FileResponse(
        certificate.pdf.open("rb"), content_type="application/pdf", filename=name
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a certificate with a reason (the national admin)."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("edition"), pk=pk
    )
    if not request.user.has_perm("publication.revoke_certificate", certificate):
        raise PermissionDenied
    try:
        certificates.revoke(
            certificate, by=request.user, reason=request.POST.get("reason", "")
        )
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Certificate %(number)s revoked.") % {"number": certificate.number},
        )
    return redirect(
        "certificates:round", certificate.edition.award_year, certificate.area
    )
