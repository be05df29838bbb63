"""Forms of the scoring pages."""

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from nominations.models import Candidate, Employer
from regions.models import Province, Regency
from review.findings import Finding
from review.numbers import EMPTY_CHOICE
from scoring.methodology_json import MAX_TIE_BREAKS
from scoring.models import Indicator, Panel, PanelMember
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

    user = forms.ModelChoiceField(
        User.objects.none(), label=_("Assessor"), empty_label=EMPTY_CHOICE
    )
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
        empty_label=EMPTY_CHOICE,
        help_text=_(
            "Where the member works for a kab/kota: its candidacy is kept from them."
        ),
    )
    province = forms.ModelChoiceField(
        Province.objects.all(),
        label=_("Own province"),
        required=False,
        empty_label=EMPTY_CHOICE,
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


# The methodology editor: aggregation and the tie-break chain. The posted values go
# into the methodology's document, whose checks (`scoring.methodology_json`) judge
# them, so the editor and a JSON import refuse the same things.

TIE_ROWS = MAX_TIE_BREAKS
ORDER = re.compile(r"[0-9]{1,2}")


def apply_aggregation(document: dict[str, Any], data: Mapping[str, str]) -> None:
    """Put the posted aggregation (a decimal comma read as a point) into the
    document; a post without it (the weights alone) keeps the current one."""
    if "aggregation-method" not in data:
        return
    document["aggregation"] = {
        "method": data.get("aggregation-method", ""),
        "trim": data.get("aggregation-trim", "").strip().replace(",", "."),
        "normalise_assessors": data.get("aggregation-normalise") == "on",
    }


def apply_tie_breaks(
    document: dict[str, Any], data: Mapping[str, str]
) -> list[Finding]:
    """Put the posted chain into the document: the filled rows, by their order
    number (rows keep their place when it is left blank); an empty row is no
    link; a post without rows keeps the current chain. Returns what is wrong with
    an order number."""
    if not any(f"tie-{index}-key" in data for index in range(TIE_ROWS)):
        return []
    rows: list[tuple[int, int, dict[str, str]]] = []
    findings = []
    for index in range(TIE_ROWS):
        choice = data.get(f"tie-{index}-key", "")
        if not choice:
            continue
        by, _sep, key = choice.partition(":")
        link = {
            "by": by,
            "key": key,
            "direction": data.get(f"tie-{index}-direction", ""),
        }
        order = data.get(f"tie-{index}-order", "").strip() or str(index + 1)
        if not ORDER.fullmatch(order):
            message = _("Row %(row)s: the order must be a whole number.") % {
                "row": index + 1
            }
            findings.append(Finding(f"tie-{index}-order", "order", message))
            order = str(index + 1)  # kept in place so the row is shown again
        rows.append((int(order), index, link))
    document["tie_breaks"] = [link for _order, _index, link in sorted(rows)]
    return findings


def tie_break_choices(document: dict[str, Any]) -> list[tuple[Any, Any]]:
    """The options of a chain row: the document's criteria, then the indicators."""
    criteria = [
        (f"criterion:{c['code']}", f"{c['code']} {c['name']}")
        for aspect in document["aspects"]
        for c in aspect["criteria"]
    ]
    indicators = [(f"indicator:{value}", label) for value, label in Indicator.choices]
    return [
        (_("Criterion score"), criteria),
        (_("Indicator value"), indicators),
    ]


def tie_break_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The chain's links as editor rows, then empty rows up to the limit."""
    links = document.get("tie_breaks") or []
    rows = [
        {
            "choice": f"{link.get('by')}:{link.get('key')}",
            "direction": link.get("direction"),
        }
        for link in links
        if isinstance(link, dict)
    ]
    rows += [{"choice": "", "direction": "higher"}] * (TIE_ROWS - len(rows))
    return [
        {"index": index, "order": index + 1, **row} for index, row in enumerate(rows)
    ]
