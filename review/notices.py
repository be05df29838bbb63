"""Who hears of a step of the review workflow, and what they read.

The kernel's status change (`workflow.change_status`) calls `announce` for every step;
the notices go out once the transaction commits, so a step that rolls back tells
nobody, and a failure to tell is logged without undoing or failing the step. Each
app registers, for its kind of reviewed record, who to tell (`register`, from the
app's `ready()`); a record of an unregistered kind tells nobody.
Steps taken inside `grouped()` (a bulk path) reach each recipient as one notice per
kind of record, action and actor ("12 coverage reports were submitted by …") instead
of one notice and one e-mail per record.

Notices are stored in every portal language and mailed in the recipient's
(`accounts.notifications`).
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.notifications import notify
from regions.scoping import scopes_over
from review.models import ReviewedRecord

Users = Callable[[Any, str], "models.QuerySet[User]"]


@dataclass(frozen=True)
class Audience:
    """Who to tell of a step (`users(record, action)`), the list page of such
    records in a status, linked from a grouped notice, and the texts when the
    kind of record has its own (`one_text(step)`, `many_text(steps)`)."""

    users: Users
    list_url: Callable[[str], str]
    one_text: Callable[["Step"], str] | None = None
    many_text: Callable[[list["Step"]], str] | None = None


@dataclass(frozen=True)
class Step:
    """One status change to tell: the record after it, the action and who took it."""

    record: Any
    action: str
    by: Any
    reason: str


_AUDIENCES: dict[type[models.Model], Audience] = {}
_group: ContextVar[list[Step] | None] = ContextVar("review_steps", default=None)


def register(
    model: type[ReviewedRecord],
    users: Users,
    *,
    list_url: Callable[[str], str],
    one_text: Callable[[Step], str] | None = None,
    many_text: Callable[[list[Step]], str] | None = None,
) -> None:
    """Tell `users(record, action)` of every workflow step of this kind of record;
    a kind with its own steps (not the review's) brings its own texts."""
    _AUDIENCES[model] = Audience(
        users=users, list_url=list_url, one_text=one_text, many_text=many_text
    )


def review_audience(record: ReviewedRecord, action: str) -> "models.QuerySet[User]":
    """A submitted record → the verifiers over its area (the branch's and the
    Kanwil's); returned, unapproved or approved → the branch officers of its area."""
    role = User.Role.VERIFIKATOR if action == "submit" else User.Role.PETUGAS_CABANG
    return User.objects.filter(role=role, is_active=True).filter(scopes_over(record))


def announce(record: ReviewedRecord, action: str, *, by: Any, reason: str) -> None:
    """Have the step told to the record's audience once the transaction commits."""
    if type(record) not in _AUDIENCES:
        return
    step = Step(record=record, action=action, by=by, reason=reason)
    pending = _group.get()
    if pending is None:
        transaction.on_commit(lambda: tell([step]), robust=True)
    else:
        # Collected only when its own transaction commits: a rolled-back step is
        # never told.
        transaction.on_commit(lambda: pending.append(step))


@contextmanager
def grouped() -> Iterator[None]:
    """Collect the steps taken inside; once they commit, tell each recipient once
    per kind of record, action and actor."""
    pending: list[Step] = []
    token = _group.set(pending)
    try:
        yield
    finally:
        _group.reset(token)
        # Also after an error: the steps that committed before it are told.
        transaction.on_commit(lambda: tell(pending), robust=True)


def tell(steps: list[Step]) -> None:
    """Notify the audience of each step, one notice per recipient and bucket."""
    buckets: dict[tuple[type, str, Any], list[Step]] = defaultdict(list)
    for step in steps:
        buckets[(type(step.record), step.action, step.by.pk)].append(step)
    for (model, action, actor_id), bucket in buckets.items():
        audience = _AUDIENCES[model]
        recipients: dict[int, tuple[Any, list[Step]]] = {}
        for step in bucket:
            for user in audience.users(step.record, action).exclude(pk=actor_id):
                recipients.setdefault(user.pk, (user, []))[1].append(step)
        _notify_recipients(audience, list(recipients.values()))


def _notify_recipients(audience: Audience, recipients: list[tuple[Any, list]]) -> None:
    """One `notify` (one insert) per distinct set of steps: usually all recipients
    of a bucket share one."""
    shared: dict[tuple[int, ...], list[Any]] = defaultdict(list)
    steps_of: dict[tuple[int, ...], list[Step]] = {}
    for user, steps in recipients:
        key = tuple(id(step) for step in steps)
        shared[key].append(user)
        steps_of[key] = steps
    for key, users in shared.items():
        steps = steps_of[key]
        if len(steps) == 1:
            url = str(steps[0].record.get_absolute_url())
            one = audience.one_text or one_step_text
            notify(users, partial(one, steps[0]), url=url)
        else:
            url = audience.list_url(steps[0].record.status)
            many = audience.many_text or many_steps_text
            notify(users, partial(many, steps), url=url)


def one_step_text(step: Step) -> str:
    """The notice of one step, in the language now active."""
    params = {
        "kind": step.record._meta.verbose_name,
        "record": str(step.record),
        "actor": step.by.display_name,
        "reason": step.reason,
    }
    texts = {
        "submit": _("%(kind)s %(record)s was submitted by %(actor)s for your review."),
        "approve": _("%(kind)s %(record)s was approved by %(actor)s."),
        "return": _(
            "%(kind)s %(record)s was returned by %(actor)s. Reason: %(reason)s"
        ),
        "unapprove": _(
            "The approval of %(kind)s %(record)s was withdrawn by %(actor)s. "
            "Reason: %(reason)s"
        ),
    }
    return capfirst(texts[step.action] % params)


def many_steps_text(steps: list[Step]) -> str:
    """The notice of several steps of one action by one person."""
    first = steps[0]
    count = len(steps)
    params = {
        "count": count,
        "kind": first.record._meta.verbose_name,
        "kinds": first.record._meta.verbose_name_plural,
        "actor": first.by.display_name,
    }
    texts = {
        "submit": ngettext(
            "%(count)d %(kind)s was submitted by %(actor)s for your review.",
            "%(count)d %(kinds)s were submitted by %(actor)s for your review.",
            count,
        ),
        "approve": ngettext(
            "%(count)d %(kind)s was approved by %(actor)s.",
            "%(count)d %(kinds)s were approved by %(actor)s.",
            count,
        ),
        "return": ngettext(
            "%(count)d %(kind)s was returned by %(actor)s.",
            "%(count)d %(kinds)s were returned by %(actor)s.",
            count,
        ),
        "unapprove": ngettext(
            "The approval of %(count)d %(kind)s was withdrawn by %(actor)s.",
            "The approval of %(count)d %(kinds)s was withdrawn by %(actor)s.",
            count,
        ),
    }
    text = texts[first.action] % params
    reasons = {step.reason for step in steps}
    if len(reasons) == 1 and first.reason:
        text += " " + _("Reason: %(reason)s") % {"reason": first.reason}
    return capfirst(text)
