"""Forms of the coverage pages: the sections of the report page and the list filters.
Numbers typed the Indonesian way come from the review kernel (`review.numbers`)."""

from participants.forms.lists import ReportFilterForm, StartReportForm
from participants.forms.report import ReportForms

__all__ = ["ReportFilterForm", "ReportForms", "StartReportForm"]
