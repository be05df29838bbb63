"""Upload pages: the upload form with templates and recent uploads; a batch's page
(progress, preview, problems, result); its status as JSON; commit and revert.

Thin: `participants.importers.batches` checks, saves and reverts (and hands large
files to the background jobs of `participants.tasks` itself), the templates module
writes the files.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants.forms.uploads import PrefilledTemplateForm, UploadForm
from participants.importers import (
    batches,
    jobs,
    problems,
    retention,
    template_jobs,
    templates,
)
from participants.importers.changes import (
    changes_csv,
    changes_filename,
    planned_changes,
)
from participants.importers.kinds import KINDS
from participants.models import CoverageReport, ImportBatch, PrefilledTemplate
from review.workflow import ReviewError

Status = ImportBatch.Status
Answer = TypeVar("Answer", bound=HttpResponseBase)
RUNNING = (Status.UPLOADED, Status.VALIDATING, Status.COMMITTING)
RECENT = 20
PROBLEMS_SHOWN = 1000
REPORTS_SHOWN = 50
CHANGES_SHOWN = 50  # values on the preview page; the download lists them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}


def uploader_only(view: Callable[..., Answer]) -> Callable[..., Answer]:
    """Sign in first; then only those who may upload (403 for the others)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Answer:
        if not request.user.has_perm("participants.upload_coverage"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@uploader_only
def upload_list(request: HttpRequest) -> HttpResponse:
    """The upload form, the templates and the user's recent uploads."""
    form = UploadForm(
        request.POST or None, request.FILES or None, initial=_kind(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = _start(form, by=request.user)
        except ReviewError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(batch)
    context = {
        "form": form,
        "prefilled": PrefilledTemplateForm(auto_id="prefilled_%s"),
        "kinds": [(kind, KINDS[kind]) for kind in ImportBatch.Kind],
        "recent": _recent(request.user),
        "background_bytes": batches.background_bytes(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "participants/upload_list.html", context, status=status)


def _kind(request: HttpRequest) -> dict[str, str]:
    """The kind asked for in ?kind= (when uploading a corrected file), if any."""
    kind = request.GET.get("kind", "")
    return {"kind": kind} if kind in ImportBatch.Kind.values else {}


def _start(form: UploadForm, *, by: Any) -> ImportBatch:
    """Keep the file and check it: now, or in the background when it is large."""
    upload = form.cleaned_data["file"]
    retention.check_quota(by, upload.size)
    data = upload.read()
    batch = batches.create_batch(data, upload.name, form.cleaned_data["kind"], by=by)
    return batches.start_check(batch)


def _recent(user: Any) -> list[tuple[ImportBatch, str]]:
    """The latest uploads (the user's own, or all for national admins), each with
    its kind's short name."""
    uploads = ImportBatch.objects.select_related("uploaded_by")
    if not user.has_perm("participants.view_all_uploads"):
        uploads = uploads.filter(uploaded_by=user)
    latest = uploads.order_by("-created_at", "-pk")[:RECENT]
    return [(batch, str(KINDS[ImportBatch.Kind(batch.kind)].title)) for batch in latest]


def _visible_batch(request: HttpRequest, pk: int) -> ImportBatch:
    """The batch, or 404 for anyone but its uploader and national admins."""
    batch = get_object_or_404(ImportBatch.objects.select_related("uploaded_by"), pk=pk)
    if not request.user.has_perm("participants.view_upload", batch):
        raise Http404(_("No such upload."))
    return batch


@login_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One upload: its progress, preview, problems or result."""
    batch = _visible_batch(request, pk)
    reports = _touched_reports(batch)
    locked = [report for report in reports if not report.is_editable]
    changes = planned_changes(batch, limit=CHANGES_SHOWN + 1)
    context = {
        "batch": batch,
        "kind": KINDS[ImportBatch.Kind(batch.kind)],
        "running": batch.status in RUNNING,
        "job_note": jobs.describe(batch),
        "can_retry": batch.status in RUNNING and jobs.is_stale(batch),
        "problems": problems.shown(batch.problems[:PROBLEMS_SHOWN]),
        "problems_capped": len(batch.problems) >= PROBLEMS_SHOWN,
        "notes": problems.notes_shown(batch.notes),
        "reports": reports[:REPORTS_SHOWN],
        "reports_more": max(0, len(reports) - REPORTS_SHOWN),
        "locked": locked[:10],
        "can_revert": batch.status == Status.COMMITTED and not locked,
        "would_change": _would_change(batch),
        "changes": changes[:CHANGES_SHOWN],
        "changes_more": len(changes) > CHANGES_SHOWN,
    }
    return render(request, "participants/upload_detail.html", context)


def _touched_reports(batch: ImportBatch) -> list[CoverageReport]:
    """The reports a saved upload changed (one query)."""
    if batch.status not in (Status.COMMITTED, Status.REVERTED):
        return []
    return list(
        CoverageReport.objects.filter(pk__in=batch.audit_entries.values("object_id"))
        .select_related("province", "regency")
        .order_by("year", "province_id", F("regency_id").asc(nulls_first=True))
    )


def _would_change(batch: ImportBatch) -> bool:
    counts = batch.counts or {}
    return bool(counts.get("new") or counts.get("changed"))


@login_required
def upload_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every value saving a checked upload would change, as CSV."""
    batch = _visible_batch(request, pk)
    data = changes_csv(planned_changes(batch))
    return _download(data, changes_filename(batch), "csv")


@login_required
def upload_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Where a batch is, for the progress bar."""
    batch = _visible_batch(request, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "progress": batch.progress,
            "done": batch.status not in RUNNING,
            "detail": jobs.describe(batch),
        }
    )


@require_POST
@login_required
def upload_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a checked upload: now, or in the background when the file is large."""
    batch = _visible_batch(request, pk)
    try:
        batch = batches.save(batch, by=request.user)
    except (ReviewError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You may not save this file."))
    else:
        if batch.status == Status.REJECTED:  # a success shows on the page itself
            messages.error(
                request, _("The file no longer passes the check: see below.")
            )
    return redirect(batch)


@require_POST
@login_required
def upload_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue again a background job that stopped or waits for the queue."""
    batch = _visible_batch(request, pk)
    try:
        queued = batches.retry_job(batch, by=request.user)
    except (ReviewError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You may not retry this job."))
    else:
        messages.info(request, _retry_message(batch, queued))
    return redirect(batch)


def _retry_message(batch: ImportBatch, queued: bool) -> str:
    batch.refresh_from_db()
    if not queued:
        return _("The job is still running: nothing to retry.")
    if batch.job_state == ImportBatch.JobState.WAITING:
        return _(
            "The job queue still cannot be reached; the job will start automatically "
            "when it is back."
        )
    return _("The job was queued again.")


@require_POST
@login_required
def upload_revert(request: HttpRequest, pk: int) -> HttpResponse:
    """Put back the values a saved upload replaced."""
    batch = _visible_batch(request, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the revert."))
        return redirect(batch)
    try:
        batches.revert(batch, by=request.user)
    except (ReviewError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You may not revert this file."))
    else:
        messages.success(
            request, _("The upload was reverted: the earlier values are back.")
        )
    return redirect(batch)


@uploader_only
def upload_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A blank template (header and example rows) as CSV or XLSX."""
    upload_kind = KINDS[ImportBatch.Kind(kind)]
    if fmt == "csv":
        data = templates.csv_template(upload_kind)
    else:
        data = templates.xlsx_template(
            upload_kind, title=template_jobs.title(upload_kind)
        )
    return _download(data, templates.template_filename(upload_kind, fmt), fmt)


@uploader_only
def upload_prefilled(request: HttpRequest) -> HttpResponse:
    """An XLSX template with the user's regions and their current figures."""
    form = PrefilledTemplateForm(request.GET)
    if not form.is_valid():
        raise Http404(_("Choose a kind and a year."))
    upload_kind = KINDS[ImportBatch.Kind(form.cleaned_data["kind"])]
    year = form.cleaned_data["year"]
    if template_jobs.is_large(upload_kind, request.user):
        job = template_jobs.request(upload_kind, year, by=request.user)
        return redirect("participants:prefilled_job", pk=job.pk)
    data = template_jobs.prefilled_xlsx(upload_kind, request.user, year)
    return _download(
        data, templates.template_filename(upload_kind, "xlsx", year), "xlsx"
    )


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    return HttpResponse(
        data,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _visible_template(request: HttpRequest, pk: int) -> PrefilledTemplate:
    """The pre-filled template, or 404 for anyone but the uploaders it serves."""
    template = get_object_or_404(PrefilledTemplate, pk=pk)
    if not request.user.has_perm("participants.view_prefilled_template", template):
        raise Http404(_("No such template."))
    return template


@uploader_only
def prefilled_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A large pre-filled template being prepared (its progress), then its download."""
    template = _visible_template(request, pk)
    context = {
        "template": template,
        "kind": KINDS[ImportBatch.Kind(template.kind)],
        "running": template.status in template_jobs.ACTIVE,
        "job_note": template_jobs.describe(template),
    }
    return render(request, "participants/prefilled_job.html", context)


@uploader_only
def prefilled_job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Where the template's job is, for the progress bar."""
    template = _visible_template(request, pk)
    return JsonResponse(
        {
            "status": template.status,
            "status_label": template.get_status_display(),
            "progress": template.progress,
            "done": template.status not in template_jobs.ACTIVE,
            "detail": template_jobs.describe(template),
        }
    )


@uploader_only
def prefilled_job_file(request: HttpRequest, pk: int) -> FileResponse:
    """The prepared template, named in the reader's language."""
    template = _visible_template(request, pk)
    if template.status != PrefilledTemplate.Status.READY or not template.file:
        raise Http404(_("The template is not ready yet."))
    kind = KINDS[ImportBatch.Kind(template.kind)]
    return FileResponse(
        template.file.open("rb"),
        as_attachment=True,
        filename=templates.template_filename(kind, "xlsx", template.year),
        content_type=XLSX,
    )
