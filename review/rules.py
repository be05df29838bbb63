"""Who may act on a reviewed record. One factory registers the five review
permissions of a kind of record (`<app>.change_<name>`, `submit_`, `approve_`,
`return_`, `unapprove_`): each is the status the step needs combined with the app's
own predicates for who enters, verifies and unapproves. `may` answers the same
question for a page's buttons.

The kernel knows no app: the record's model and the predicates are handed in."""

from typing import Any

import rules
from django.db import models

from review.models import ReviewedRecord
from review.workflow import REVIEW

ACTIONS = ("edit", "submit", "approve", "return", "unapprove")
VERBS = {"edit": "change"}
_PERMISSIONS: dict[str, dict[str, str]] = {}  # model label → action → permission


def allows(record: ReviewedRecord, action: str) -> bool:
    """Whether the record's status allows the action: figures change only while it
    is editable, steps follow the workflow's transitions."""
    if action == "edit":
        return record.is_editable
    return REVIEW.allows(action, record.status)


def _status_allows(action: str) -> Any:
    @rules.predicate(name=f"status_allows_{action}")
    def predicate(user: Any, record: ReviewedRecord | None) -> bool:
        return bool(record is not None and allows(record, action))

    return predicate


def review_permissions(
    model: type[models.Model],
    *,
    name: str,
    enters: Any,
    verifies: Any,
    unapproves: Any,
) -> dict[str, str]:
    """Register the review permissions of a kind of record and return them by
    action: editing and submitting for those who enter its figures, approving and
    returning for its verifiers, unapproving for those the app names."""
    who = {
        "edit": enters,
        "submit": enters,
        "approve": verifies,
        "return": verifies,
        "unapprove": unapproves,
    }
    app_label = model._meta.app_label
    permissions = {}
    for action in ACTIONS:
        permission = f"{app_label}.{VERBS.get(action, action)}_{name}"
        rules.add_perm(permission, _status_allows(action) & who[action])
        permissions[action] = permission
    _PERMISSIONS[model._meta.label_lower] = permissions
    return permissions


def permission_for(record: models.Model, action: str) -> str:
    """The permission an action on this kind of record needs."""
    return _PERMISSIONS[record._meta.label_lower][action]


def may(user: Any, action: str, record: ReviewedRecord) -> bool:
    """Whether the record's status allows the action and the user holds its
    permission (superusers hold every permission, so the status check matters)."""
    return allows(record, action) and user.has_perm(
        permission_for(record, action), record
    )
