"""The project-wide refusal: a request the workflow, a state machine or another
domain rule refuses, with a message for the person. It lives apart from
`review.workflow` so that the transition table type (`review.transitions`) and the
workflow can both raise it; `review.workflow` re-exports it for its callers."""

from django.db import models
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise


class ReviewError(Exception):
    """A request the workflow (or another domain rule) refuses; the message is for
    the person."""


def noun(record: models.Model) -> str:
    """The record's own name for messages: "report", "compliance record"."""
    return str(record._meta.verbose_name)


def clean_text(
    value: str | None, *, field: StrOrPromise, limit: int, required: bool = True
) -> str:
    """Stripped free text, refused when empty (if required), too long or holding a
    NUL character (PostgreSQL cannot store it)."""
    text = (value or "").strip()
    if required and not text:
        raise ReviewError(_("Fill in the %(field)s.") % {"field": field})
    if "\x00" in text:
        raise ReviewError(
            _("The %(field)s holds a character that is not allowed.") % {"field": field}
        )
    if len(text) > limit:
        raise ReviewError(
            _("The %(field)s is at most %(limit)d characters long.")
            % {"field": field, "limit": limit}
        )
    return text
