"""Helpers of review pages shared by every reviewed record: names and values inside
sentences, one workflow step run with its outcome told to the person, the entry page
(shown, saved, or shown again with what went wrong) and the notes on values someone
else changed meanwhile. The template partials are in `templates/review/`."""

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from review.findings import Finding
from review.models import AuditEntry
from review.workflow import InvalidRecordError, ReviewError, StaleEditError


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


class EntryForm(Protocol):
    """What the entry page needs of a record's form (or set of forms)."""

    def is_valid(self) -> bool: ...

    def add_findings(self, findings: Iterable[Finding]) -> None: ...


class EntryPage:
    """The entry form of one reviewed record: shown, saved, or shown again with what
    went wrong — its errors beside the inputs, or, after a stale save, the other
    person's changes and notes where this page would set them back.

    A record's page supplies the rest: `bind` its form, `store` it through its
    service (the kernel's `review.saving.save_record`), the values the form holds
    (`values`, for `conflicts`), `history` rows, `announce` and `render`."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def save(self) -> HttpResponse:
        form = self.bind(self.request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            with transaction.atomic():  # a refused first save leaves no record
                record, entries = self.store(form)
        except InvalidRecordError as exc:
            form.add_findings(exc.findings)
            return self.render(form, status=400)
        except StaleEditError as exc:
            return self.stale(exc)
        except ReviewError as exc:
            form.add_findings([Finding("", "refused", str(exc))])
            return self.render(form, status=400)
        self.announce(record, form, entries)
        return redirect(record)

    def stale(self, exc: StaleEditError) -> HttpResponse:
        """The user's input again, with the other person's changes and the version
        that a save after review must name."""
        data = self.request.POST.copy()
        data["version"] = str(exc.current_version)
        form = self.bind(data)
        if form.is_valid():
            form.add_findings(self.conflicts(form, exc.changes))
        changes = self.history(exc.changes)
        return self.render(form, status=409, stale=str(exc), changes=changes)

    def bind(self, data: Any, /) -> Any:
        """The record's form bound to `data`."""
        raise NotImplementedError

    def store(self, form: Any, /) -> tuple[Any, list[AuditEntry]]:
        """Save the form's values (starting the record if need be); the record and
        the audit entries written."""
        raise NotImplementedError

    def conflicts(self, form: Any, changes: Iterable[AuditEntry], /) -> list[Finding]:
        """Notes beside the values others changed since the page was loaded."""
        raise NotImplementedError

    def history(self, entries: Iterable[AuditEntry], /) -> list[dict[str, Any]]:
        """Audit entries as `review/_changes_table.html` shows them."""
        raise NotImplementedError

    def announce(self, record: Any, form: Any, entries: list[AuditEntry], /) -> None:
        """Tell the person the save went through."""
        raise NotImplementedError

    def render(self, form: Any, /, *, status: int = 200, **extra: Any) -> HttpResponse:
        """The page with `form`, its record and `extra` context."""
        raise NotImplementedError


def conflicts(
    mine: Mapping[str, Any],
    changes: Iterable[AuditEntry],
    *,
    label: Callable[[str], Any],
    typed: Callable[[str, str], Any],
    readable: Callable[[str, str], Any] | None = None,
    note: Callable[[str, AuditEntry], str | None] | None = None,
) -> list[Finding]:
    """A note beside each value that someone else changed and this page would set
    back to something else. `mine` holds the page's values by path; `typed` turns a
    stored audit text into a value to compare with them, `readable` into one to show
    (`typed` by default); `note` may word a path on its own (rows an upload added)."""
    latest = {entry.field: entry for entry in changes}
    notes = []
    for path, entry in latest.items():
        message = note(path, entry) if note else None
        if message is None:
            yours = mine.get(path)
            if typed(path, entry.new_value) == yours:
                continue
            theirs = (readable or typed)(path, entry.new_value)
            message = _(
                "%(field)s: %(who)s changed this to %(new)s meanwhile; this page has "
                "%(yours)s. Check it before saving again."
            ) % {
                "field": label(path),
                "who": author_name(entry.by),
                "new": shown_value(theirs),
                "yours": shown_value(yours),
            }
        notes.append(Finding(path, "changed_meanwhile", message))
    return notes
