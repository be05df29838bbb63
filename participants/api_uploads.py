"""Upload jobs over HTTP: send a CSV or XLSX file of one kind, follow its check
(status, progress, problems), then confirm it to save. The upload form's own
validation (`participants.forms.uploads.UploadForm`) and the importer's services
(`participants.importers.batches`) decide, as on the upload page."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from participants.forms.uploads import UploadForm
from participants.importers import batches, jobs, problems, retention
from participants.importers.changes import Change, planned_changes
from participants.models import ImportBatch
from review.numbers import whole_number
from review.workflow import ReviewError

PROBLEMS_SHOWN = 1000
RUNNING = (
    ImportBatch.Status.UPLOADED,
    ImportBatch.Status.VALIDATING,
    ImportBatch.Status.COMMITTING,
)
PROBLEM = inline_serializer(
    "UploadProblem",
    {
        "row": serializers.IntegerField(help_text=gettext_lazy("0: the whole file")),
        "column": serializers.CharField(allow_blank=True),
        "value": serializers.CharField(allow_blank=True),
        "reason": serializers.CharField(),
    },
    many=True,
)
CHANGES_SHOWN = 50
CHANGE = inline_serializer(
    "UploadChange",
    {
        "region": serializers.CharField(),
        "region_name": serializers.CharField(allow_blank=True),
        "year": serializers.IntegerField(),
        "path": serializers.CharField(),
        "field": serializers.CharField(),
        "old": serializers.JSONField(allow_null=True),
        "new": serializers.JSONField(allow_null=True),
    },
    many=True,
)
CONFLICT = OpenApiResponse(
    inline_serializer("UploadConflict", {"detail": serializers.CharField()}),
    description=gettext_lazy(
        "Not possible in the upload's state (still checking, rejected, saved)."
    ),
)


class UploadSerializer(serializers.ModelSerializer):
    """An upload and where its check or save is: `done` once nothing runs."""

    done = serializers.SerializerMethodField()
    detail = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "original_name",
            "status",
            "progress",
            "done",
            "detail",
            "counts",
            "problems",
            "notes",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_done(self, batch: ImportBatch) -> bool:
        return batch.status not in RUNNING

    def get_detail(self, batch: ImportBatch) -> str:
        """What the background job is doing, if one runs."""
        return jobs.describe(batch)

    @extend_schema_field(PROBLEM)
    def get_problems(self, batch: ImportBatch) -> list[dict[str, Any]]:
        """The first problems of a rejected file: row, column, value, reason."""
        return problems.shown(batch.problems[:PROBLEMS_SHOWN])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_notes(self, batch: ImportBatch) -> list[str]:
        """What the uploader should know although the file can be saved."""
        return problems.notes_shown(batch.notes)


class UploadDetailSerializer(UploadSerializer):
    """An upload with what saving it would change (its first values)."""

    changes = serializers.SerializerMethodField()
    changes_more = serializers.SerializerMethodField()

    class Meta(UploadSerializer.Meta):
        fields = [*UploadSerializer.Meta.fields, "changes", "changes_more"]
        read_only_fields = fields

    @extend_schema_field(CHANGE)
    def get_changes(self, batch: ImportBatch) -> list[dict[str, Any]]:
        """The first values a checked upload would change: region, year, field,
        stored and new value (all of them: the page's CSV download)."""
        found = self._changes(batch)
        return [change.as_dict() for change in found[:CHANGES_SHOWN]]

    def get_changes_more(self, batch: ImportBatch) -> bool:
        """Whether saving changes more values than `changes` lists."""
        return len(self._changes(batch)) > CHANGES_SHOWN

    def _changes(self, batch: ImportBatch) -> list[Change]:
        if not hasattr(self, "_found"):
            self._found = planned_changes(batch, limit=CHANGES_SHOWN + 1)
        return self._found


class UploadInputSerializer(serializers.Serializer):
    """The multipart body, for the schema; the upload form validates it."""

    kind = serializers.ChoiceField(choices=ImportBatch.Kind.choices)
    file = serializers.FileField(
        help_text=gettext_lazy("A CSV or XLSX file with the template's header row.")
    )


class UploadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Upload jobs of coverage data: your own (every one for national admins),
    newest first. POST a file (multipart: `kind`, `file`); the check runs at
    once or, for a large file, in the background: read the upload until `done`.
    A checked upload (`validated`) is saved by `confirm`; a rejected one lists
    its `problems`."""

    queryset = ImportBatch.objects.all()
    serializer_class = UploadSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_class = None

    def get_queryset(self) -> QuerySet[ImportBatch]:
        uploads = ImportBatch.objects.order_by("-created_at", "-pk")
        if self.request.user.has_perm("participants.view_all_uploads"):
            return uploads
        return uploads.filter(uploaded_by_id=self.request.user.pk)

    def get_object(self) -> ImportBatch:
        pk = whole_number(str(self.kwargs["pk"]))
        found = ImportBatch.objects.filter(pk=pk).first() if pk else None
        user = self.request.user
        if found is None or not user.has_perm("participants.view_upload", found):
            raise NotFound()
        return found

    @extend_schema(responses={200: UploadDetailSerializer})
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(UploadDetailSerializer(self.get_object()).data)

    @extend_schema(
        request={"multipart/form-data": UploadInputSerializer},
        responses={201: UploadDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        """Send a file to check; nothing is saved before `confirm`."""
        if not request.user.has_perm("participants.upload_coverage"):
            raise PermissionDenied(_("You may not upload coverage data."))
        if not isinstance(request.data, Mapping):  # a JSON list or value
            message = _("Send the file and its kind as multipart/form-data fields.")
            return Response(_refusal_body(message), status=400)
        form = UploadForm(request.data, request.FILES)
        if not form.is_valid():
            return _form_errors(form)
        upload = form.cleaned_data["file"]
        try:  # the quota and the size limit, refused as the form refuses them
            retention.check_quota(request.user, upload.size)
            batch = batches.create_batch(
                upload.read(), upload.name, form.cleaned_data["kind"], by=request.user
            )
        except ReviewError as refused:
            return Response(_refusal_body(str(refused)), status=400)
        batch = batches.start_check(batch)
        return Response(UploadDetailSerializer(batch).data, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: UploadDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """Save a checked upload (in the background when the file is large)."""
        batch = self.get_object()
        if not request.user.has_perm("participants.change_upload", batch):
            raise PermissionDenied(_("You may not save this file."))
        batch = batches.save(batch, by=request.user)
        return Response(UploadDetailSerializer(batch).data)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ReviewError):
            return Response({"detail": str(exc)}, status=409)
        return super().handle_exception(exc)


def _form_errors(form: UploadForm) -> Response:
    rows = [
        {"field": field, "rule": error.code or "invalid", "message": str(error.message)}
        for field, errors in form.errors.as_data().items()
        for error in errors
    ]
    return Response(_refusal_body("", rows), status=400)


def _refusal_body(message: str, rows: list[dict[str, Any]] | None = None) -> Any:
    rows = rows or [{"field": "file", "rule": "refused", "message": message}]
    return {
        "detail": message or _("The file was not accepted; correct the errors listed."),
        "errors": rows,
        "warnings": [],
    }
