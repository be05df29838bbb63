"""The forms of the upload page: the file to check, and the pre-filled template to
download."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from participants.importers import batches
from participants.importers.kinds import KINDS
from participants.models import ImportBatch
from review.years import report_years

Kind = ImportBatch.Kind

KIND_HELP = {
    Kind.REPORTS: _(
        "One row per province or kab/kota and year: labour force, workers, "
        "participants and employers."
    ),
    Kind.NON_ASN: _(
        "One row per region, year and category: non-ASN staff eligible and protected."
    ),
    Kind.VULNERABLE: _(
        "One row per region, year, sector and funding source: workers, months and "
        "rupiah paid."
    ),
    Kind.VILLAGES: _(
        "One row per desa/kelurahan and year: workers protected and who pays for them."
    ),
}


def kind_choices() -> list[tuple[str, Any]]:
    """The kinds by their short names ("Coverage reports", "Village protection")."""
    return [(kind.value, KINDS[kind].title) for kind in Kind]


ACCEPT = ".csv,.xlsx"


class UploadForm(forms.Form):
    """A file of one kind to check before anything is saved."""

    kind = forms.ChoiceField(
        label=_("What does the file hold?"),
        choices=kind_choices,
        initial=Kind.REPORTS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV or XLSX file of at most %(limit)s, with the template's header row."
        ) % {"limit": filesizeformat(batches.max_bytes())}

    def kind_options(self) -> list[tuple[Any, Any]]:
        """Each kind's radio button with its one-line explanation."""
        return [(radio, KIND_HELP[Kind(radio.data["value"])]) for radio in self["kind"]]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > batches.max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size or 0),
                    "limit": filesizeformat(batches.max_bytes()),
                }
            )
        return upload


class PrefilledTemplateForm(forms.Form):
    """Which pre-filled template to download: a kind and a year."""

    kind = forms.ChoiceField(label=_("Kind"), choices=kind_choices)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = report_years()
        self.fields["year"].choices = [(str(year), str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["year"].initial = years[min(1, len(years) - 1)]
