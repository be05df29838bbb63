"""Adding and changing an employer of the register (its NPP, name, kab/kota, branch,
sector and scale), inside the area of the user who enters it."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nominations.models import Employer
from regions.models import Branch, Regency


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class EmployerForm(forms.ModelForm):
    """A branch officer's employers belong to the branch and to a kab/kota it
    serves; the national admin chooses the branch, which must serve the kab/kota."""

    class Meta:
        model = Employer
        fields = ["npp", "name", "regency", "branch", "sector", "scale"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["npp"].help_text = _(
            "The company registration number: 6 to 20 digits or capital letters."
        )
        regencies = Regency.objects.active().for_user(user)
        _queryset(self, "regency", regencies.select_related("province"))
        if user.is_national:
            _queryset(self, "branch", Branch.objects.all())
        else:
            del self.fields["branch"]
            self.instance.branch = user.branch
        if self.instance.pk:
            self.fields["npp"].disabled = True

    def clean_npp(self) -> str:
        return str(self.cleaned_data["npp"]).strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        regency = data.get("regency")
        chooses = "branch" in self.fields  # the national admin
        branch = data.get("branch") if chooses else self.instance.branch
        if regency and branch and not branch.regencies.filter(pk=regency.pk).exists():
            self.add_error(
                "branch" if chooses else "regency",
                _("%(branch)s does not serve %(regency)s.")
                % {"branch": branch.name, "regency": regency.name},
            )
        return data
