"""The diff between two runs, on plain dictionaries: who moved, entered, left or
became incomplete, the criteria that moved them, and a methodology change."""

from decimal import Decimal

from scoring.run_diff import (
    Change,
    CriterionMove,
    Move,
    RunSide,
    criteria_moves,
    diff_runs,
)


def explanation(**contributions):
    return {
        "formula": "…",
        "lines": [
            {"criterion": code, "contribution": value}
            for code, value in contributions.items()
        ],
    }


def side(ranked, incomplete=(), explanations=None, methodology="7/provincial/v1"):
    return RunSide(
        ranked=[{"key": k, "rank": r, "total": t} for k, r, t in ranked],
        incomplete=[{"key": k, "reasons": list(rs)} for k, rs in incomplete],
        explanations=explanations or {},
        methodology=methodology,
    )


def test_a_swap_names_the_criteria_that_moved_both():
    old = side(
        [("a", 1, "60"), ("b", 2, "50")],
        explanations={
            "a": explanation(X="40", Y="20"),
            "b": explanation(X="30", Y="20"),
        },
    )
    new = side(
        [("b", 1, "65"), ("a", 2, "55")],
        explanations={
            "a": explanation(X="35", Y="20"),
            "b": explanation(X="30", Y="35"),
        },
    )

    diff = diff_runs(old, new)

    assert diff.moves == (
        Move(
            "b",
            Change.MOVED,
            2,
            1,
            Decimal("50"),
            Decimal("65"),
            (CriterionMove("Y", Decimal("20"), Decimal("35")),),
        ),
        Move(
            "a",
            Change.MOVED,
            1,
            2,
            Decimal("60"),
            Decimal("55"),
            (CriterionMove("X", Decimal("40"), Decimal("35")),),
        ),
    )
    assert not diff.methodology_changed


def test_same_ranks_are_not_listed():
    old = side([("a", 1, "60")], explanations={"a": explanation(X="60")})
    new = side([("a", 1, "61")], explanations={"a": explanation(X="61")})

    assert diff_runs(old, new).moves == ()


def test_entered_left_and_incomplete():
    old = side([("a", 1, "60"), ("b", 2, "50"), ("c", 3, "40")])
    new = side(
        [("d", 1, "70"), ("a", 2, "60")],
        incomplete=[("b", ["missing:coverage_report"])],
    )

    moves = diff_runs(old, new).moves

    assert [(m.key, m.change, m.old_rank, m.new_rank, m.reasons) for m in moves] == [
        ("d", Change.ENTERED, None, 1, ()),
        ("a", Change.MOVED, 1, 2, ()),
        ("b", Change.INCOMPLETE, 2, None, ("missing:coverage_report",)),
        ("c", Change.LEFT, 3, None, ()),
    ]


def test_a_methodology_change_is_reported():
    diff = diff_runs(
        side([], methodology="7/provincial/v1"), side([], methodology="7/provincial/v2")
    )

    assert (diff.old_methodology, diff.new_methodology, diff.methodology_changed) == (
        "7/provincial/v1",
        "7/provincial/v2",
        True,
    )


def test_criteria_moves_keeps_the_largest_changes_first():
    old = explanation(A="10", B="10", C="10", D="10")
    new = explanation(A="12", B="5", C="10", D="13", E="1")

    moves = criteria_moves(old, new)

    assert [(m.criterion, m.change) for m in moves] == [
        ("B", Decimal("-5")),
        ("D", Decimal("3")),
        ("A", Decimal("2")),
    ]


def test_criteria_moves_of_a_criterion_only_in_one_run():
    moves = criteria_moves(explanation(A="10"), explanation(B="4"), limit=5)

    assert moves == (
        CriterionMove("A", Decimal("10"), None),
        CriterionMove("B", None, Decimal("4")),
    )
    assert [m.change for m in moves] == [Decimal("-10"), Decimal("4")]


def test_a_side_reads_a_stored_run():
    bundle = {
        "inputs": {"methodology": {"version": "3/national/v2"}},
        "ranked": [{"key": "1", "rank": 1, "total": "9"}],
        "incomplete": [],
    }

    found = RunSide.of(bundle, {"1": explanation(X="9")})

    assert (found.methodology, found.ranked, found.explanations) == (
        "3/national/v2",
        bundle["ranked"],
        {"1": explanation(X="9")},
    )
