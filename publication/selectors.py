"""What the public results pages show, read from releases past their embargo.

Every figure, name and rank comes from `Release.snapshot`; the ranking tables are
never read. A scope (category × province, or national) shows its latest public
release; earlier ones stay readable, marked superseded."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from publication.models import Release
from scoring.reasons import reason_text

# How many releases the changelog of an edition lists.
CHANGELOG_LENGTH = 10
# Shown per category when a release holds no winner decision yet.
TOP_WITHOUT_DECISIONS = 3
HISTORY_FIELDS = (
    "pk",
    "number",
    "changelog",
    "correction_reason",
    "published_at",
    "embargo_until",
    "supersedes_id",
    "is_demo",
)


@dataclass
class Overview:
    """An edition's results: national releases per category, the provinces with
    results and the latest releases with their changelog."""

    award_year: int
    name: str
    national: list[dict[str, Any]] = field(default_factory=list)
    provinces: list[dict[str, str]] = field(default_factory=list)
    changelog: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_demo(self) -> bool:
        return any(entry["release"].is_demo for entry in self.national) or any(
            entry["is_demo"] for entry in self.changelog
        )


def decision_label(decision: dict[str, Any] | None) -> str:
    """A snapshot row's decision in words ("Winner 1"), empty when none."""
    if not decision:
        return ""
    place = decision.get("place")
    if decision.get("outcome") == "national_finalist":
        return _("National finalist")
    if decision.get("outcome") == "national_winner":
        return _("National winner %(place)s") % {"place": place}
    return _("Winner %(place)s") % {"place": place}


def winners(release: Release) -> list[dict[str, Any]]:
    """The release's winners by place; without decisions, its first ranked rows."""
    rows = release.snapshot.get("ranked", [])
    decided = [row for row in rows if row.get("decision")]
    if not decided:
        return [_row(row) for row in rows[:TOP_WITHOUT_DECISIONS]]
    decided.sort(key=lambda row: (row["decision"].get("place") or 0, row["rank"]))
    return [_row(row) for row in decided]


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "decision_label": decision_label(row.get("decision"))}


def _latest_per_scope(releases: Any) -> list[Release]:
    """The newest public release of each scope among `releases`."""
    latest: dict[tuple[int, str | None], Release] = {}
    for release in releases.order_by("number"):
        latest[(release.category_id, release.province_id)] = release
    return sorted(latest.values(), key=lambda r: r.snapshot["category"]["name"])


def award_years() -> list[int]:
    """The award years with at least one public release, newest first."""
    years = Release.objects.public().values_list("edition__award_year", flat=True)
    return sorted(set(years), reverse=True)


def _edition_releases(year: int) -> Any:
    return Release.objects.public().filter(edition__award_year=year)


def overview(year: int | None = None) -> Overview | None:
    """The results of an award year (default: the latest with public releases)."""
    if year is None:
        years = award_years()
        if not years:
            return None
        year = years[0]
    releases = _edition_releases(year)
    national = _latest_per_scope(releases.filter(province__isnull=True))
    changelog = changelog_entries(releases)
    if not national and not changelog:
        return None
    name = (
        national[0].snapshot["edition"]["name"]
        if national
        else changelog[0]["edition_name"]
    )
    return Overview(
        award_year=year,
        name=name,
        national=[{"release": r, "winners": winners(r)} for r in national],
        provinces=provinces_with_results(releases),
        changelog=changelog,
    )


def provinces_with_results(releases: Any) -> list[dict[str, str]]:
    """The provinces (code and name) that have a public release, by code."""
    found = (
        releases.filter(province__isnull=False)
        .annotate(name=KT("snapshot__province__name"))
        .values_list("province_id", "name")
    )
    return [{"code": str(code), "name": name} for code, name in sorted(set(found))]


def changelog_entries(releases: Any) -> list[dict[str, Any]]:
    """The latest public releases with their changelog and correction reason."""
    rows = releases.order_by("-published_at", "-pk").values(
        *HISTORY_FIELDS,
        category_name=KT("snapshot__category__name"),
        province_name=KT("snapshot__province__name"),
        edition_name=KT("snapshot__edition__name"),
    )
    return list(rows[:CHANGELOG_LENGTH])


def latest_national() -> dict[str, Any] | None:
    """The latest award year's national releases with their winners (the home
    page's results), or None before any public release."""
    years = award_years()
    if not years:
        return None
    national = _latest_per_scope(
        _edition_releases(years[0]).filter(province__isnull=True)
    )
    return {
        "award_year": years[0],
        "national": [{"release": r, "winners": winners(r)} for r in national],
        "is_demo": any(r.is_demo for r in national),
    }


def national_release(year: int, category_pk: int) -> Release | None:
    """The category's latest public national release of the award year."""
    return (
        _edition_releases(year)
        .filter(category_id=category_pk, province__isnull=True)
        .order_by("-number")
        .first()
    )


def province_releases(year: int, code: str) -> list[dict[str, Any]]:
    """Every category's latest public release in the province, with winners."""
    releases = _edition_releases(year).filter(province_id=code)
    return [{"release": r, "winners": winners(r)} for r in _latest_per_scope(releases)]


def public_release(pk: int) -> Release | None:
    """A release past its embargo."""
    return Release.objects.public().filter(pk=pk).first()


def history(release: Release) -> list[dict[str, Any]]:
    """The scope's public releases by number, each with the release that
    supersedes it (its number and pk), if public."""
    rows = list(
        Release.objects.public()
        .in_scope(release.category_id, release.province_id)
        .order_by("number")
        .values(*HISTORY_FIELDS)
    )
    if release.pk not in {row["pk"] for row in rows}:
        # An embargoed release shown to its publishers: its own line too.
        rows.append({name: getattr(release, name) for name in HISTORY_FIELDS})
    by_previous = {row["supersedes_id"]: row for row in rows if row["supersedes_id"]}
    for row in rows:
        row["superseded_by"] = by_previous.get(row["pk"])
    return rows


def ranking(release: Release) -> dict[str, Any]:
    """The release's ranked rows (with decision labels) and incomplete rows
    (with their reasons in words)."""
    snapshot = release.snapshot
    incomplete = [
        {**row, "reason_texts": [reason_text(code) for code in row.get("reasons", [])]}
        for row in snapshot.get("incomplete", [])
    ]
    return {
        "ranked": [_row(row) for row in snapshot.get("ranked", [])],
        "incomplete": incomplete,
    }
