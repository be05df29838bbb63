"""The rules for coverage data, defined once for forms, the API and file uploads.

Errors block saving. Warnings let the data be saved but need a written explanation
before the report is submitted. Each finding names the value (by its path, see
`participants.content`) and the rule, with a message in the active language.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from participants.calculations import minimum_rupiah, participants, percentage
from participants.content import (
    FUNDING_SOURCES,
    TABLES,
    ReportContent,
    Row,
    field_of,
    label_for,
)
from participants.models import (
    ClaimLine,
    FundingSource,
    NonAsnLine,
    VulnerableWorkerLine,
)
from review.findings import Finding

COVERAGE_JUMP_POINTS = Decimal(15)
MAX_COUNT = 1_000_000_000  # more people than Indonesia has
MAX_RUPIAH = 10**15  # Rp1.000 triliun
MAX_EXPLANATION = 4000  # characters of the branch's explanation of warnings
MAX_REASON = 500  # characters of a reason for a change or a review step
PARTICIPANT_FIGURES = ("peserta_pu", "peserta_bpu", "peserta_jakon", "peserta_pmi")
ALLOWED_KEYS = {
    "non_asn": {"category": set(NonAsnLine.Category.values)},
    "vulnerable": {
        "sector": set(VulnerableWorkerLine.Sector.values),
        "funding_source": set(FundingSource.values),
    },
    "claims": {"programme": set(ClaimLine.Programme.values)},
}


def _n(value: object) -> str:
    """A number as people write it in the active language: 72.131 in Indonesian."""
    return number_format(value, force_grouping=True)  # type: ignore[arg-type]


def _finding(path: str, rule: str, problem: str, *, warning: bool = False) -> Finding:
    message = _("%(field)s: %(problem)s") % {
        "field": label_for(path),
        "problem": problem,
    }
    return Finding(path, rule, message, warning)


def _row_finding(table_name: str, key: str, rule: str, problem: str) -> Finding:
    """A finding about a whole row (its key), named by the table."""
    message = f"{capfirst(TABLES[table_name].label())}: {problem}"
    return Finding(f"{table_name}:{key}", rule, message)


def check_content(
    content: ReportContent,
    *,
    previous_coverage: Decimal | None = None,
    villages: set[str] | None = None,
) -> list[Finding]:
    """Every finding for a whole report. `villages` are the desa codes the report's
    region contains (None skips that check)."""
    findings = check_figures(content.figures, previous_coverage=previous_coverage)
    for table_name, rows in content.lines.items():
        if table_name not in TABLES:
            problem = _("'%(value)s' is not a table of the report.") % {
                "value": table_name
            }
            findings.append(_finding("", "unknown_table", problem))
            continue
        for key, row in rows.items():
            findings += check_line(table_name, key, row, villages=villages)
    return findings


def check_figures(
    figures: dict, *, previous_coverage: Decimal | None = None
) -> list[Finding]:
    """The report's own figures: signs, sums and the year-on-year jump."""
    findings = list(_negatives(figures.items(), prefix=""))
    if findings:
        return findings
    workforce = figures.get("angkatan_kerja")
    formal, informal = figures.get("pekerja_formal"), figures.get("pekerja_informal")
    if (
        isinstance(workforce, int)
        and isinstance(formal, int)
        and isinstance(informal, int)
        and formal + informal != workforce
    ):
        problem = _(
            "formal (%(formal)s) plus informal workers (%(informal)s) must equal the "
            "labour force (%(workforce)s)."
        ) % {"formal": _n(formal), "informal": _n(informal), "workforce": _n(workforce)}
        findings.append(_finding("angkatan_kerja", "workforce_sum", problem))
    segments = [figures.get(name) for name in PARTICIPANT_FIGURES]
    # Whatever segments are reported already count against the workforce, even
    # when BPU is still blank and the total coverage cannot be computed yet.
    reported = sum(value for value in segments if isinstance(value, int))
    if isinstance(workforce, int) and reported > workforce:
        problem = _(
            "participants (%(total)s) cannot be more than the labour force "
            "(%(workforce)s)."
        ) % {"total": _n(reported), "workforce": _n(workforce)}
        findings.append(_finding("peserta_pu", "participants_above_workforce", problem))
    findings += _coverage_jump(participants(*segments), workforce, previous_coverage)
    return findings


def _coverage_jump(
    total: int | None, workforce: int | None, previous: Decimal | None
) -> list[Finding]:
    coverage = percentage(total, workforce)
    if coverage is None or previous is None:
        return []
    if abs(coverage - previous) <= COVERAGE_JUMP_POINTS:
        return []
    problem = _(
        "coverage moves from %(before)s %% last year to %(now)s %% (more than 15 "
        "points); explain why."
    ) % {"before": _n(previous), "now": _n(coverage)}
    return [_finding("peserta_pu", "coverage_jump", problem, warning=True)]


def _negatives(
    items: Iterable[tuple[str, object]], *, prefix: str
) -> Iterable[Finding]:
    """Negative or implausibly large numbers (a typo, or a sum that would overflow)."""
    for name, value in items:
        if not isinstance(value, int):
            continue
        path = f"{prefix}{name}"
        limit = MAX_RUPIAH if name == "rupiah" else MAX_COUNT
        if value < 0:
            yield _finding(path, "negative", _("cannot be negative."))
        elif value > limit:
            problem = _("is implausibly large (more than %(limit)s).") % {
                "limit": _n(limit)
            }
            yield _finding(path, "too_large", problem)


def check_line(
    table_name: str, key: str, row: Row, *, villages: set[str] | None = None
) -> list[Finding]:
    """One table row: known keys, signs, and the table's own rules."""
    table = TABLES[table_name]
    prefix = f"{table_name}:{key}:"
    unknown = _unknown_keys(table_name, key, row)
    if unknown:
        return unknown
    findings = list(_negatives(row.items(), prefix=prefix))
    if findings:
        return findings
    if table.name == "non_asn":
        findings += _protected_above_eligible(prefix, row)
    elif table.name == "vulnerable":
        findings += _vulnerable_rules(prefix, row)
    elif table.name == "villages":
        findings += _village_rules(prefix, key, row, villages)
    return findings


def _unknown_keys(table_name: str, key: str, row: Row) -> list[Finding]:
    findings = []
    try:
        values = TABLES[table_name].key_values(key)
    except ValueError:  # e.g. 'petani' or 'petani.apbd' for 'petani/apbd'
        problem = _("'%(value)s' is not a valid row key.") % {"value": key}
        return [_row_finding(table_name, key, "unknown_key", problem)]
    for key_field, allowed in ALLOWED_KEYS.get(table_name, {}).items():
        if values[key_field] not in allowed:
            problem = _("'%(value)s' is not a known %(what)s.") % {
                "value": values[key_field],
                "what": field_of(TABLES[table_name].model, key_field).verbose_name,
            }
            findings.append(
                _row_finding(table_name, key, f"unknown_{key_field}", problem)
            )
    return findings


def _protected_above_eligible(prefix: str, row: Row) -> list[Finding]:
    eligible, protected = row.get("eligible"), row.get("protected")
    if (
        isinstance(eligible, int)
        and isinstance(protected, int)
        and protected > eligible
    ):
        problem = _(
            "protected (%(protected)s) cannot be more than eligible (%(eligible)s)."
        ) % {
            "protected": _n(protected),
            "eligible": _n(eligible),
        }
        return [_finding(f"{prefix}protected", "protected_above_eligible", problem)]
    return []


def _vulnerable_rules(prefix: str, row: Row) -> list[Finding]:
    workers, months, rupiah = row.get("workers"), row.get("months"), row.get("rupiah")
    if isinstance(months, int) and not 1 <= months <= 12:
        return [_finding(f"{prefix}months", "months_range", _("must be from 1 to 12."))]
    if not all(isinstance(value, int) for value in (workers, months, rupiah)):
        return []
    least = minimum_rupiah(workers, months)  # type: ignore[arg-type]
    if rupiah < least:  # type: ignore[operator]
        problem = _(
            "Rp%(rupiah)s is less than %(workers)s workers × %(months)s months × "
            "Rp16.800 = Rp%(least)s; explain why."
        ) % {
            "rupiah": _n(rupiah),
            "workers": _n(workers),
            "months": months,
            "least": _n(least),
        }
        return [_finding(f"{prefix}rupiah", "below_minimum", problem, warning=True)]
    return []


def _village_rules(
    prefix: str, key: str, row: Row, villages: set[str] | None
) -> list[Finding]:
    findings = []
    if villages is not None and key not in villages:
        problem = _("desa %(code)s is not in this region.") % {"code": key}
        findings.append(
            _row_finding("villages", key, "village_outside_region", problem)
        )
    source = row.get("funding_source")
    if source not in FUNDING_SOURCES:
        problem = (
            _("choose a funding source.")
            if source in (None, "")
            else _("'%(value)s' is not a known funding source.") % {"value": source}
        )
        findings.append(
            _finding(f"{prefix}funding_source", "unknown_funding_source", problem)
        )
    return findings
