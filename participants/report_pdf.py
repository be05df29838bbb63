"""A coverage report printed as PDF (A4, WeasyPrint through `review.pdf`): its
figures, derived figures and tables, its status, and who approved it and when, in
the reader's language. The style sheet is templates/participants/report_pdf.css."""

from functools import cache
from typing import Any

from django.template.loader import render_to_string

from participants import selectors
from participants.calculations import MINIMUM_MONTHLY_CONTRIBUTION, VILLAGE_TARGET
from participants.models import CoverageReport
from review import pdf
from review.models import ReviewStatus, StatusChange


def approval(report: CoverageReport) -> StatusChange | None:
    """The step that approved the report, if it is approved."""
    if report.status != ReviewStatus.APPROVED:
        return None
    steps = StatusChange.objects.for_record(report).filter(
        to_status=ReviewStatus.APPROVED
    )
    return steps.select_related("by").order_by("-at", "-pk").first()


def render_html(report: CoverageReport, tables: dict[str, Any]) -> str:
    """The printed report's HTML, in the active language."""
    context = {
        "report": report,
        "derived": selectors.derived(report),
        "tables": tables,
        "approval": approval(report),
        "minimum": MINIMUM_MONTHLY_CONTRIBUTION,
        "village_target": VILLAGE_TARGET,
    }
    return render_to_string("participants/report_pdf.html", context)


@cache
def stylesheet() -> Any:
    """The printed report's style sheet, parsed once per process."""
    return pdf.stylesheet(render_to_string("participants/report_pdf.css"))


def render_report_pdf(report: CoverageReport, tables: dict[str, Any]) -> bytes:
    """The report as PDF bytes, in the active language."""
    return pdf.html_to_pdf(render_html(report, tables), [stylesheet()])
