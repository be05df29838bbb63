"""The engine's inputs of every ranking of an edition, read at once.

`adapter.build_inputs` reads one scope with a query per table; recomputing the 117
rankings of an edition that way sends over 1,600 queries and builds an ORM object
for every report line. Here each kind of input is read once for the whole edition
with values()/values_list() and grouped in Python, so the number of queries does
not grow with the number of candidates or scopes. Each scope's inputs then come
out exactly as `build_inputs` gives them (same values, order and sources): the
per-candidate work reuses the adapter's own functions on light rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from nominations.models import (
    Candidate,
    Edition,
    EmployerCompliance,
    Innovation,
    Regulation,
    Verification,
    VerificationStep,
)
from nominations.models.employers import PROGRAMMES
from participants.models import (
    CoverageReport,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from review.models import ReviewStatus
from scoring import adapter, engine
from scoring.models import SheetScore

_CANDIDATE_FIELDS = (
    "pk",
    "category_id",
    "province_id",
    "regency_id",
    "village_id",
    "employer_id",
    "status",
)


class _Lines(list[Any]):
    """A report's lines, read like a prefetched related manager (`.all()`)."""

    def all(self) -> "_Lines":
        return self


@dataclass
class EditionData:
    """Every input of the edition's rankings, grouped for the scopes."""

    year: int
    candidates: list[Any]
    reports: dict[Any, Any]
    villages: dict[tuple[str, str | None], int]
    dossiers: dict[int, tuple[list[engine.DossierItem], list[int]]]
    compliance: dict[int, Any]
    # Rubric levels and sheets used, by panel province (None: national jury).
    levels: dict[Any, dict[int, dict[str, dict[str, Decimal]]]] = field(
        default_factory=dict
    )
    sheets: dict[Any, dict[int, list[list[int]]]] = field(default_factory=dict)


def load_edition(edition: Edition) -> EditionData:
    """Read every input of the edition's rankings: nine queries whatever its size."""
    year = edition.assessment_year
    rows = Candidate.objects.filter(edition=edition).order_by("pk")
    candidates = [SimpleNamespace(**row) for row in rows.values(*_CANDIDATE_FIELDS)]
    data = EditionData(
        year=year,
        candidates=candidates,
        reports=_reports(edition, candidates, year),
        villages=adapter._villages_total(cast(Any, candidates)),
        dossiers=_dossiers(edition),
        compliance=_compliance(edition, year),
    )
    data.levels, data.sheets = _rubric(edition)
    return data


def scope_inputs(
    data: EditionData, scope: adapter.Scope, methodology: engine.Methodology
) -> adapter.Inputs:
    """The scope's inputs, equal to `adapter.build_inputs` for the same scope."""
    members = _members(data, scope)
    panel = None if scope.province is None else scope.province.pk
    levels = data.levels.get(panel, {})
    used = data.sheets.get(panel, {})
    inputs = adapter.Inputs(methodology, [])
    for candidate in members:
        key = str(candidate.pk)
        items, verified = data.dossiers.get(candidate.pk, ([], []))
        if candidate.employer_id:
            record = data.compliance.get(candidate.employer_id)
            values, source = adapter._employer_values(record)
        else:
            values, source = adapter._region_values(
                candidate, data.reports, data.villages, items, year=data.year
            )
        source["verifications"] = verified
        source["sheets"] = used.get(candidate.pk, [])
        inputs.sources[key] = source
        inputs.candidates.append(
            engine.CandidateInput(key, values, levels.get(candidate.pk, {}))
        )
    return inputs


def _members(data: EditionData, scope: adapter.Scope) -> list[Any]:
    """The candidates the scope compares, as `adapter.scope_candidates` picks them
    (zones are not edition-wide rankings: they keep `compute_run`)."""
    category = scope.category.pk
    if scope.province is None:
        wanted = set(adapter.NATIONAL_STATUSES)
        return [
            c
            for c in data.candidates
            if c.category_id == category and c.status in wanted
        ]
    province = scope.province.pk
    return [
        c
        for c in data.candidates
        if c.category_id == category and c.province_id == province
    ]


def _reports(edition: Edition, candidates: list[Any], year: int) -> dict[Any, Any]:
    """Approved reports of this year and the last one of the regions that are
    candidates, with their lines, by region and year (four queries)."""
    if not any(not (c.employer_id or c.village_id) for c in candidates):
        return {}
    regions = Candidate.objects.filter(
        edition=edition, employer__isnull=True, village__isnull=True
    )
    found = CoverageReport.objects.approved().filter(year__in=(year, year - 1))
    wanted = found.filter(
        regency_id__in=regions.filter(regency__isnull=False).values("regency_id")
    ) | found.filter(
        regency__isnull=True,
        province_id__in=regions.filter(regency__isnull=True).values("province_id"),
    )
    reports: dict[int, SimpleNamespace] = {}
    figures = ("pk", "version", "province_id", "regency_id", "year")
    for row in wanted.order_by().values(*figures, *adapter._REPORT_FIGURES):
        report = SimpleNamespace(**row)
        report.region_code = str(report.regency_id or report.province_id)
        report.non_asn_lines = _Lines()
        report.vulnerable_lines = _Lines()
        report.village_lines = _Lines()
        reports[report.pk] = report
    _add_lines(reports, wanted.values("pk"))
    return {(adapter._region_key(r), r.year): r for r in reports.values()}


def _add_lines(reports: dict[int, SimpleNamespace], wanted: Any) -> None:
    """Each report's non-ASN, vulnerable-worker and desa lines, in the order of
    their models (one query per kind)."""
    kinds = (
        (NonAsnLine, "non_asn_lines", ("category", "eligible", "protected"), "pk"),
        (
            VulnerableWorkerLine,
            "vulnerable_lines",
            ("sector", "funding_source", "workers", "months", "rupiah"),
            "pk",
        ),
        (VillageProtection, "village_lines", ("village_id", "workers"), "village_id"),
    )
    for model, name, columns, order in kinds:
        lines = model.objects.filter(report__in=wanted).order_by("report_id", order)
        for row in lines.values("report_id", *columns):
            report = reports[row.pop("report_id")]
            getattr(report, name).append(SimpleNamespace(**row))


def _dossiers(
    edition: Edition,
) -> dict[int, tuple[list[engine.DossierItem], list[int]]]:
    """Each candidate's regulations then innovations, verified by their latest
    logged step, and the ids of those steps (four queries)."""
    steps = VerificationStep.objects.order_by("at", "pk")
    latest_regulation = _latest(
        steps.filter(regulation__candidate__edition=edition), "regulation_id"
    )
    latest_innovation = _latest(
        steps.filter(innovation__candidate__edition=edition), "innovation_id"
    )
    found: dict[int, tuple[list[engine.DossierItem], list[int]]] = defaultdict(
        lambda: ([], [])
    )
    sources = (
        (Regulation, "regulation", latest_regulation, ("pk", "candidate_id", "kind")),
        (Innovation, "innovation", latest_innovation, ("pk", "candidate_id")),
    )
    for model, kind, latest, columns in sources:
        rows = model.objects.filter(candidate__edition=edition).values_list(*columns)
        for pk, candidate, *rest in rows:
            step = latest.get(pk)
            is_verified = step is not None and step[1] == Verification.VERIFIED
            items, verified = found[candidate]
            items.append(engine.DossierItem(kind, rest[0] if rest else "", is_verified))
            if is_verified and step is not None:
                verified.append(step[0])
    for _items, verified in found.values():
        verified.sort()
    return found


def _latest(steps: Any, item: str) -> dict[int, tuple[int, str]]:
    """The last step (id, status reached) of each item, steps read in order."""
    return {
        pk: (step, status)
        for step, pk, status in steps.values_list("pk", item, "to_status")
    }


def _compliance(edition: Edition, year: int) -> dict[int, Any]:
    """The approved compliance of the year of each employer candidate (one query)."""
    employers = Candidate.objects.filter(edition=edition, employer__isnull=False)
    found = EmployerCompliance.objects.approved().filter(
        year=year, employer_id__in=employers.values("employer_id")
    )
    columns = ("pk", "version", "employer_id", "year", *PROGRAMMES)
    records = {}
    for row in found.values(*columns, *adapter._COMPLIANCE_FIGURES):
        record = SimpleNamespace(**row)
        record.programmes = [name for name in PROGRAMMES if row[name]]
        records[record.employer_id] = record
    return records


def _rubric(edition: Edition) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Submitted rubric levels by panel province (None: the national jury),
    candidate, criterion code and assessor, and the sheets used (one query).
    Only a panel of the candidate's own round, or the jury, scores it."""
    scores = SheetScore.objects.filter(
        sheet__candidate__edition=edition,
        sheet__status=ReviewStatus.SUBMITTED,
        sheet__member__panel__edition=edition,
        level__isnull=False,
    )
    rows = scores.order_by().values_list(
        "sheet__member__panel__round__province_id",
        "sheet__candidate_id",
        "criterion__code",
        "sheet__member_id",
        "level__score",
        "sheet_id",
        "sheet__version",
    )
    levels: dict[Any, Any] = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    sheets: dict[Any, Any] = defaultdict(lambda: defaultdict(set))
    # Half a million rows for a national edition: each level's Decimal and each
    # assessor's key are made once, not once per row.
    numbers: dict[Any, Decimal] = {}
    names: dict[int, str] = {}
    for panel, candidate, code, member, score, sheet, version in rows:
        value = numbers.get(score)
        if value is None:
            value = numbers[score] = Decimal(score)
        name = names.get(member)
        if name is None:
            name = names[member] = str(member)
        levels[panel][candidate][code][name] = value
        sheets[panel][candidate].add((sheet, version))
    return (
        {
            panel: {pk: dict(by_code) for pk, by_code in found.items()}
            for panel, found in levels.items()
        },
        {
            panel: {pk: [list(p) for p in sorted(used)] for pk, used in found.items()}
            for panel, found in sheets.items()
        },
    )
