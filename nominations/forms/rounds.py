"""Forms of a provincial round: adding candidates, moving them, the dossier and the
interview schedule."""

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from nominations.models import (
    PROVINCIAL_KINDS,
    Aspect,
    Candidate,
    Category,
    Edition,
    Employer,
    Innovation,
    InterviewSlot,
    Regulation,
    Stage,
)
from regions.models import Province, Regency, Village
from review.numbers import EMPTY_CHOICE, IndonesianIntegerField, with_blank

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _choices(form: forms.Form, name: str, queryset: Any) -> None:
    """Limit a model choice field to a queryset known only at run time."""
    field = cast(forms.ModelChoiceField, form.fields[name])
    field.queryset = queryset


def search_employers(employers: Any, text: str, *, most: int = 50) -> Any:
    """Employers whose name contains the text or whose NPP starts with it."""
    text = text.strip()
    if not text:
        return employers.none()
    found = employers.filter(Q(name__icontains=text) | Q(npp__startswith=text))
    return found.select_related("regency").order_by("name")[:most]


class AddCandidatesForm(forms.Form):
    """Which category, and which regions or employers (none: every kab/kota)."""

    category = forms.ModelChoiceField(
        Category.objects.none(), label=_("Category"), empty_label=EMPTY_CHOICE
    )
    regencies = forms.ModelMultipleChoiceField(
        Regency.objects.none(),
        label=_("Kab/kota"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to add every kab/kota of the province."),
    )
    found_employers = forms.ModelMultipleChoiceField(
        Employer.objects.none(),
        label=_("Employers found"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    codes = forms.CharField(
        label=_("Desa codes or employer NPPs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For desa and business categories: one per line or separated by commas."
        ),
    )

    def __init__(
        self,
        *args: Any,
        edition: Any,
        province: Province,
        employer_search: str = "",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.province = province
        _choices(self, "category", edition.categories.open_to(province))
        _choices(self, "regencies", Regency.objects.active().filter(province=province))
        employers = Employer.objects.filter(regency__province=province)
        if not self.is_bound:  # the page lists only the search's matches
            employers = search_employers(employers, employer_search)
        _choices(self, "found_employers", employers)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tokens = [t.strip() for t in data.get("codes", "").replace(",", "\n").split()]
        tokens = [t for t in tokens if t]
        # Codes of another province answer exactly like unknown ones.
        data["villages"] = list(
            Village.objects.filter(
                code__in=tokens, district__regency__province=self.province
            )
        )
        typed = Employer.objects.filter(
            npp__in=tokens, regency__province=self.province
        ).select_related("regency")
        ticked = list(data.get("found_employers") or [])
        data["employers"] = list({e.pk: e for e in [*typed, *ticked]}.values())
        found = {v.code for v in data["villages"]} | {e.npp for e in data["employers"]}
        unknown = [t for t in tokens if t not in found]
        if unknown:
            self.add_error(
                "codes",
                _("No desa or employer has these codes: %(codes)s.")
                % {"codes": ", ".join(unknown[:10])},
            )
        return data


class RecordIdsField(forms.ModelMultipleChoiceField):
    """Records ticked by id; anything but a plain id of at most 18 ASCII digits is
    refused before the database sees it (SQLite overflows on larger numbers)."""

    def clean(self, value: Any) -> Any:
        for pk in value or []:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super().clean(value)


class ShortlistForm(forms.Form):
    """The ticked candidates of a round's table, to shortlist in one go."""

    candidates = RecordIdsField(
        Candidate.objects.none(),
        label=_("Candidates"),
        error_messages={"required": _("Tick the candidates to shortlist.")},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices(self, "candidates", candidates)


class ActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rank = forms.TypedChoiceField(
        label=_("Rank"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=with_blank(
            [(1, _("Winner 1")), (2, _("Winner 2")), (3, _("Winner 3"))]
        ),
    )
    title = forms.CharField(label=_("National title"), required=False, max_length=120)


class RegulationForm(forms.ModelForm):
    class Meta:
        model = Regulation
        fields = ["aspect", "kind", "number", "issued_on", "title", "file"]
        widgets = {"issued_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aspect"].initial = Aspect.REGULASI
        self.fields["file"].help_text = _("A PDF of the signed document.")


class InnovationForm(forms.ModelForm):
    beneficiaries = IndonesianIntegerField(label=_("Beneficiaries"))
    budget = IndonesianIntegerField(label=_("Budget (rupiah)"))

    class Meta:
        model = Innovation
        fields = [
            "aspect",
            "name",
            "description",
            "started_on",
            "beneficiaries",
            "budget",
            "funding_source",
        ]
        widgets = {"started_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aspect"].initial = Aspect.INOVASI


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), help_text=_("PDF, JPEG or PNG."))


class VerifyForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[("verified", _("Verified")), ("rejected", _("Rejected"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for rejection"), required=False, max_length=2000
    )


class SlotForm(forms.Form):
    """A slot's day and times in WIB (Asia/Jakarta)."""

    category = forms.ModelChoiceField(
        Category.objects.none(), label=_("Category"), empty_label=EMPTY_CHOICE
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("From (WIB)"), widget=TIME)
    ends = forms.TimeField(label=_("To (WIB)"), widget=TIME)
    mode = forms.ChoiceField(label=_("Mode"), choices=InterviewSlot.Mode.choices)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    meeting_link = forms.URLField(
        label=_("Meeting link"), required=False, assume_scheme="https"
    )

    def __init__(
        self,
        *args: Any,
        edition: Any,
        province: Any,
        slot: InterviewSlot | None = None,
        **kwargs: Any,
    ) -> None:
        if slot is not None:
            kwargs.setdefault("initial", self._initial(slot))
        super().__init__(*args, **kwargs)
        _choices(self, "category", edition.categories.open_to(province))
        if self.data.get("overlap_confirmed"):
            self.offer_overlap()

    @staticmethod
    def _initial(slot: InterviewSlot) -> dict[str, Any]:
        starts, ends = localtime(slot.starts_at), localtime(slot.ends_at)
        return {
            "category": slot.category_id,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "mode": slot.mode,
            "place": slot.place,
            "meeting_link": slot.meeting_link,
        }

    def offer_overlap(self) -> None:
        """Ask for a confirmation: the slot overlaps another one."""
        self.fields["overlap_confirmed"] = forms.BooleanField(
            label=_("Keep this slot although it overlaps another one"),
            required=False,
            help_text=_("For example when two panels interview at the same time."),
        )

    def overlap_confirmed(self) -> bool:
        return bool(self.cleaned_data.get("overlap_confirmed"))

    def slot_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        zone = ZoneInfo(settings.TIME_ZONE)
        return {
            "category": data["category"],
            "starts_at": datetime.combine(data["day"], data["starts"], zone),
            "ends_at": datetime.combine(data["day"], data["ends"], zone),
            "mode": data["mode"],
            "place": data["place"],
            "meeting_link": data["meeting_link"],
        }


class CancelSlotForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the staff who follow the scheduled candidates."),
    )


class ScheduleForm(forms.Form):
    slot = forms.ModelChoiceField(
        InterviewSlot.objects.none(),
        label=_("Interview slot"),
        empty_label=EMPTY_CHOICE,
    )

    def __init__(self, *args: Any, candidate: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self,
            "slot",
            InterviewSlot.objects.active()
            .select_related("category")
            .filter(
                round__edition=candidate.edition_id,
                round__province=candidate.province_id,
                category=candidate.category_id,
            ),
        )


class AttendanceForm(forms.Form):
    """Whether the head of region came, and up to two officials."""

    head_attended = forms.TypedChoiceField(
        label=_("Did the head of region attend?"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    name_1 = forms.CharField(
        label=_("Official 1: name"), required=False, max_length=120
    )
    position_1 = forms.CharField(
        label=_("Official 1: position"), required=False, max_length=120
    )
    name_2 = forms.CharField(
        label=_("Official 2: name"), required=False, max_length=120
    )
    position_2 = forms.CharField(
        label=_("Official 2: position"), required=False, max_length=120
    )

    def representatives(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {"name": data[f"name_{n}"], "position": data[f"position_{n}"]}
            for n in (1, 2)
        ]


class StageDatesForm(forms.Form):
    """From and to for each of some stages (`kinds`), from their `current` dates."""

    def __init__(
        self, *args: Any, kinds: Any, current: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = tuple(kinds)
        for kind in self.kinds:
            stage = current.get(kind)
            label = Stage.Kind(kind).label
            self.fields[f"{kind}__from"] = forms.DateField(
                label=_("%(stage)s: from") % {"stage": label},
                widget=DATE,
                required=False,
                initial=stage.starts_on if stage else None,
            )
            self.fields[f"{kind}__to"] = forms.DateField(
                label=_("%(stage)s: to") % {"stage": label},
                widget=DATE,
                required=False,
                initial=stage.ends_on if stage else None,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in self.kinds:
            given = [data.get(f"{kind}__from"), data.get(f"{kind}__to")]
            if given.count(None) == 1:
                self.add_error(
                    None,
                    _("%(stage)s: give both dates.")
                    % {"stage": Stage.Kind(kind).label},
                )
        return data

    def problems(self) -> list[str]:
        """Each error with the date it concerns."""
        return [
            f"{self.fields[name].label}: {error}" if name in self.fields else str(error)
            for name, errors in self.errors.items()
            for error in errors
        ]

    def dates(self) -> dict[str, tuple[Any, Any]]:
        """The stages given both dates."""
        data = self.cleaned_data
        return {
            kind: (data[f"{kind}__from"], data[f"{kind}__to"])
            for kind in self.kinds
            if data.get(f"{kind}__from") and data.get(f"{kind}__to")
        }


class RoundDatesForm(StageDatesForm):
    """The round's own dates: from and to for each provincial stage."""

    def __init__(self, *args: Any, round_: Any, **kwargs: Any) -> None:
        current = {stage.kind: stage for stage in round_.stages.all()}
        super().__init__(*args, kinds=PROVINCIAL_KINDS, current=current, **kwargs)


class EditionStagesForm(StageDatesForm):
    """The edition's dates: from and to for each stage, provincial and national."""

    def __init__(self, *args: Any, edition: Any, **kwargs: Any) -> None:
        current = {stage.kind: stage for stage in edition.stages.all()}
        super().__init__(*args, kinds=Stage.Kind, current=current, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for kind, (starts_on, ends_on) in self.dates().items():
            if ends_on < starts_on:
                self.add_error(f"{kind}__to", _("A stage must end after it starts."))
        return data


class EditionForm(forms.ModelForm):
    """What the national admin sets of an edition (its award year stays: pages and
    zones are keyed on it)."""

    class Meta:
        model = Edition
        fields = [
            "name",
            "assessment_year",
            "period_start",
            "period_end",
            "status",
            "advance_limit",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}
