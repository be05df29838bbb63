"""Forms of the scoring pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from nominations.models import Candidate, Employer
from regions.models import Province, Regency
from scoring.models import Panel, PanelMember
from scoring.models.panels import REASON_MAX_LENGTH
from scoring.selectors import panel_candidates


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


class MemberForm(forms.Form):
    """An assessor's seat: who, which role, and the affiliation that decides their
    conflicts of interest."""

    user = forms.ModelChoiceField(User.objects.none(), label=_("Assessor"))
    role = forms.ChoiceField(label=_("Role"), choices=PanelMember.Role.choices)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("E.g. Disnakertrans Provinsi Jambi, APINDO, Universitas Jambi."),
    )
    regency = forms.ModelChoiceField(
        Regency.objects.none(),
        label=_("Own regency/city"),
        required=False,
        help_text=_(
            "Where the member works for a kab/kota: its candidacy is kept from them."
        ),
    )
    province = forms.ModelChoiceField(
        Province.objects.all(),
        label=_("Own province"),
        required=False,
        help_text=_(
            "In the national jury, the province's candidates are kept from them."
        ),
    )
    npp = forms.CharField(
        label=_("Own employer (NPP)"),
        required=False,
        max_length=20,
        help_text=_(
            "The employer's BPJS registration number, if the member works "
            "for a business."
        ),
    )

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seated = panel.members.values("user")
        assessors = User.objects.filter(role=User.Role.PENILAI, is_active=True)
        self.fields["user"].queryset = assessors.exclude(pk__in=seated)  # type: ignore[attr-defined]
        regencies = Regency.objects.active()
        if panel.round_id:
            regencies = regencies.filter(province_id=panel.province_id)
        self.fields["regency"].queryset = regencies  # type: ignore[attr-defined]

    def clean_npp(self) -> Employer | None:
        npp = self.cleaned_data["npp"].strip()
        if not npp:
            return None
        employer = Employer.objects.filter(npp=npp).first()
        if employer is None:
            raise forms.ValidationError(_("No employer has this NPP."))
        return employer

    def member_fields(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        data = self.cleaned_data
        return {
            "role": data["role"],
            "organisation": data["organisation"],
            "regency": data["regency"],
            "province": data["province"],
            "employer": data["npp"],
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PanelMember.Role.choices)


class AssignmentForm(forms.Form):
    candidates = forms.ModelMultipleChoiceField(
        Candidate.objects.none(), label=_("Candidates"), required=False
    )

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = panel_candidates(panel)  # type: ignore[attr-defined]
