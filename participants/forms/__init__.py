"""Forms of the coverage pages: numbers typed the Indonesian way, the sections of the
report page, and the list filters."""

from participants.forms.fields import (
    IndonesianIntegerField,
    NegativeNumberError,
    parse_integer,
    thousand_separators,
)
from participants.forms.lists import ReportFilterForm, StartReportForm, report_years
from participants.forms.report import ReportForms

__all__ = [
    "IndonesianIntegerField",
    "NegativeNumberError",
    "ReportFilterForm",
    "ReportForms",
    "StartReportForm",
    "parse_integer",
    "report_years",
    "thousand_separators",
]
