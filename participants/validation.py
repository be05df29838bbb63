"""The rules for coverage data, defined once for forms, the API and file uploads.

Errors block saving. Warnings let the data be saved but need a written explanation
before the report is submitted. Each finding names the value (by its path, see
`participants.content`) and the rule, with a message in the active language.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

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


PROBLEMS: dict[str, StrOrPromise] = {
    "unknown_table": gettext_lazy("'%(value)s' is not a table of the report."),
    "workforce_sum": gettext_lazy(
        "formal (%(formal)s) plus informal workers (%(informal)s) must equal the "
        "labour force (%(workforce)s)."
    ),
    "participants_above_workforce": gettext_lazy(
        "participants (%(total)s) cannot be more than the labour force (%(workforce)s)."
    ),
    "coverage_jump": gettext_lazy(
        "coverage moves from %(before)s %% last year to %(now)s %% (more than 15 "
        "points); explain why."
    ),
    "negative": gettext_lazy("cannot be negative."),
    "too_large": gettext_lazy("is implausibly large (more than %(limit)s)."),
    "unknown_key": gettext_lazy("'%(value)s' is not a valid row key."),
    "unknown_value": gettext_lazy("'%(value)s' is not a known %(what)s."),
    "protected_above_eligible": gettext_lazy(
        "protected (%(protected)s) cannot be more than eligible (%(eligible)s)."
    ),
    "months_range": gettext_lazy("must be from 1 to 12."),
    "below_minimum": gettext_lazy(
        "Rp%(rupiah)s is less than %(workers)s workers × %(months)s months × "
        "Rp16.800 = Rp%(least)s; explain why."
    ),
    "village_outside_region": gettext_lazy("desa %(code)s is not in this region."),
    "no_funding_source": gettext_lazy("choose a funding source."),
    "unknown_funding_source": gettext_lazy(
        "'%(value)s' is not a known funding source."
    ),
}
ROW_RULES = {"unknown_key", "village_outside_region"}  # about a whole table row
DECIMALS = ("before", "now")  # percentages, kept as text where JSON keeps them
VERBATIM = ("value", "code", "key_field")  # what the person wrote, as written


def _n(value: object) -> str:
    """A number as people write it in the active language: 72.131 in Indonesian."""
    return number_format(value, force_grouping=True)  # type: ignore[arg-type]


def render_finding(path: str, rule: str, params: dict[str, Any]) -> str:
    """A finding's message in the active language, from its path, rule and values
    (a row's path, 'table:key', is named by its table)."""
    problem = _problem(path, rule, params)
    if rule in ROW_RULES or "key_field" in params:
        table_name = path.split(":", 1)[0]
        return f"{capfirst(TABLES[table_name].label())}: {problem}"
    return _("%(field)s: %(problem)s") % {"field": label_for(path), "problem": problem}


def _problem(path: str, rule: str, params: dict[str, Any]) -> str:
    words = {
        name: _n(value)
        if name not in VERBATIM
        and (isinstance(value, int | float | Decimal) or name in DECIMALS)
        else value
        for name, value in params.items()
    }
    if "key_field" in params:  # a row key naming no known category, sector, …
        model = TABLES[path.split(":", 1)[0]].model
        words["what"] = field_of(model, params["key_field"]).verbose_name
        return str(PROBLEMS["unknown_value"]) % words
    if rule == "unknown_funding_source" and params.get("value") in (None, ""):
        return str(PROBLEMS["no_funding_source"])
    return str(PROBLEMS[rule]) % words


def _finding(path: str, rule: str, *, warning: bool = False, **params: Any) -> Finding:
    message = render_finding(path, rule, params)
    return Finding(path, rule, message, warning, params)


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
            findings.append(_finding("", "unknown_table", value=table_name))
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
        findings.append(
            _finding(
                "angkatan_kerja",
                "workforce_sum",
                formal=formal,
                informal=informal,
                workforce=workforce,
            )
        )
    segments = [figures.get(name) for name in PARTICIPANT_FIGURES]
    # Whatever segments are reported already count against the workforce, even
    # when BPU is still blank and the total coverage cannot be computed yet.
    reported = sum(value for value in segments if isinstance(value, int))
    if isinstance(workforce, int) and reported > workforce:
        findings.append(
            _finding(
                "peserta_pu",
                "participants_above_workforce",
                total=reported,
                workforce=workforce,
            )
        )
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
    return [
        _finding(
            "peserta_pu", "coverage_jump", warning=True, before=previous, now=coverage
        )
    ]


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
            yield _finding(path, "negative")
        elif value > limit:
            yield _finding(path, "too_large", limit=limit)


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
        return [_finding(f"{table_name}:{key}", "unknown_key", value=key)]
    for key_field, allowed in ALLOWED_KEYS.get(table_name, {}).items():
        if values[key_field] not in allowed:
            findings.append(
                _finding(
                    f"{table_name}:{key}",
                    f"unknown_{key_field}",
                    value=values[key_field],
                    key_field=key_field,
                )
            )
    return findings


def _protected_above_eligible(prefix: str, row: Row) -> list[Finding]:
    eligible, protected = row.get("eligible"), row.get("protected")
    if (
        isinstance(eligible, int)
        and isinstance(protected, int)
        and protected > eligible
    ):
        return [
            _finding(
                f"{prefix}protected",
                "protected_above_eligible",
                protected=protected,
                eligible=eligible,
            )
        ]
    return []


def _vulnerable_rules(prefix: str, row: Row) -> list[Finding]:
    workers, months, rupiah = row.get("workers"), row.get("months"), row.get("rupiah")
    if isinstance(months, int) and not 1 <= months <= 12:
        return [_finding(f"{prefix}months", "months_range")]
    if not all(isinstance(value, int) for value in (workers, months, rupiah)):
        return []
    least = minimum_rupiah(workers, months)  # type: ignore[arg-type]
    if rupiah < least:  # type: ignore[operator]
        return [
            _finding(
                f"{prefix}rupiah",
                "below_minimum",
                warning=True,
                rupiah=rupiah,
                workers=workers,
                months=months,
                least=least,
            )
        ]
    return []


def _village_rules(
    prefix: str, key: str, row: Row, villages: set[str] | None
) -> list[Finding]:
    findings = []
    if villages is not None and key not in villages:
        findings.append(_finding(f"villages:{key}", "village_outside_region", code=key))
    source = row.get("funding_source")
    if source not in FUNDING_SOURCES:
        findings.append(
            _finding(f"{prefix}funding_source", "unknown_funding_source", value=source)
        )
    return findings
