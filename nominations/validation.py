"""The rules for an employer's compliance figures, one definition for the form, the
API and the service."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from nominations.models import EmployerCompliance
from participants.validation import MAX_COUNT
from review.findings import Finding

COUNTS = (
    "employees",
    "registered_participants",
    "csr_vulnerable_protected",
    "vendors_total",
    "vendors_registered",
)
PERCENTS = ("wage_report_accuracy", "digital_channel_use")
AT_MOST = (
    ("registered_participants", "employees"),
    ("vendors_registered", "vendors_total"),
)


def label(name: str) -> str:
    field = EmployerCompliance._meta.get_field(name)
    return str(capfirst(field.verbose_name))  # type: ignore[union-attr]


def _n(value: Any) -> str:
    return number_format(value, force_grouping=True)


def _finding(name: str, rule: str, problem: str) -> Finding:
    message = _("%(field)s: %(problem)s") % {"field": label(name), "problem": problem}
    return Finding(name, rule, message)


def check_compliance(values: Mapping[str, Any]) -> list[Finding]:
    """Every broken rule in these figures (blank figures are not reported)."""
    findings = []
    for name in COUNTS:
        value = values.get(name)
        if value is not None and not 0 <= value <= MAX_COUNT:
            findings.append(
                _finding(name, "range", _("must be from 0 to 1.000.000.000."))
            )
    months = values.get("months_paid_on_time")
    if months is not None and not 0 <= months <= 12:
        findings.append(
            _finding("months_paid_on_time", "range", _("must be from 0 to 12."))
        )
    for name in PERCENTS:
        value = values.get(name)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            findings.append(_finding(name, "range", _("must be from 0 to 100 %.")))
    for smaller, larger in AT_MOST:
        low, high = values.get(smaller), values.get(larger)
        if low is not None and high is not None and low > high:
            problem = _("%(low)s cannot be more than %(label)s (%(high)s).") % {
                "low": _n(low),
                "label": label(larger).lower(),
                "high": _n(high),
            }
            findings.append(_finding(smaller, "above_total", problem))
    return findings
