"""Forms of certificates: signatories, revoking, looking up a code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publication.models import Signatory
from publication.models.certificates import CODE_ALPHABET, CODE_LENGTH


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "position", "order"]

    def clean_order(self) -> int:
        """Digits as typed on a keyboard (Django would take "٣" for 3), at most 99
        (SQLite would store any size)."""
        order = self.cleaned_data["order"]
        if not str(self.data.get("order", "")).isascii() or not 0 <= order <= 99:
            raise forms.ValidationError(_("Enter the order as a number from 0 to 99."))
        return int(order)


def normal_code(value: str) -> str | None:
    """The code as stored (upper case, no spaces or dashes), or None when it cannot
    be one: wrong length, or a character outside the code's ASCII alphabet."""
    code = value.strip().replace("-", "").replace(" ", "").upper()
    if len(code) != CODE_LENGTH or not code.isascii():
        return None
    if any(character not in CODE_ALPHABET for character in code):
        return None
    return code


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The 8 characters printed beside the QR code, e.g. K7M2XQ9B."),
    )

    def clean_code(self) -> str:
        code = normal_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A code has 8 letters and digits, as printed on the certificate.")
            )
        return code
