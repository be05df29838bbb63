"""Helpers of review pages shared by every reviewed record: names and values inside
sentences, and one workflow step run with its outcome told to the person. The
template partials are in `templates/review/`."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from review.workflow import InvalidRecordError, ReviewError


def author_name(user: Any) -> str:
    """Who made a change, for notes beside a field; "someone" for a removed account."""
    return str(user.display_name) if user is not None else _("someone")


def shown_value(value: Any) -> str:
    """A value inside a sentence: numbers grouped, yes/no, "(empty)" for blanks."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | Decimal):
        return number_format(value, force_grouping=True)
    return str(value)


def perform_review_action(
    request: HttpRequest, call: Callable[[], object], *, done: str, refused: str
) -> None:
    """Run one workflow step of a reviewed record and tell the person how it went:
    `done`, or `refused` followed by each broken rule, or the workflow's reason."""
    try:
        call()
    except InvalidRecordError as exc:
        messages.error(request, refused)
        for finding in exc.findings:
            messages.error(request, finding.message)
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
