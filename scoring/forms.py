"""Forms of the scoring pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models.panels import REASON_MAX_LENGTH


class DeclarationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why you should not assess this candidate, e.g. a family tie or a "
            "past or present job there. The panel's secretary and the committee "
            "read it."
        ),
    )
