"""Public results in templates: the sentence of an explanation line's status, and
links from region pages to a province's results page once that page exists and the
province has a public release."""

from django import template
from django.urls import reverse

from publication.models import Release
from scoring.reasons import status_text

register = template.Library()


@register.simple_tag
def province_results_path(province_code: str) -> str:
    """The address of the province's latest public results, or "" when it has
    none."""
    latest = (
        Release.objects.public()
        .filter(province_id=province_code)
        .order_by("-published_at", "-pk")
        .values_list("edition__award_year", flat=True)
        .first()
    )
    if latest is None:
        return ""
    return reverse("results:province", args=[latest, province_code])


@register.filter
def line_status(status: str) -> str:
    """Why a snapshot line does not count, as a sentence ("" when it counts)."""
    return "" if status == "counted" else status_text(status)
