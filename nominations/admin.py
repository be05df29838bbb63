"""The award in Django's admin, for inspection and repair by the national admin;
committees, branch staff and verifiers use the portal's pages, which check
permissions and guards and record every step.

What moves through a workflow is read only here: a candidate's status, rank and
title (`nominations.services.candidates.take_action`), a dossier item's
verification (`nominations.services.dossiers.verify_item`), and a compliance record
as a whole, figures and review status (`review.admin.ReviewedRecordAdmin`, linked to
its page). Regions, employers and candidates are chosen by autocomplete, never
from a select of every row. Dossier files live in private storage, which has no
public URL: the admin links them to the download views, which check permission."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nominations.files import check_evidence
from nominations.models import (
    Candidate,
    CandidateStep,
    Category,
    Edition,
    Employer,
    EmployerCompliance,
    EvidenceFile,
    Innovation,
    Interview,
    InterviewSlot,
    ProvincialRound,
    Regulation,
    RoundStage,
    RoundStep,
    Stage,
    VerificationStep,
)
from nominations.services.editions import check_round_open, round_is_open
from regions.admin_years import YearsAsWrittenAdmin
from review.admin import AuditEntryInline, ReviewedRecordAdmin, StatusChangeInline
from review.workflow import ReviewError

VERIFICATION_FIELDS = ("verification", "rejection_reason", "verified_by", "verified_at")


class ReadOnlyInline(admin.TabularInline):
    """Rows shown for reference; they change on their own page or not at all."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HistoryAdmin(admin.ModelAdmin):
    """A record of what happened: never written by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ClosedRoundAdmin(admin.ModelAdmin):
    """Candidates, their dossier items and interviews of a closed round or edition
    are read only here too, as on the portal's pages (`check_round_open`)."""

    def candidate_of(self, obj: Any) -> Candidate:
        return obj.candidate

    def _is_open(self, obj: Any) -> bool:
        if obj is None:
            return True
        candidate = self.candidate_of(obj)
        return round_is_open(candidate.edition, candidate.province_id)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._is_open(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._is_open(obj)


class DownloadMixin:
    """Shows a dossier file as a link to the view that serves it to those who may
    read it: private storage has no public URL to link to."""

    @admin.display(description=_("file"))
    def download(self, item: Regulation | EvidenceFile) -> str:
        if not item.pk or not item.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', item.get_file_url(), item.original_name
        )


class ClosedRoundForm(forms.ModelForm):
    """Refuses dossier items for a candidate of a closed round or edition."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        holder = cleaned.get("candidate") or cleaned.get("innovation")
        candidate = getattr(holder, "candidate", holder)
        if candidate is not None:
            try:
                check_round_open(candidate.edition, candidate.province_id)
            except ReviewError as refused:
                raise forms.ValidationError(str(refused)) from None
        return cleaned


class DossierFileForm(ClosedRoundForm):
    """Checks an uploaded file by its content, as the portal's pages do, and keeps
    its name and type."""

    pdf_only = False

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            content_type = check_evidence(upload, pdf_only=self.pdf_only)
            self.instance.original_name = upload.name or ""
            self.instance.content_type = content_type
        return upload


class RegulationForm(DossierFileForm):
    pdf_only = True

    class Meta:
        model = Regulation
        fields = ["candidate", "aspect", "kind", "number", "issued_on", "title", "file"]


class EvidenceFileForm(DossierFileForm):
    class Meta:
        model = EvidenceFile
        fields = ["innovation", "file"]


class FileAdminMixin(DownloadMixin):
    """The file is uploaded when an item is added, and linked afterwards (a file
    input would ask private storage for the public URL it does not have)."""

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        if obj is None:
            return fields
        # In the file's place, instead of after the other read-only fields.
        shown = [name for name in fields if name != "download"]
        shown[shown.index("file")] = "download"
        return shown

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return [*readonly, "download"] if obj is not None else readonly


# Editions


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = [
        "name",
        "name_en",
        "parent",
        "subject_type",
        "scale",
        "sector",
        "zone",
        "position",
    ]
    autocomplete_fields = ["parent", "zone"]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Edition)
class EditionAdmin(YearsAsWrittenAdmin):
    list_display = ["name", "award_year", "assessment_year", "status", "advance_limit"]
    list_filter = ["status"]
    search_fields = ["name", "award_year"]
    inlines = [StageInline, CategoryInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_en",
        "edition",
        "parent",
        "subject_type",
        "scale",
        "sector",
    ]
    list_filter = ["edition", "subject_type", "scale", "sector"]
    search_fields = ["name", "name_en", "edition__name"]
    list_select_related = ["edition", "parent"]
    autocomplete_fields = ["parent", "zone"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["kind", "edition", "starts_on", "ends_on"]
    list_filter = ["edition", "kind"]
    list_select_related = ["edition"]


class RoundStageInline(admin.TabularInline):
    model = RoundStage
    extra = 0


@admin.register(ProvincialRound)
class ProvincialRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "province", "status"]
    list_filter = ["edition", "status"]
    search_fields = ["province__name", "province__code", "edition__name"]
    list_select_related = ["edition", "province"]
    autocomplete_fields = ["province"]
    inlines = [RoundStageInline]


@admin.register(RoundStage)
class RoundStageAdmin(admin.ModelAdmin):
    list_display = ["kind", "round", "starts_on", "ends_on"]
    list_filter = ["round__edition", "kind"]
    search_fields = ["round__province__name", "round__province__code"]
    list_select_related = ["round__edition", "round__province"]
    autocomplete_fields = ["round"]


# Employers


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "npp", "regency", "branch", "sector", "scale"]
    list_filter = ["sector", "scale"]
    search_fields = ["name", "npp"]
    list_select_related = ["regency", "branch"]
    autocomplete_fields = ["regency", "branch"]


@admin.register(EmployerCompliance)
class EmployerComplianceAdmin(ReviewedRecordAdmin):
    """Read only: figures, review status and version change on the record's page,
    through `nominations.services.compliance`."""

    list_display = ["employer", "year", "status", "version"]
    list_filter = ["status", "year"]
    search_fields = ["employer__name", "employer__npp"]
    list_select_related = ["employer"]
    autocomplete_fields = ["employer"]
    readonly_fields = ["status", "version", "updated_by", "created_at", "updated_at"]
    inlines = [StatusChangeInline, AuditEntryInline]


# Candidates


class CandidateStepInline(ReadOnlyInline):
    model = CandidateStep
    show_change_link = False
    fields = readonly_fields = ("at", "by", "action", "from_status", "to_status")


class RegulationInline(DownloadMixin, ReadOnlyInline):
    model = Regulation
    fields = readonly_fields = (
        "kind",
        "number",
        "title",
        "aspect",
        "verification",
        "download",
    )


class InnovationInline(ReadOnlyInline):
    model = Innovation
    fields = readonly_fields = ("name", "aspect", "started_on", "verification")


@admin.register(Candidate)
class CandidateAdmin(ClosedRoundAdmin):
    """Status, provincial rank and national title change only through the
    candidate's actions, which check guards and record each step."""

    list_display = [
        "__str__",
        "edition",
        "category",
        "province",
        "status",
        "provincial_rank",
    ]
    list_filter = ["edition", "status", "category__subject_type", "province"]
    search_fields = [
        "regency__name",
        "regency__code",
        "village__name",
        "village__code",
        "employer__name",
        "employer__npp",
        "province__name",
        "province__code",
    ]
    list_select_related = [
        "edition",
        "category",
        "province",
        "regency",
        "village",
        "employer",
    ]
    autocomplete_fields = ["category", "province", "regency", "village", "employer"]
    readonly_fields = ["status", "provincial_rank", "national_title", "created_at"]
    inlines = [CandidateStepInline, RegulationInline, InnovationInline]

    def candidate_of(self, obj: Any) -> Candidate:
        return obj


@admin.register(CandidateStep)
class CandidateStepAdmin(HistoryAdmin):
    """The record of what happened to candidates: never written by hand."""

    list_display = ["candidate", "action", "from_status", "to_status", "by", "at"]
    list_filter = ["action", "to_status"]
    search_fields = [
        "candidate__regency__name",
        "candidate__village__name",
        "candidate__employer__name",
        "candidate__province__name",
    ]
    list_select_related = [
        "candidate__province",
        "candidate__regency",
        "candidate__village",
        "candidate__employer",
        "candidate__category",
        "by",
    ]


class DossierItemAdmin(ClosedRoundAdmin):
    """What both kinds of dossier item share: the candidate by autocomplete, and a
    verification that only `verify_item` sets."""

    list_filter = ["verification", "aspect", "candidate__edition"]
    list_select_related = [
        "candidate__province",
        "candidate__regency",
        "candidate__village",
        "candidate__employer",
        "candidate__category",
    ]
    autocomplete_fields = ["candidate"]
    readonly_fields = [*VERIFICATION_FIELDS, "added_by", "added_at"]

    def save_model(
        self, request: HttpRequest, obj: Model, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            obj.added_by = request.user  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)


@admin.register(Regulation)
class RegulationAdmin(FileAdminMixin, DossierItemAdmin):
    form = RegulationForm
    list_display = ["__str__", "title", "candidate", "aspect", "verification"]
    search_fields = ["number", "title", "candidate__regency__name"]
    readonly_fields = [
        *DossierItemAdmin.readonly_fields,
        "original_name",
        "content_type",
    ]


class EvidenceInline(DownloadMixin, ReadOnlyInline):
    model = EvidenceFile
    fields = readonly_fields = ("original_name", "content_type", "download")


@admin.register(Innovation)
class InnovationAdmin(DossierItemAdmin):
    form = ClosedRoundForm
    list_display = ["name", "candidate", "aspect", "started_on", "verification"]
    search_fields = ["name", "candidate__regency__name"]
    inlines = [EvidenceInline]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(FileAdminMixin, ClosedRoundAdmin):
    form = EvidenceFileForm
    list_display = ["original_name", "innovation", "content_type", "uploaded_at"]
    search_fields = ["original_name", "innovation__name"]
    list_select_related = ["innovation"]
    autocomplete_fields = ["innovation"]
    readonly_fields = ["original_name", "content_type", "uploaded_by", "uploaded_at"]

    def candidate_of(self, obj: Any) -> Candidate:
        return obj.innovation.candidate

    def save_model(
        self, request: HttpRequest, obj: Model, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            obj.uploaded_by = request.user  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)


@admin.register(VerificationStep)
class VerificationStepAdmin(HistoryAdmin):
    list_display = ["__str__", "action", "regulation", "innovation", "by", "at"]
    list_filter = ["action", "to_status"]
    list_select_related = ["regulation", "innovation", "by"]


@admin.register(RoundStep)
class RoundStepAdmin(HistoryAdmin):
    list_display = ["round", "action", "from_status", "to_status", "by", "at"]
    list_filter = ["action", "round__edition"]
    list_select_related = ["round__edition", "round__province", "by"]


# Interviews


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0
    autocomplete_fields = ["candidate"]


@admin.register(InterviewSlot)
class InterviewSlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "category", "starts_at", "mode"]
    list_filter = ["mode", "round__edition"]
    search_fields = ["category__name", "round__province__name", "place"]
    list_select_related = ["round__edition", "round__province", "category"]
    autocomplete_fields = ["round", "category"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [InterviewInline]


@admin.register(Interview)
class InterviewAdmin(ClosedRoundAdmin):
    list_display = ["candidate", "slot", "head_attended"]
    list_filter = ["head_attended", "slot__round__edition"]
    search_fields = [
        "candidate__regency__name",
        "candidate__village__name",
        "candidate__employer__name",
    ]
    list_select_related = [
        "candidate__province",
        "candidate__regency",
        "candidate__village",
        "candidate__employer",
        "candidate__category",
        "slot__category",
    ]
    autocomplete_fields = ["candidate", "slot"]
