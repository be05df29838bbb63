"""Which demo reports exist, with what content and how far along the workflow:
pure functions of the region list, so the same regions always give the same plans."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from random import Random
from typing import NamedTuple

from participants.content import ReportContent, Value
from participants.demo.figures import (
    SEED,
    YEARS,
    Profile,
    RegionLines,
    coverage,
    province_lines,
    village_rows,
)
from participants.demo.reported import EXPLANATIONS, REPORTED
from participants.demo.showcase import non_asn_rate, showcase_profile
from participants.models import CoverageReport
from participants.validation import check_content
from review.findings import errors, warnings
from review.models import ReviewStatus

OPEN_YEAR = 2024  # still being collected, so every workflow state shows
MISSING = "missing"  # no report entered yet
JAVA = frozenset({"31", "32", "33", "34", "35", "36"})
APPROVED, SUBMITTED = ReviewStatus.APPROVED.value, ReviewStatus.SUBMITTED.value
RETURNED, DRAFT = ReviewStatus.RETURNED.value, ReviewStatus.DRAFT.value
# What a branch would write to explain a warning, by rule.
EXPLANATIONS_BY_RULE = {
    "below_minimum": "Sebagian iuran pekerja rentan dibayar lewat APBD Perubahan; "
    "kekurangannya dilunasi pada tahun anggaran berikutnya.",
    "coverage_jump": "Angkatan kerja dihitung ulang menurut Sakernas terbaru.",
}
Regions = dict[str, list[tuple[str, bool]]]  # province → [(kab/kota code, is kota)]


class Stored(NamedTuple):
    """A report already in the database, as far as the plans need to know."""

    status: str
    coverage: Decimal | None


Existing = dict[tuple[str, int], Stored]  # (region code, year) → stored report


@dataclass
class Plan:
    """One demo report: region, year, content and how far it went in the workflow."""

    province: str
    regency: str | None
    year: int
    content: ReportContent
    status: str = APPROVED
    was_returned: bool = False
    explanation: str = ""

    @property
    def code(self) -> str:
        return self.regency or self.province


def _overlay(content: ReportContent, reported: ReportContent | None) -> None:
    """Put the reported figures and tables over the generated ones."""
    if reported is None:
        return
    content.figures.update(reported.figures)
    content.lines.update(reported.lines)


def _pick(draw: float, weighted: Sequence[tuple[str, float]]) -> str:
    """The state a draw in [0, 1) falls on, with chances in proportion to weights."""
    target = draw * sum(weight for _state, weight in weighted)
    for state, weight in weighted:
        target -= weight
        if target < 0:
            return state
    return weighted[-1][0]


def _status(rng: Random, year: int, progress: float) -> tuple[str, bool]:
    """A kab/kota report's state and whether it was returned once on the way: old
    years approved (2023 nearly all), the open year as far as its province got."""
    draw, returned_once = rng.random(), rng.random() < 0.08
    if year < OPEN_YEAR - 1 or (year == OPEN_YEAR and progress > 0.9):
        return APPROVED, returned_once
    if year < OPEN_YEAR:
        return _pick(draw, [(APPROVED, 96), (SUBMITTED, 3), (RETURNED, 1)]), False
    weighted = [
        (APPROVED, 6 * progress),
        (SUBMITTED, 2),
        (RETURNED, 0.6),
        (DRAFT, 1.4 * (1 - progress) + 0.3),
        (MISSING, 1 - progress),
    ]
    return _pick(draw, weighted), returned_once


def _regency_plans(
    province: str, code: str, is_kota: bool, villages: Sequence[str], progress: float
) -> list[Plan]:
    """A kab/kota's five years: generated figures and rows, the reported ones on
    top, and a state per year."""
    drawn = Profile.draw(Random(f"{SEED}:{code}"), (province in JAVA, is_kota))
    profile = showcase_profile(drawn, code)
    lines = RegionLines(
        Random(f"{SEED}:{code}:lines"), is_kota=is_kota, non_asn_rate=non_asn_rate(code)
    )
    status_rng = Random(f"{SEED}:{code}:status")
    desa_rows = village_rows(code, villages)
    anchors = {
        year: reported.figures
        for (place, year), reported in REPORTED.items()
        if place == code and reported.figures
    }
    plans = []
    for year in YEARS:
        figures = profile.figures(year, anchors)
        content = ReportContent(figures, lines.rows(year, figures))
        if year in desa_rows:
            content.lines["villages"] = desa_rows[year]
        _overlay(content, REPORTED.get((code, year)))
        status, returned = _status(status_rng, year, progress)
        if (code, year) in REPORTED:
            status = APPROVED
        plans.append(Plan(province, code, year, content, status, returned))
    return plans


def _sum(plans: Iterable[Plan]) -> dict[str, Value]:
    """Each figure summed over the kab/kota that report it (None when none does)."""
    sums: dict[str, Value] = {}
    for name in CoverageReport.FIGURES:
        values = [p.content.figures[name] for p in plans]
        known = [int(value) for value in values if value is not None]
        sums[name] = sum(known) if known else None
    return sums


def _province_plans(
    province: str, children: list[Plan], existing: Existing
) -> list[Plan]:
    """The province's own reports: figures are the sums of its kab/kota; one exists
    only once all its kab/kota reports do, and is approved only once they all are."""
    rng = Random(f"{SEED}:{province}")
    plans = []
    for year in YEARS:
        mine = [plan for plan in children if plan.year == year]
        figures = _sum(mine)
        content = ReportContent(figures, province_lines(rng, year, figures))
        _overlay(content, REPORTED.get((province, year)))
        states = {
            existing[plan.code, year].status
            if (plan.code, year) in existing
            else plan.status
            for plan in mine
        }
        draw = rng.random()
        if MISSING in states:
            status = MISSING
        elif states <= {APPROVED}:
            status = APPROVED
        else:
            status = SUBMITTED if draw < 0.5 else DRAFT
        plans.append(Plan(province, None, year, content, status, draw < 0.05))
    return plans


def _showcase(plans: list[Plan], codes: Sequence[str]) -> None:
    """Give the demo branch work in the open year: a draft, a submitted report, a
    returned one, in code order."""
    states = (DRAFT, SUBMITTED, RETURNED)
    mine = [p for p in plans if p.year == OPEN_YEAR and p.regency in codes]
    for index, plan in enumerate(sorted(mine, key=lambda p: p.code)):
        plan.status = states[index % len(states)]


def _explain(plans: list[Plan], existing: Existing) -> None:
    """Refuse content that breaks a rule; explain the warnings it raises (against
    last year's stored report where there is one)."""
    previous = None
    for plan in plans:
        if (plan.code, plan.year - 1) in existing:
            previous = existing[plan.code, plan.year - 1].coverage
        findings = check_content(plan.content, previous_coverage=previous)
        if errors(findings):
            raise ValueError(f"Demo data {plan.code} {plan.year}: {errors(findings)}")
        rules = sorted({finding.rule for finding in warnings(findings)})
        if rules:
            plan.explanation = EXPLANATIONS.get(
                (plan.code, plan.year),
                " ".join(EXPLANATIONS_BY_RULE[rule] for rule in rules),
            )
        previous = coverage(plan.content.figures)


def plan_reports(
    regions: Regions,
    villages: dict[str, list[str]],
    *,
    existing: Existing | None = None,
    showcase: Sequence[str] = (),
) -> list[Plan]:
    """Every demo report, including those to leave missing; pure and deterministic.
    `villages` lists village codes per sampled kab/kota, `existing` the states of
    reports already stored, `showcase` the demo branch's kab/kota."""
    existing = existing or {}
    plans = []
    for province in sorted(regions):
        progress = Random(f"{SEED}:{province}:progress").random()
        children = []
        for code, is_kota in sorted(regions[province]):
            regency_plans = _regency_plans(
                province, code, is_kota, villages.get(code, []), progress
            )
            _explain(regency_plans, existing)
            children += regency_plans
        _showcase(children, showcase)
        province_plans = _province_plans(province, children, existing)
        _explain(province_plans, existing)
        plans += children + province_plans
    return plans
