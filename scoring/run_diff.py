"""What changed between two ranking runs of the same scope and stage: who moved
(old rank → new rank), who entered or left the ranking, who became incomplete,
which criteria moved each of them (the contributions that changed most) and
whether the methodology version changed.

Pure: it reads the plain JSON a run stores (`bundle`, `explanations`) and imports
nothing from Django, so it is tested on dictionaries alone."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

# How many criteria are named per moved candidate.
TOP_CRITERIA = 3
ZERO = Decimal(0)


class Change(StrEnum):
    MOVED = "moved"  # ranked in both runs, at another rank
    ENTERED = "entered"  # ranked now, not before (new, or complete again)
    LEFT = "left"  # ranked before, no longer a candidate of the scope
    INCOMPLETE = "incomplete"  # ranked before, listed apart now


@dataclass(frozen=True)
class RunSide:
    """One run as the diff reads it: ranks, totals, reasons, explanation lines."""

    ranked: Sequence[Mapping[str, Any]]
    incomplete: Sequence[Mapping[str, Any]]
    explanations: Mapping[str, Mapping[str, Any]]
    methodology: str

    @classmethod
    def of(
        cls, bundle: Mapping[str, Any], explanations: Mapping[str, Any]
    ) -> "RunSide":
        """A run's side from its stored bundle and explanations."""
        return cls(
            ranked=bundle["ranked"],
            incomplete=bundle["incomplete"],
            explanations=explanations,
            methodology=bundle["inputs"]["methodology"]["version"],
        )


@dataclass(frozen=True)
class CriterionMove:
    """A criterion whose contribution to a candidate's total changed."""

    criterion: str
    old: Decimal | None
    new: Decimal | None

    @property
    def change(self) -> Decimal:
        return (self.new or ZERO) - (self.old or ZERO)


@dataclass(frozen=True)
class Move:
    """One candidate whose place in the ranking changed."""

    key: str
    change: Change
    old_rank: int | None
    new_rank: int | None
    old_total: Decimal | None = None
    new_total: Decimal | None = None
    criteria: tuple[CriterionMove, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunDiff:
    """The moves in ranking order of the new run (then the old), and the
    methodology versions of both runs."""

    moves: tuple[Move, ...]
    old_methodology: str
    new_methodology: str

    @property
    def methodology_changed(self) -> bool:
        return self.old_methodology != self.new_methodology


def _contributions(explanation: Mapping[str, Any] | None) -> dict[str, Decimal]:
    if not explanation:
        return {}
    return {
        line["criterion"]: Decimal(line["contribution"])
        for line in explanation["lines"]
    }


def criteria_moves(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
    *,
    limit: int = TOP_CRITERIA,
) -> tuple[CriterionMove, ...]:
    """The criteria whose contribution changed most (largest change first, then
    by criterion), at most `limit`; unchanged ones are left out."""
    before, after = _contributions(old), _contributions(new)
    moves = [
        CriterionMove(key, before.get(key), after.get(key))
        for key in sorted(before.keys() | after.keys())
        if before.get(key, ZERO) != after.get(key, ZERO)
    ]
    moves.sort(key=lambda m: (-abs(m.change), m.criterion))
    return tuple(moves[:limit])


def _total(entry: Mapping[str, Any] | None) -> Decimal | None:
    return None if entry is None else Decimal(entry["total"])


def _ranked_move(
    key: str,
    old: RunSide,
    new: RunSide,
    was: Mapping[str, Any] | None,
    now: Mapping[str, Any],
) -> Move | None:
    """A candidate ranked now: moved, entered, or (same rank) no move."""
    if was is not None and was["rank"] == now["rank"]:
        return None
    return Move(
        key=key,
        change=Change.ENTERED if was is None else Change.MOVED,
        old_rank=None if was is None else was["rank"],
        new_rank=now["rank"],
        old_total=_total(was),
        new_total=_total(now),
        criteria=criteria_moves(old.explanations.get(key), new.explanations.get(key)),
    )


def diff_runs(old: RunSide, new: RunSide) -> RunDiff:
    """Who moved between the old run and the new one, and which criteria moved
    them; candidates ranked at the same rank in both are not listed."""
    was = {entry["key"]: entry for entry in old.ranked}
    reasons = {entry["key"]: tuple(entry["reasons"]) for entry in new.incomplete}
    moves: list[Move] = []
    for now in new.ranked:
        move = _ranked_move(now["key"], old, new, was.get(now["key"]), now)
        if move is not None:
            moves.append(move)
    ranked_now = {entry["key"] for entry in new.ranked}
    for key, entry in was.items():
        if key in ranked_now:
            continue
        moves.append(
            Move(
                key=key,
                change=Change.INCOMPLETE if key in reasons else Change.LEFT,
                old_rank=entry["rank"],
                new_rank=None,
                old_total=_total(entry),
                reasons=reasons.get(key, ()),
            )
        )
    return RunDiff(tuple(moves), old.methodology, new.methodology)
