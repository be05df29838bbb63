"""The project-wide refusal: a request the workflow, a state machine or another
domain rule refuses, with a message for the person. It lives apart from
`review.workflow` so that the transition table type (`review.transitions`) and the
workflow can both raise it; `review.workflow` re-exports it for its callers."""

from django.db import models


class ReviewError(Exception):
    """A request the workflow (or another domain rule) refuses; the message is for
    the person."""


def noun(record: models.Model) -> str:
    """The record's own name for messages: "report", "compliance record"."""
    return str(record._meta.verbose_name)
