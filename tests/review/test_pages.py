"""Page helpers shared by every reviewed record (review.pages)."""

import pytest

from review.findings import Finding
from review.models import AuditEntry
from review.pages import conflicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _typed(path: str, text: str) -> int | None:
    return int(text) if text else None


def _entries(by, *changes: tuple[str, str]) -> list[AuditEntry]:
    return [AuditEntry(field=path, new_value=new, by=by) for path, new in changes]


def test_conflicts_note_only_values_this_page_would_set_back(world):
    other = world.users["petugas_a"]
    changes = _entries(other, ("a", "1"), ("b", "2"), ("b", "3"), ("c", ""))

    notes = conflicts(
        {"a": 1, "b": 2, "c": None}, changes, label=str.upper, typed=_typed
    )

    assert notes == [
        Finding(
            "b",
            "changed_meanwhile",
            f"B: {other.display_name} changed this to 3 meanwhile; this page has 2. "
            "Check it before saving again.",
        )
    ]


def test_conflicts_show_readable_values_and_let_the_page_word_a_path(world):
    other = world.users["petugas_a"]
    changes = _entries(other, ("rows", "4"), ("a", "5000"))

    notes = conflicts(
        {},
        changes,
        label=str.upper,
        typed=_typed,
        readable=lambda path, text: f"#{text}",
        note=lambda path, entry: "4 rows added." if path == "rows" else None,
    )

    assert [(note.path, note.message) for note in notes] == [
        ("rows", "4 rows added."),
        (
            "a",
            f"A: {other.display_name} changed this to #5000 meanwhile; this page "
            "has (empty). Check it before saving again.",
        ),
    ]
