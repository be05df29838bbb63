"""The publishing form: the changelog entry, an optional embargo typed as a date
and a time in WIB, and the reason when the release corrects an earlier one."""

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publication.services.releases import LONGEST_EMBARGO, TEXT_LIMIT


def _ascii(field: forms.Field, value: Any) -> None:
    """Browsers send dates and times in ASCII digits; Python's parser would also
    read other scripts' digits, which nobody types into a date field."""
    if isinstance(value, str) and not value.isascii():
        raise ValidationError(field.error_messages["invalid"], code="invalid")


class IsoDateField(forms.DateField):
    def to_python(self, value: Any) -> date | None:
        _ascii(self, value)
        return super().to_python(value)


class IsoTimeField(forms.TimeField):
    def to_python(self, value: Any) -> time | None:
        _ascii(self, value)
        return super().to_python(value)


class PublishForm(forms.Form):
    changelog = forms.CharField(
        label=_("Changelog entry"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public: what this release is, or what it changes."),
    )
    embargo_day = IsoDateField(
        label=_("Embargo: date (WIB)"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave the date and time empty to make the release public now."),
    )
    embargo_time = IsoTimeField(
        label=_("Embargo: time (WIB)"),
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public, beside the release it corrects."),
    )

    def __init__(self, *args: Any, correcting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The first release of a scope corrects nothing: no reason to give.
        if not correcting:
            del self.fields["reason"]

    def clean_embargo_day(self) -> date | None:
        day = self.cleaned_data["embargo_day"]
        today = timezone.localdate()
        if day is not None and not today <= day <= today + LONGEST_EMBARGO:
            raise ValidationError(
                _("Choose a date from today to a year from now."), code="range"
            )
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, at = data.get("embargo_day"), data.get("embargo_time")
        if (day is None) != (at is None) and not self.errors:
            raise ValidationError(
                _("Give both the date and the time of the embargo, or neither."),
                code="incomplete",
            )
        data["embargo_until"] = embargo_moment(day, at)
        return data


def embargo_moment(day: date | None, at: time | None) -> datetime | None:
    """The embargo's end, an aware moment, from a date and a time in WIB."""
    if day is None or at is None:
        return None
    return datetime.combine(day, at, ZoneInfo(settings.TIME_ZONE))
