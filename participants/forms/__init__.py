"""Forms of the coverage pages: numbers typed the Indonesian way, the sections of the
report page, and the list filters."""

from participants.forms.fields import (
    IndonesianIntegerField,
    NegativeNumberError,
    NumberTooLargeError,
    WholeNumberField,
    parse_integer,
    thousand_separators,
    whole_number,
)
from participants.forms.lists import ReportFilterForm, StartReportForm, report_years
from participants.forms.report import ReportForms

__all__ = [
    "IndonesianIntegerField",
    "NegativeNumberError",
    "NumberTooLargeError",
    "ReportFilterForm",
    "ReportForms",
    "StartReportForm",
    "WholeNumberField",
    "parse_integer",
    "report_years",
    "thousand_separators",
    "whole_number",
]
