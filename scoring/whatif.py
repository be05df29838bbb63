"""The "what if" of a ranking run: other weights or normalisations applied to the
run's own canonical inputs (its bundle), ranked by the same pure engine, compared
with the run's ranks, and saved as the next methodology version. Trying writes
nothing; only `save_whatif` does."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nominations.models import Candidate
from scoring import engine
from scoring.adapter import NORMALISATIONS
from scoring.methodology_json import to_document
from scoring.models import Criterion, Methodology, RankingRun
from scoring.services.methodology import edit_methodology

FIELDS = ("weight", "normalisation", "target", "cap")
FIELD_KEY = re.compile(r"(weight|normalisation|target|cap)-(.*)", re.DOTALL)
# ASCII digits only: Decimal() would read other scripts' digits too.
WEIGHT = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?", re.ASCII)
TARGET = re.compile(r"[0-9]{1,13}(?:[.,][0-9]{1,4})?", re.ASCII)
HUNDRED = Decimal(100)
TARGET_MAX = Decimal(10**12)
RUBRIC = Criterion.Normalisation.RUBRIC_SCALE
DATA_NORMALISATIONS = (
    Criterion.Normalisation.TARGET_CAP,
    Criterion.Normalisation.MIN_MAX,
    Criterion.Normalisation.PERCENTILE,
)


class WhatIfError(ValueError):
    """Posted settings that cannot be tried, with every reason."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Row:
    """A candidate's place in the run and with the tried settings."""

    key: str
    name: str
    old_rank: int | None
    new_rank: int | None
    old_total: Decimal | None
    new_total: Decimal | None

    @property
    def move(self) -> int:
        """Places gained (positive) or lost (negative) against the run."""
        if self.old_rank is None or self.new_rank is None:
            return 0
        return self.old_rank - self.new_rank


@dataclass(frozen=True)
class Comparison:
    """The tried ranking beside the run's, and the ranked weights' sum."""

    rows: list[Row]
    incomplete: list[tuple[str, str, tuple[str, ...]]]
    weight_sum: Decimal

    @property
    def sums_to_hundred(self) -> bool:
        return self.weight_sum == HUNDRED


def run_document(run: RankingRun) -> dict[str, Any]:
    """The run's methodology version as a document: the settings a try starts from."""
    return to_document(run.methodology)


def criteria_of(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The document's criteria in display order, each with its aspect's name."""
    return [
        {**criterion, "aspect": aspect["name"]}
        for aspect in document["aspects"]
        for criterion in aspect["criteria"]
    ]


def apply_settings(document: dict[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """The document with the posted weight, normalisation, target and cap of every
    criterion; raises WhatIfError with every reason (missing or unknown criteria,
    numbers out of range or not plain ASCII decimals)."""
    codes = {c["code"] for c in criteria_of(document)}
    reasons = _unknown(data, codes)
    for aspect in document["aspects"]:
        for criterion in aspect["criteria"]:
            reasons += _apply(criterion, data)
    if reasons:
        raise WhatIfError(reasons)
    return document


def _unknown(data: Mapping[str, Any], codes: set[str]) -> list[str]:
    found = {m.group(2) for m in map(FIELD_KEY.fullmatch, data) if m}
    return [
        _("There is no criterion %(code)s in this methodology.")
        % {"code": ascii(code)[1:-1][:40]}
        for code in sorted(found - codes)
    ]


def _apply(criterion: dict[str, Any], data: Mapping[str, Any]) -> list[str]:
    """Put one criterion's posted settings into it; what is wrong with them."""
    code = criterion["code"]
    posted = {name: data.get(f"{name}-{code}") for name in FIELDS}
    reasons = _missing(code, posted)
    if reasons:
        return reasons
    weight = _decimal(posted["weight"], WEIGHT, HUNDRED)
    if weight is None:
        reasons.append(
            _(
                "%(code)s: the weight must be a number from 0 to 100 with at most "
                "two decimals."
            )
            % {"code": code}
        )
    normalisation = posted["normalisation"]
    if normalisation not in normalisations_for(criterion):
        reasons.append(
            _("%(code)s: choose a normalisation this criterion can use.")
            % {"code": code}
        )
    target, cap, found = _parameters(code, normalisation, posted)
    if reasons or found:
        return reasons + found
    criterion.update(
        weight=f"{weight:.2f}", normalisation=normalisation, target=target, cap=cap
    )
    return []


def _missing(code: str, posted: Mapping[str, Any]) -> list[str]:
    messages = {
        "weight": _("%(code)s: the weight is missing."),
        "normalisation": _("%(code)s: the normalisation is missing."),
    }
    return [
        message % {"code": code}
        for name, message in messages.items()
        if not isinstance(posted[name], str)
    ]


def normalisations_for(criterion: Mapping[str, Any]) -> tuple[str, ...]:
    """Rubric criteria use the rubric scale; the others any data normalisation."""
    if criterion["source"] == Criterion.Source.RUBRIC:
        return (RUBRIC,)
    return DATA_NORMALISATIONS


def _parameters(
    code: str, normalisation: Any, posted: Mapping[str, Any]
) -> tuple[str | None, str | None, list[str]]:
    """The target and cap (only a target normalisation has them), as the document
    writes them, and what is wrong with them."""
    if normalisation != Criterion.Normalisation.TARGET_CAP:
        return None, None, []
    target = _decimal(posted["target"], TARGET, TARGET_MAX)
    cap_text = posted["cap"]
    cap = None if _blank(cap_text) else _decimal(cap_text, WEIGHT, HUNDRED)
    reasons = []
    if target is None or target <= 0:
        reasons.append(
            _(
                "%(code)s: a target normalisation needs a target above 0 (at most "
                "four decimals)."
            )
            % {"code": code}
        )
    if cap is None and not _blank(cap_text):
        reasons.append(
            _(
                "%(code)s: the cap must be a number from 0 to 100 with at most two "
                "decimals, or empty for 100."
            )
            % {"code": code}
        )
    target_text = None if target is None else f"{target:.4f}"
    return target_text, None if cap is None else f"{cap:.2f}", reasons


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: Any, pattern: re.Pattern[str], high: Decimal) -> Decimal | None:
    """A plain decimal (a comma read as the point) from 0 to `high`, else None."""
    if not isinstance(value, str) or not pattern.fullmatch(value.strip()):
        return None
    number = Decimal(value.strip().replace(",", "."))
    return number if number <= high else None


def ranked_weight_sum(document: Mapping[str, Any]) -> Decimal:
    """Sum of the ranked (not independent) weights: 100 to save."""
    return sum(
        (Decimal(c["weight"]) for c in criteria_of(document) if not c["independent"]),
        Decimal(0),
    )


def tried_methodology(
    run: RankingRun, document: Mapping[str, Any]
) -> tuple[engine.Methodology, list[engine.CandidateInput], engine.Stage]:
    """The run's canonical inputs with the document's weights and normalisations."""
    methodology, candidates, stage = engine.load_inputs(run.bundle["inputs"])
    settings = {c["code"]: c for c in criteria_of(document)}
    criteria = tuple(_tried(c, settings[c.key]) for c in methodology.criteria)
    return replace(methodology, criteria=criteria), candidates, stage


def _tried(criterion: engine.Criterion, setting: Mapping[str, Any]) -> engine.Criterion:
    """The engine criterion with a setting, parameters built as the adapter does."""
    params = {
        name: Decimal(setting[name])
        for name in ("target", "cap")
        if setting[name] is not None
    }
    return replace(
        criterion,
        weight=Decimal(setting["weight"]),
        normalisation=NORMALISATIONS[setting["normalisation"]],
        params=params,
    )


def compare(run: RankingRun, document: Mapping[str, Any]) -> Comparison:
    """Rank the run's inputs by the document's settings through `engine.rank`,
    beside the run's own ranks and totals. Writes nothing."""
    methodology, candidates, stage = tried_methodology(run, document)
    ranking = engine.rank(methodology, candidates, stage=stage)
    names = candidate_names(run)
    before = {entry["key"]: entry for entry in run.ranked}
    rows = [_row(p.key, names, before, p) for p in ranking.ranked]
    placed = {p.key for p in ranking.ranked}
    rows += [_row(key, names, before, None) for key in before if key not in placed]
    return Comparison(
        rows=rows,
        incomplete=[
            (u.key, names.get(u.key, u.key), u.reasons) for u in ranking.incomplete
        ],
        weight_sum=ranked_weight_sum(document),
    )


def _row(
    key: str,
    names: Mapping[str, str],
    before: Mapping[str, Mapping[str, Any]],
    placed: engine.Placed | None,
) -> Row:
    old = before.get(key)
    return Row(
        key=key,
        name=names.get(key, key),
        old_rank=old["rank"] if old else None,
        new_rank=placed.rank if placed else None,
        old_total=Decimal(old["total"]) if old else None,
        new_total=placed.total if placed else None,
    )


def candidate_names(run: RankingRun) -> dict[str, str]:
    """The names of the run's candidates by key (one query)."""
    keys = [int(key) for key in run.sources]
    candidates = Candidate.objects.filter(pk__in=keys).select_related(
        "province", "regency", "village", "employer"
    )
    return {str(c.pk): c.subject_name for c in candidates}


def is_unchanged(run: RankingRun, document: Mapping[str, Any]) -> bool:
    """Whether the settings are those of the run's methodology version."""
    return _settings(document) == _settings(run_document(run))


def _settings(document: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(c[name] for name in FIELDS) for c in criteria_of(document)]


def save_whatif(run: RankingRun, document: dict[str, Any]) -> Methodology:
    """Save the tried settings as the next version of the run's methodology (a
    run's version is frozen, so it stays as it is). Raises DocumentError when the
    document breaks a rule, such as weights not summing to 100."""
    return edit_methodology(run.methodology, document)
