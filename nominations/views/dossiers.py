"""A candidate's dossier: adding regulations, innovations and evidence, verifying
them, and serving their files to those who may see the candidate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.forms.rounds import (
    EvidenceForm,
    InnovationForm,
    RegulationForm,
    VerifyForm,
)
from nominations.models import Candidate, EvidenceFile, Innovation, Regulation
from nominations.services import dossiers
from nominations.views.candidates import _context, visible_candidate
from review.workflow import ReviewError

ITEMS: dict[str, type[Model]] = {"regulasi": Regulation, "inovasi": Innovation}


def _require(request: HttpRequest, permission: str, candidate: Candidate) -> None:
    """403 before the form is read for those who see the candidate but may not act."""
    if not request.user.has_perm(permission, candidate):
        raise PermissionDenied


def _invalid(request: HttpRequest, candidate: object, **forms: object) -> HttpResponse:
    """The candidate's page again with the form's errors (400)."""
    messages.error(request, _("Nothing was saved: see the errors in the form."))
    context = _context(request, candidate, **forms)  # type: ignore[arg-type]
    return render(request, "nominations/candidate_detail.html", context, status=400)


@login_required
@require_POST
def regulation_add(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    _require(request, "nominations.edit_dossier", candidate)
    form = RegulationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, candidate, regulation_form=form)
    fields = {k: v for k, v in form.cleaned_data.items() if k != "file"}
    try:
        dossiers.add_regulation(
            candidate, form.cleaned_data["file"], by=request.user, **fields
        )
    except ValidationError as refused:
        form.add_error("file", refused)
        return _invalid(request, candidate, regulation_form=form)
    except ReviewError as refused:
        messages.error(request, str(refused))
        return redirect(candidate)
    messages.success(request, _("The regulation was added."))
    return redirect(candidate)


@login_required
@require_POST
def innovation_add(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    _require(request, "nominations.edit_dossier", candidate)
    form = InnovationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, candidate, innovation_form=form)
    try:
        dossiers.add_innovation(candidate, by=request.user, **form.cleaned_data)
    except ReviewError as refused:
        messages.error(request, str(refused))
        return redirect(candidate)
    messages.success(request, _("The innovation was added."))
    return redirect(candidate)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = get_object_or_404(Innovation, pk=pk)
    candidate = visible_candidate(request, innovation.candidate_id)
    _require(request, "nominations.edit_dossier", candidate)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a file."))
        dossiers.add_evidence(innovation, form.cleaned_data["file"], by=request.user)
        messages.success(request, _("The evidence was added."))
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    except ReviewError as refused:
        messages.error(request, str(refused))
    return redirect(candidate)


@login_required
@require_POST
def item_verify(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = ITEMS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    candidate = visible_candidate(request, item.candidate_id)  # type: ignore[attr-defined]
    _require(request, "nominations.verify_dossier", candidate)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            dossiers.verify_item(
                item,  # type: ignore[arg-type]
                form.cleaned_data["verdict"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The verification was saved."))
        except ReviewError as refused:
            messages.error(request, str(refused))
    return redirect(candidate)


def _serve(
    request: HttpRequest, item: Regulation | EvidenceFile, candidate_id: int
) -> FileResponse:
    """The file inline, with its checked type, to those who may see the candidate."""
    visible_candidate(request, candidate_id)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def regulation_file(request: HttpRequest, pk: int) -> FileResponse:
    regulation = get_object_or_404(Regulation, pk=pk)
    return _serve(request, regulation, regulation.candidate_id)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("innovation"), pk=pk
    )
    return _serve(request, evidence, evidence.innovation.candidate_id)
