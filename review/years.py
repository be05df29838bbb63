"""The years figures can be entered for: one rule for the entry forms, the API and
uploads of every reviewed record."""

from django.utils import timezone
from django.utils.translation import gettext as _

from review.numbers import whole_number

FIRST_YEAR = 2017  # the first Paritrana Award edition
LAST_YEAR = 2100  # the database's bound; entry stops at this year (`report_years`)


def report_years() -> list[int]:
    """The years coverage and compliance figures can be entered for, newest first:
    from the first award's year to this year."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def year_refusal(value: object) -> str | None:
    """Why a value is not a year figures can be entered for; None if it is one."""
    years = report_years()
    year = whole_number(str(value).strip(), max_digits=4)
    if year is not None and year in years:
        return None
    return _(
        "Not a year figures can be entered for: choose a year from %(first)s to "
        "%(last)s."
    ) % {"first": years[-1], "last": years[0]}
