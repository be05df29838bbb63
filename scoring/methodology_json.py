"""A methodology as a JSON document, and the checks a document passes before it is
written. The shape (schema_version 1), documented in docs/methodology.md:

    {"schema_version": 1, "name": str, "description": str, "is_illustrative": bool,
     "aspects": [{"code": str, "name": str, "criteria": [
         {"code": str, "name": str, "description": str, "weight": "12.50",
          "source": "indicator" | "rule" | "rubric", "indicator": str,
          "normalisation": "target_cap" | "min_max" | "percentile" | "rubric_scale",
          "target": "80.0000" | null, "cap": "100.00" | null,
          "direction": "higher" | "lower", "independent": bool,
          "levels": [{"score": int, "description": str}]}]}],
     "aggregation": {"method": "mean" | "median" | "trimmed_mean",
                     "trim": "0.20", "normalise_assessors": bool},
     "tie_breaks": [{"by": "criterion" | "indicator", "key": str,
                     "direction": "higher" | "lower"}]}

`aggregation` and `tie_breaks` are optional (documents written before they existed
import with the mean, no per-assessor normalisation and no tie-break); an export
always writes them. Numbers are written as strings so that weights round-trip
exactly; numbers are accepted too and read as decimals, never as floats."""

import json
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from review.findings import Finding
from scoring.models import Criterion, Indicator, Methodology, TieBreak
from scoring.models.methodology import TRIM_DEFAULT, TRIM_LIMIT

SCHEMA_VERSION = 1
MAX_BYTES = 256 * 1024
MAX_ASPECTS = 20
MAX_CRITERIA = 40
MAX_LEVELS = 10
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TIE_BREAKS = 5
TOP_KEYS = ("schema_version", "name", "description", "is_illustrative", "aspects")
OPTIONAL_TOP_KEYS = ("aggregation", "tie_breaks")
AGGREGATION_KEYS = ("method", "trim", "normalise_assessors")
TIE_BREAK_KEYS = ("by", "key", "direction")
DEFAULT_AGGREGATION: dict[str, Any] = {
    "method": Methodology.Aggregation.MEAN.value,
    "trim": f"{TRIM_DEFAULT:.2f}",
    "normalise_assessors": False,
}
ASPECT_KEYS = ("code", "name", "criteria")
CRITERION_KEYS = (
    "code",
    "name",
    "description",
    "weight",
    "source",
    "indicator",
    "normalisation",
    "target",
    "cap",
    "direction",
    "independent",
    "levels",
)
LEVEL_KEYS = ("score", "description")


class DocumentError(ValueError):
    """A document that cannot be written, with every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f"{f.path}: {f.message}" for f in findings))
        self.findings = findings


def to_document(methodology: Methodology) -> dict[str, Any]:
    """The methodology's content (not its category, tier or version) as a document."""
    aspects = methodology.aspects.prefetch_related("criteria__levels")
    return {
        "schema_version": SCHEMA_VERSION,
        "name": methodology.name,
        "description": methodology.description,
        "is_illustrative": methodology.is_illustrative,
        "aspects": [
            {
                "code": aspect.code,
                "name": aspect.name,
                "criteria": [_criterion(c) for c in aspect.criteria.all()],
            }
            for aspect in aspects
        ],
        "aggregation": {
            "method": methodology.aggregation,
            "trim": _fixed(methodology.trim, 2),
            "normalise_assessors": methodology.normalise_assessors,
        },
        "tie_breaks": [
            {"by": t.by, "key": t.key, "direction": t.direction}
            for t in methodology.tie_breaks.all()
        ],
    }


def aggregation_of(document: dict[str, Any]) -> dict[str, Any]:
    """The document's aggregation, the defaults when it has none."""
    return document.get("aggregation", DEFAULT_AGGREGATION)


def tie_breaks_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's tie-break chain, empty when it has none."""
    return list(document.get("tie_breaks", []))


def _criterion(criterion: Criterion) -> dict[str, Any]:
    return {
        "code": criterion.code,
        "name": criterion.name,
        "description": criterion.description,
        "weight": _fixed(criterion.weight, 2),
        "source": criterion.source,
        "indicator": criterion.indicator,
        "normalisation": criterion.normalisation,
        "target": _fixed(criterion.target, 4),
        "cap": _fixed(criterion.cap, 2),
        "direction": criterion.direction,
        "independent": criterion.is_independent,
        "levels": [
            {"score": level.score, "description": level.description}
            for level in criterion.levels.all()
        ],
    }


def _fixed(value: Decimal | None, places: int) -> str | None:
    return None if value is None else f"{Decimal(value):.{places}f}"


def dumps(document: dict[str, Any]) -> str:
    """The document as indented JSON text, keys in the documented order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes) -> dict[str, Any]:
    """The checked document in a JSON text; raises DocumentError naming each path."""
    size = len(text.encode()) if isinstance(text, str) else len(text)
    if size > MAX_BYTES:
        raise DocumentError(
            [_finding("$", "size", _("The file is larger than 256 KB."))]
        )
    try:
        document = json.loads(
            text, parse_float=Decimal, parse_constant=_refuse_constant
        )
    except (ValueError, RecursionError) as error:
        message = _("This is not valid JSON: %(error)s") % {"error": str(error)[:200]}
        raise DocumentError([_finding("$", "json", message)]) from None
    findings = check_document(document)
    if any(not f.is_warning for f in findings):
        raise DocumentError(findings)
    return document


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _finding(path: str, rule: str, message: str) -> Finding:
    return Finding(path=path, rule=rule, message=message)


def check_document(document: Any) -> list[Finding]:
    """Every broken rule of a document: shape, types, limits, then weights."""
    findings = list(_check_top(document))
    if not findings:
        findings += check_weights(document)
    return findings


def check_weights(document: dict[str, Any]) -> list[Finding]:
    """The weights of the ranked (not independent) criteria must sum to 100."""
    total = sum(
        (
            Decimal(criterion["weight"])
            for aspect in document["aspects"]
            for criterion in aspect["criteria"]
            if not criterion["independent"]
        ),
        Decimal(0),
    )
    if total == 100:
        return []
    message = _(
        "The weights of the ranked criteria sum to %(total)s; they must sum to 100."
    ) % {"total": f"{total:.2f}"}
    return [_finding("aspects", "weights_sum", message)]


def _check_top(document: Any) -> Iterator[Finding]:
    if not isinstance(document, dict):
        yield _finding("$", "type", _("The document must be a JSON object."))
        return
    yield from _keys(document, TOP_KEYS, "", optional=OPTIONAL_TOP_KEYS)
    if document.get("schema_version") != SCHEMA_VERSION:
        yield _finding(
            "schema_version",
            "schema_version",
            _("Only schema_version 1 is understood."),
        )
    yield from _text(document, "name", "", required=True, limit=160)
    yield from _text(document, "description", "", limit=4000)
    yield from _boolean(document, "is_illustrative", "")
    aspects = document.get("aspects")
    yield from _list(document, "aspects", "", MAX_ASPECTS, minimum=1)
    if isinstance(aspects, list) and len(aspects) <= MAX_ASPECTS:
        yield from _check_aspects(aspects)
    yield from _check_aggregation(document)
    yield from _check_tie_breaks(document)


def _check_aggregation(document: dict[str, Any]) -> Iterator[Finding]:
    if "aggregation" not in document:
        return
    aggregation = document["aggregation"]
    if not isinstance(aggregation, dict):
        yield _finding("aggregation", "type", _("This must be a JSON object."))
        return
    yield from _keys(aggregation, AGGREGATION_KEYS, "aggregation")
    methods = Methodology.Aggregation.values
    yield from _choice(aggregation, "method", "aggregation", methods)
    yield from _boolean(aggregation, "normalise_assessors", "aggregation")
    if "trim" in aggregation:
        trim = _decimal(aggregation["trim"])
        if trim is None or not 0 <= trim < TRIM_LIMIT or trim != round(trim, 2):
            message = _(
                "The trimmed share is a number from 0 to under 0.5 with at most "
                "2 decimals."
            )
            yield _finding("aggregation.trim", "trim", message)


def _check_tie_breaks(document: dict[str, Any]) -> Iterator[Finding]:
    if "tie_breaks" not in document:
        return
    yield from _list(document, "tie_breaks", "", MAX_TIE_BREAKS)
    chain = document["tie_breaks"]
    if not isinstance(chain, list) or len(chain) > MAX_TIE_BREAKS:
        return
    # Without aspects (already reported) no criterion key can be judged.
    codes = _criterion_codes(document) if document.get("aspects") else None
    seen: set[tuple[str, str]] = set()
    for index, link in enumerate(chain):
        path = f"tie_breaks[{index}]"
        if not isinstance(link, dict):
            yield _finding(path, "type", _("A tie-break must be a JSON object."))
            continue
        yield from _keys(link, TIE_BREAK_KEYS, path)
        yield from _choice(link, "by", path, TieBreak.By.values)
        yield from _choice(link, "direction", path, Criterion.Direction.values)
        yield from _check_tie_key(link, path, codes, seen)


def _check_tie_key(
    link: dict[str, Any],
    path: str,
    codes: set[str] | None,
    seen: set[tuple[str, str]],
) -> Iterator[Finding]:
    """The key names a criterion of this document or a known indicator, once."""
    by, key = link.get("by"), link.get("key")
    if by not in TieBreak.By.values or "key" not in link:
        return  # already reported as a wrong choice or a missing key
    if not isinstance(key, str):
        yield _finding(f"{path}.key", "type", _("This must be text."))
    elif by == TieBreak.By.CRITERION and codes is not None and key not in codes:
        message = _("Choose one of this methodology's criteria: %(codes)s.") % {
            "codes": ", ".join(sorted(codes or ()))
        }
        yield _finding(f"{path}.key", "tie_break", message)
    elif by == TieBreak.By.INDICATOR and key not in Indicator.values:
        message = _("Choose one of the known indicators: %(keys)s.") % {
            "keys": ", ".join(Indicator.values)
        }
        yield _finding(f"{path}.key", "tie_break", message)
    elif (by, key) in seen:
        message = _("This tie-break is already in the chain.")
        yield _finding(f"{path}.key", "unique", message)
    else:
        seen.add((by, key))


def _criterion_codes(document: dict[str, Any]) -> set[str]:
    """The criterion codes a well-formed document holds (what can be read)."""
    aspects = document["aspects"]
    return {
        criterion["code"]
        for aspect in (aspects if isinstance(aspects, list) else [])
        if isinstance(aspect, dict) and isinstance(aspect.get("criteria"), list)
        for criterion in aspect["criteria"]
        if isinstance(criterion, dict) and isinstance(criterion.get("code"), str)
    }


def _check_aspects(aspects: list[Any]) -> Iterator[Finding]:
    aspect_codes: set[str] = set()
    criterion_codes: set[str] = set()
    for index, aspect in enumerate(aspects):
        path = f"aspects[{index}]"
        if not isinstance(aspect, dict):
            yield _finding(path, "type", _("An aspect must be a JSON object."))
            continue
        yield from _keys(aspect, ASPECT_KEYS, path)
        yield from _code(aspect, path, aspect_codes)
        yield from _text(aspect, "name", path, required=True, limit=160)
        criteria = aspect.get("criteria")
        yield from _list(aspect, "criteria", path, MAX_CRITERIA, minimum=1)
        if isinstance(criteria, list) and len(criteria) <= MAX_CRITERIA:
            for position, criterion in enumerate(criteria):
                where = f"{path}.criteria[{position}]"
                yield from _check_criterion(criterion, where, criterion_codes)


def _check_criterion(criterion: Any, path: str, codes: set[str]) -> Iterator[Finding]:
    if not isinstance(criterion, dict):
        yield _finding(path, "type", _("A criterion must be a JSON object."))
        return
    yield from _keys(criterion, CRITERION_KEYS, path)
    yield from _code(criterion, path, codes)
    yield from _text(criterion, "name", path, required=True, limit=200)
    yield from _text(criterion, "description", path, limit=2000)
    yield from _number(criterion, "weight", path, places=2, high=Decimal(100))
    yield from _number(criterion, "target", path, places=4, high=Decimal(10**12))
    yield from _number(criterion, "cap", path, places=2, high=Decimal(100))
    yield from _boolean(criterion, "independent", path)
    for key, choices in (
        ("source", Criterion.Source.values),
        ("normalisation", Criterion.Normalisation.values),
        ("direction", Criterion.Direction.values),
    ):
        yield from _choice(criterion, key, path, choices)
    yield from _text(criterion, "indicator", path, limit=40)
    levels = criterion.get("levels")
    yield from _list(criterion, "levels", path, MAX_LEVELS)
    if isinstance(levels, list) and len(levels) <= MAX_LEVELS:
        yield from _check_levels(levels, f"{path}.levels")
    yield from _check_source(criterion, path)


def _check_levels(levels: list[Any], path: str) -> Iterator[Finding]:
    scores: set[int] = set()
    for index, level in enumerate(levels):
        where = f"{path}[{index}]"
        if not isinstance(level, dict):
            yield _finding(where, "type", _("A level must be a JSON object."))
            continue
        yield from _keys(level, LEVEL_KEYS, where)
        yield from _text(level, "description", where, required=True, limit=500)
        score = level.get("score")
        if type(score) is not int or not 0 <= score <= 100:
            message = _("The score must be a whole number from 0 to 100.")
            yield _finding(f"{where}.score", "score", message)
        elif score in scores:
            message = _("Two levels have the score %(score)s.") % {"score": score}
            yield _finding(f"{where}.score", "unique", message)
        scores.add(score if type(score) is int else -1)


def _check_source(criterion: dict[str, Any], path: str) -> Iterator[Finding]:
    """How the source, indicator, normalisation, parameters and levels fit."""
    source = criterion.get("source")
    normalisation = criterion.get("normalisation")
    rubric = source == Criterion.Source.RUBRIC
    if rubric and len(criterion.get("levels") or []) < 2:
        yield _finding(
            f"{path}.levels", "levels", _("A rubric criterion needs at least 2 levels.")
        )
    if not rubric and criterion.get("levels"):
        message = _("Only rubric criteria have levels.")
        yield _finding(f"{path}.levels", "levels", message)
    indicator = criterion.get("indicator")
    if rubric and indicator:
        message = _("A rubric criterion has no indicator.")
        yield _finding(f"{path}.indicator", "indicator", message)
    if not rubric and indicator not in Indicator.values:
        message = _("Choose one of the known indicators: %(keys)s.") % {
            "keys": ", ".join(Indicator.values)
        }
        yield _finding(f"{path}.indicator", "indicator", message)
    if rubric != (normalisation == Criterion.Normalisation.RUBRIC_SCALE):
        message = _("Rubric criteria, and only they, use rubric_scale.")
        yield _finding(f"{path}.normalisation", "normalisation", message)
    yield from _check_parameters(criterion, path)


def _check_parameters(criterion: dict[str, Any], path: str) -> Iterator[Finding]:
    is_target = criterion.get("normalisation") == Criterion.Normalisation.TARGET_CAP
    target, cap = criterion.get("target"), criterion.get("cap")
    if is_target and target in (None, 0, "0", Decimal(0)):
        message = _("A target normalisation needs a target above zero.")
        yield _finding(f"{path}.target", "target", message)
    for key, value in (("target", target), ("cap", cap)):
        if not is_target and value is not None:
            message = _("Only a target normalisation has a %(key)s.") % {"key": key}
            yield _finding(f"{path}.{key}", key, message)


def _keys(
    data: dict[str, Any],
    expected: tuple[str, ...],
    path: str,
    *,
    optional: tuple[str, ...] = (),
) -> Iterator[Finding]:
    for key in expected:
        if key not in data:
            yield _finding(_join(path, key), "missing", _("This key is missing."))
    for key in data:
        if key not in expected + optional:
            shown = json.dumps(key)[1:-1][:40]
            yield _finding(_join(path, shown), "unknown", _("This key is not known."))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(
    data: dict[str, Any], key: str, path: str, *, required: bool = False, limit: int
) -> Iterator[Finding]:
    if key not in data:
        return
    value, where = data[key], _join(path, key)
    if not isinstance(value, str):
        yield _finding(where, "type", _("This must be text."))
    elif required and not value.strip():
        yield _finding(where, "required", _("This must not be empty."))
    elif len(value) > limit:
        message = _("This is longer than %(limit)s characters.") % {"limit": limit}
        yield _finding(where, "length", message)
    elif CONTROL.search(value):
        message = _("This contains control characters (such as NUL).")
        yield _finding(where, "control", message)


def _code(data: dict[str, Any], path: str, seen: set[str]) -> Iterator[Finding]:
    code, where = data.get("code"), _join(path, "code")
    if "code" not in data:
        return
    if not isinstance(code, str) or not CODE.fullmatch(code):
        message = _("A code is 1 to 20 letters, digits, dots, dashes or underscores.")
        yield _finding(where, "code", message)
    elif code in seen:
        message = _("The code %(code)s is used twice.") % {"code": code}
        yield _finding(where, "unique", message)
    else:
        seen.add(code)


def _list(
    data: dict[str, Any], key: str, path: str, limit: int, *, minimum: int = 0
) -> Iterator[Finding]:
    if key not in data:
        return
    value, where = data[key], _join(path, key)
    if not isinstance(value, list):
        yield _finding(where, "type", _("This must be a list."))
    elif not minimum <= len(value) <= limit:
        message = _("This list must have from %(low)s to %(high)s entries.") % {
            "low": minimum,
            "high": limit,
        }
        yield _finding(where, "length", message)


def _boolean(data: dict[str, Any], key: str, path: str) -> Iterator[Finding]:
    if key in data and not isinstance(data[key], bool):
        yield _finding(_join(path, key), "type", _("This must be true or false."))


def _choice(
    data: dict[str, Any], key: str, path: str, choices: list[str]
) -> Iterator[Finding]:
    if key in data and data[key] not in choices:
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}
        yield _finding(_join(path, key), "choice", message)


def _number(
    data: dict[str, Any], key: str, path: str, *, places: int, high: Decimal
) -> Iterator[Finding]:
    """A decimal from 0 to `high` with at most `places` decimals; null only for
    the optional parameters."""
    if key not in data or (data[key] is None and key != "weight"):
        return
    where, value = _join(path, key), _decimal(data[key])
    if value is None:
        yield _finding(where, "type", _("This must be a number."))
    elif not Decimal(0) <= value <= high:
        message = _("This must be from 0 to %(high)s.") % {"high": high}
        yield _finding(where, "range", message)
    elif value != value.quantize(Decimal(1).scaleb(-places)):
        message = _("This has more than %(places)s decimals.") % {"places": places}
        yield _finding(where, "decimals", message)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    if isinstance(value, str) and len(value) > 30:
        return None
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None
