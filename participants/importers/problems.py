"""Why an upload, or a row of it, cannot be imported: the refusal of a whole file,
the rule each row problem is kept by, and the notes a check leaves.

A problem or note is kept as its rule (a code) and the values it names, never as
text, and is put into words in the reader's language when shown (page, command, API).
Problems and notes kept before that (their text in the uploader's language) still
show.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from participants.content import label_for
from participants.importers.file_refusals import FILE_MESSAGES, file_reason
from participants.validation import render_finding
from review.models import ReviewStatus
from review.refusals import ReviewError


class Kept(Exception):  # noqa: N818 -- a person's problem, not a bug
    """A refusal of the whole file (it cannot be read, or saving it is refused),
    kept as its rule and the values it names (`file_refusals.FILE_MESSAGES`); its
    text is in the active language."""

    def __init__(self, rule: str, **params: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        """The refusal as a batch keeps it: a problem of row 0."""
        return {"row": 0, "column": "", "value": "", **note(self.rule, **self.params)}

    @property
    def message(self) -> str:
        return reason(self.as_dict())

    def __str__(self) -> str:
        return self.message


class FileProblem(Kept):
    """The file as a whole cannot be read: nothing in it can be checked."""


class SaveRefused(Kept, ReviewError):  # noqa: N818 -- as FileProblem
    """Saving a checked file is refused because something changed since the check."""


Note = dict[str, Any]


def note(rule: str, **params: Any) -> Note:
    """A note (or refusal) as a batch keeps it: its rule and the values it names."""
    return {"rule": rule, "params": params}


MESSAGES: dict[str, StrOrPromise] = {
    "not_allowed": _(
        "Only branch officers and the national admin may upload coverage data."
    ),
    "unreadable": _("cannot be read as a value of this column."),
    "not_code": _("not a Kemendagri code such as %(example)s."),
    "not_year": _(
        "Not a year figures can be entered for: choose a year from %(first)s to "
        "%(last)s."
    ),
    "cell_negative": _("cannot be negative."),
    "cell_too_long": _("far too long to be a number."),
    "not_number": _("not a whole number such as 1.234.567."),
    "required": _("is required."),
    "not_choice": _("is not one of: %(choices)s."),
    "desa_outside": _("this desa is outside your branch's area."),
    "desa_unknown": _("there is no desa with this code."),
    "region_outside": _("this region is outside your branch's area."),
    "region_unknown": _("there is no region with this code."),
    "duplicate": _("the same %(what)s appears again: rows %(first)s and %(again)s."),
    "locked_change": _(
        "this changes %(field)s from %(old)s to %(new)s, but the report of "
        "%(year)s is %(status)s and locked. %(who)s"
    ),
}
DUPLICATES = {
    "village": _("desa and year"),
    "line": _("region, year and line"),
    "region": _("region and year"),
}
UNLOCKERS = {
    "submitted": _(
        "A verifier can return it to the branch; then upload the file again."
    ),
    "approved": _(
        "Only a Kanwil verifier or the national admin can reopen it; then upload "
        "the file again."
    ),
}
BLANK = "—"


def reason(problem: Mapping[str, Any]) -> str:
    """A kept problem's reason in the active language (kept text as it was)."""
    rule = problem.get("rule")
    if not rule:
        return str(problem.get("reason", ""))
    params = dict(problem.get("params") or {})
    try:
        if rule in MESSAGES:
            return str(MESSAGES[rule]) % _words(rule, params)
        if rule in FILE_MESSAGES or rule == "columns_missing":
            return file_reason(rule, params)
        return render_finding(params.pop("path", ""), rule, params)
    except (KeyError, ValueError, TypeError):  # a rule renamed or dropped since
        return str(problem.get("reason") or rule)


def shown(problems: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Kept problems as row, column, value and reason, in the active language."""
    return [
        {
            "row": problem.get("row", 0),
            "column": problem.get("column", ""),
            "value": problem.get("value", ""),
            "reason": reason(problem),
        }
        for problem in problems
    ]


def note_text(kept: str | Note) -> str:
    """A kept note in the active language: a row's warning names its row (a note
    kept as text shows as it was)."""
    if isinstance(kept, str):
        return kept
    text = reason(kept)
    if kept.get("row"):
        return _("Row %(row)s: %(message)s") % {"row": kept["row"], "message": text}
    return text


def notes_shown(notes: Iterable[str | Note]) -> list[str]:
    """Kept notes in the active language."""
    return [note_text(kept) for kept in notes]


def _words(rule: str, params: dict[str, Any]) -> dict[str, Any]:
    """The values a rule names, as the active language writes them."""
    if rule == "duplicate":
        params["what"] = DUPLICATES.get(params.get("what", ""), "")
    if rule == "locked_change":
        status = params.get("status", "")
        params["field"] = label_for(params.get("path", ""))
        params["status"] = ReviewStatus(status).label if status else ""
        params["who"] = UNLOCKERS.get(status, "")
        params["old"] = _value(params.get("old"))
        params["new"] = _value(params.get("new"))
    return params


def _value(value: object) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, int | float | Decimal):
        return number_format(value, force_grouping=True)
    return str(value)
