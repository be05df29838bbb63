"""How complete a year's coverage reports are: which expected reports are missing,
draft, submitted, returned or approved, counted per Kanwil, branch or province.

A report is expected from every current province (its own report) and every current
kab/kota in the user's area. The regions, their branches and the year's reports are
read in four queries whatever their number and joined here in Python (552 regions at
most), so the dashboard, its drill-down and the export share one picture.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from participants.models import CoverageReport
from regions.models import Branch, Province, Regency
from review.models import ReviewStatus

MISSING = "missing"
# Bar and column order: the furthest state first.
STATES: tuple[str, ...] = (
    ReviewStatus.APPROVED,
    ReviewStatus.SUBMITTED,
    ReviewStatus.RETURNED,
    ReviewStatus.DRAFT,
    MISSING,
)
STATE_LABELS: dict[str, StrOrPromise] = {
    **{str(value): label for value, label in ReviewStatus.choices},
    MISSING: _("Missing"),
}
LEVEL_LABELS: dict[str, StrOrPromise] = {
    "province": _("Province"),
    Regency.Kind.KABUPATEN: _("Regency"),
    Regency.Kind.KOTA: _("City"),
}
NONE = "none"  # the key of the group of regions without a Kanwil or branch


class Grouping(models.TextChoices):
    KANWIL = "kanwil", _("Regional office")
    BRANCH = "branch", _("Branch office")
    PROVINCE = "province", _("Province")


@dataclass(frozen=True)
class Unit:
    """A Kanwil, branch or province that reports are counted under."""

    key: str
    name: StrOrPromise


NO_KANWIL = Unit(NONE, _("No regional office"))
NO_BRANCH = Unit(NONE, _("No branch office"))


@dataclass(frozen=True)
class ExpectedReport:
    """A region that should report for the year, and its report if there is one."""

    province: Province
    regency: Regency | None
    branches: tuple[Unit, ...]
    report: CoverageReport | None

    @property
    def code(self) -> str:
        return str(self.regency.code if self.regency else self.province.code)

    @property
    def name(self) -> str:
        return str(self.regency.name if self.regency else self.province.name)

    @property
    def level(self) -> str:
        return str(self.regency.kind) if self.regency else "province"

    @property
    def level_label(self) -> StrOrPromise:
        return LEVEL_LABELS[self.level]

    @property
    def state(self) -> str:
        return str(self.report.status) if self.report else MISSING

    @property
    def state_label(self) -> StrOrPromise:
        return STATE_LABELS[self.state]

    @property
    def updated_at(self) -> datetime | None:
        return self.report.updated_at if self.report else None

    @property
    def kanwil(self) -> Unit:
        kanwil = self.province.kanwil
        return Unit(kanwil.code, kanwil.name) if kanwil else NO_KANWIL

    def units(self, grouping: str) -> tuple[Unit, ...]:
        """What the report counts under: a kab/kota under every branch serving it."""
        if grouping == Grouping.KANWIL:
            return (self.kanwil,)
        if grouping == Grouping.BRANCH:
            return self.branches or (NO_BRANCH,)
        return (Unit(self.province.code, self.province.name),)


@dataclass(frozen=True)
class Segment:
    """One state's share of a group's expected reports."""

    state: str
    label: StrOrPromise
    count: int
    percent: float

    @property
    def width(self) -> int:
        """The share in whole percent (half up): the bar's CSS width class."""
        return int(self.percent + 0.5)


@dataclass(frozen=True)
class GroupRow:
    """Counts per state of one group's expected reports (the total has no unit)."""

    unit: Unit | None
    counts: dict[str, int]

    @property
    def expected(self) -> int:
        return sum(self.counts.values())

    @property
    def approved_percent(self) -> float:
        return self._percent(self.counts[ReviewStatus.APPROVED])

    @property
    def segments(self) -> list[Segment]:
        """The non-empty states in bar order."""
        return [
            Segment(state, STATE_LABELS[state], count, self._percent(count))
            for state, count in self.counts.items()
            if count
        ]

    def _percent(self, count: int) -> float:
        return count * 100 / self.expected if self.expected else 0.0


def latest_year(user: Any) -> int:
    """The latest year with reports in the user's area, else the current year."""
    latest = CoverageReport.objects.for_user(user).aggregate(year=Max("year"))["year"]
    return int(latest or timezone.localdate().year)


def expected_reports(user: Any, year: int) -> list[ExpectedReport]:
    """Every report expected in the user's area for the year, by region code
    (four queries)."""
    provinces = _provinces(user).active().select_related("kanwil", "reporting_branch")
    regencies = (
        Regency.objects.for_user(user).active().select_related("province__kanwil")
    )
    serving = _serving_branches(user, regencies)
    reports = {
        report.region_code: report
        for report in CoverageReport.objects.for_user(user)
        .filter(year=year)
        .only("province_id", "regency_id", "year", "status", "updated_at")
    }
    expected = [
        ExpectedReport(p, None, _units([p.reporting_branch]), reports.get(p.code))
        for p in provinces
    ] + [
        ExpectedReport(r.province, r, serving.get(r.code, ()), reports.get(r.code))
        for r in regencies
    ]
    return sorted(expected, key=lambda item: item.code)


def _provinces(user: Any) -> Any:
    """Provinces whose own report lies in the user's area. A branch answers for the
    provinces it reports for (as in report scoping), not for every province it
    serves a kab/kota in."""
    branch = _own_branch(user)
    if branch is not None:
        return Province.objects.filter(reporting_branch=branch)
    return Province.objects.for_user(user)


def _own_branch(user: Any) -> Any:
    """The id of the branch a branch-scoped user works in, else None."""
    if not user.is_authenticated or user.is_national:
        return None
    scope = user.region_scope
    return scope[1] if scope and scope[0] == "branch" else None


def _serving_branches(user: Any, regencies: Any) -> dict[str, tuple[Unit, ...]]:
    """The branches serving each kab/kota; only the user's own for branch staff."""
    links = Branch.regencies.through.objects.filter(
        regency__in=regencies.values("pk")
    ).select_related("branch")
    branch = _own_branch(user)
    if branch is not None:
        links = links.filter(branch=branch)
    serving: dict[str, list[Branch]] = {}
    for link in links.order_by("branch__name", "branch__code"):
        serving.setdefault(link.regency_id, []).append(link.branch)
    return {code: _units(branches) for code, branches in serving.items()}


def _units(branches: Iterable[Branch | None]) -> tuple[Unit, ...]:
    return tuple(Unit(b.code, b.name) for b in branches if b is not None)


def filter_reports(
    reports: Iterable[ExpectedReport],
    *,
    state: str = "",
    kanwil: str = "",
    branch: str = "",
    province: str = "",
) -> list[ExpectedReport]:
    """The expected reports matching every filter given (keys as in `Unit.key`)."""
    wanted = {
        Grouping.KANWIL: kanwil,
        Grouping.BRANCH: branch,
        Grouping.PROVINCE: province,
    }
    return [
        item
        for item in reports
        if (not state or item.state == state)
        and all(
            key in (unit.key for unit in item.units(grouping))
            for grouping, key in wanted.items()
            if key
        )
    ]


def group_rows(reports: Iterable[ExpectedReport], grouping: str) -> list[GroupRow]:
    """Counts per state for each Kanwil, branch or province; groups without a
    Kanwil or branch last."""
    counts: dict[Unit, dict[str, int]] = {}
    for item in reports:
        for unit in item.units(grouping):
            row = counts.setdefault(unit, dict.fromkeys(STATES, 0))
            row[item.state] += 1

    def order(unit: Unit) -> tuple[bool, str]:
        label = unit.key if grouping == Grouping.PROVINCE else str(unit.name).casefold()
        return (unit.key == NONE, label)

    return [GroupRow(unit, counts[unit]) for unit in sorted(counts, key=order)]


def total_row(reports: Iterable[ExpectedReport]) -> GroupRow:
    """Counts per state of the reports, each counted once."""
    counts = dict.fromkeys(STATES, 0)
    for item in reports:
        counts[item.state] += 1
    return GroupRow(None, counts)


def units(reports: Iterable[ExpectedReport], grouping: str) -> list[Unit]:
    """The Kanwil, branches or provinces the reports count under, in table order."""
    return [row.unit for row in group_rows(reports, grouping) if row.unit]


def startable_codes(user: Any, reports: Iterable[ExpectedReport]) -> set[str]:
    """Codes of the missing reports the user may start.

    The permission `participants.start_report` is asked once per level, with the
    first missing region of it: inside the user's area, where every listed region
    lies, its answer depends on the role and the level only (a test holds it to the
    per-region answer)."""
    missing = [item for item in reports if item.report is None]
    answers: dict[bool, bool] = {}
    for item in missing:
        is_province = item.regency is None
        if is_province not in answers:
            region = item.regency or item.province
            answers[is_province] = user.has_perm("participants.start_report", region)
    return {item.code for item in missing if answers[item.regency is None]}
