"""A release's open data files, made from its snapshot alone: the ranking as CSV,
XLSX and JSON, the methodology document, and their Indonesian file names.

Pure functions of a snapshot (and the release's own fields, `Published`) to bytes: no
database, so a download never reads the ranking tables. CSV and XLSX hold one row
per ranked candidate, then the incomplete ones. Spreadsheet programs run a cell that
starts with = + - @ (or a tab or carriage return before one) as a formula: every
text cell gets a leading apostrophe there. Number columns stay numbers."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from publication.columns import COLUMNS, LAST_COLUMNS
from review.filenames import in_language
from review.spreadsheets import neutralise
from scoring.methodology_json import dumps as methodology_dumps

LICENCE = "Creative Commons Attribution 4.0 (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Paritrana Portal"
REGION_SOURCE = "idn-area-data (Fityan Ali Nugroho), ODbL 1.0"
REGION_SOURCE_URL = "https://github.com/fityannugroho/idn-area-data"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Published:
    """The release's own fields a file states beside its snapshot."""

    number: int
    published_at: datetime
    changelog: str = ""
    correction_reason: str = ""
    supersedes: int | None = None
    is_demo: bool = False

    @classmethod
    def of(cls, release: Any) -> "Published":
        # Publishing numbers a correction as the next one after the release it
        # supersedes (publication.services.releases.publish).
        return cls(
            number=release.number,
            published_at=release.published_at,
            changelog=release.changelog,
            correction_reason=release.correction_reason,
            supersedes=release.number - 1 if release.supersedes_id else None,
            is_demo=release.is_demo,
        )


def number(value: Any) -> Decimal | None:
    """A snapshot number (a canonical string) as a Decimal; None when empty."""
    if value is None or value == "":
        return None
    try:
        found = Decimal(str(value))
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def criteria(snapshot: dict[str, Any]) -> list[str]:
    """The criterion codes in the methodology's order."""
    document = snapshot["methodology"]["document"]
    return [c["code"] for a in document.get("aspects", []) for c in a["criteria"]]


def header(snapshot: dict[str, Any]) -> list[str]:
    """The column names of the CSV and the XLSX ranking sheet."""
    per_criterion = [
        f"{code}_{part}"
        for code in criteria(snapshot)
        for part in ("score", "contribution")
    ]
    return [n for n, _d in COLUMNS] + per_criterion + [n for n, _d in LAST_COLUMNS]


def _scope(snapshot: dict[str, Any], published: Published) -> list[Cell]:
    province = snapshot.get("province") or {}
    return [
        int(snapshot["edition"]["award_year"]),
        str(snapshot["category"]["name"]),
        str(province.get("code", "")),
        str(province.get("name", "")),
        published.number,
    ]


def _subject(entry: dict[str, Any]) -> list[Cell]:
    return [
        int(entry["candidate"]),
        str(entry["name"]),
        str(entry["kind"]),
        str(entry["region_code"] or ""),
    ]


def _ranked(entry: dict[str, Any], codes: list[str]) -> list[Cell]:
    decision = entry.get("decision") or {}
    lines = {line["criterion"]: line for line in entry["lines"]}
    scores: list[Cell] = []
    for code in codes:
        line = lines.get(code, {})
        scores += [number(line.get("score")), number(line.get("contribution"))]
    return [
        "ranked",
        int(entry["rank"]),
        *_subject(entry),
        number(entry["total"]),
        str(decision.get("outcome", "")),
        None if decision.get("place") is None else int(decision["place"]),
        *scores,
        "",
    ]


def _incomplete(entry: dict[str, Any], codes: list[str]) -> list[Cell]:
    return [
        "incomplete",
        None,
        *_subject(entry),
        None,
        "",
        None,
        *[None] * (2 * len(codes)),
        "; ".join(entry["reasons"]),
    ]


def rows(snapshot: dict[str, Any], published: Published) -> list[list[Cell]]:
    """The ranking's rows: ranked candidates in rank order, then the incomplete;
    text as str, numbers as int or Decimal, empty as None."""
    codes = criteria(snapshot)
    scope = _scope(snapshot, published)
    ranked = [scope + _ranked(entry, codes) for entry in snapshot["ranked"]]
    incomplete = [scope + _incomplete(e, codes) for e in snapshot["incomplete"]]
    return ranked + incomplete


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def to_csv(snapshot: dict[str, Any], published: Published) -> bytes:
    """The ranking as CSV: UTF-8 with a BOM, commas, decimals with a dot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header(snapshot)])
    for row in rows(snapshot, published):
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def _xlsx_cell(value: Cell) -> Cell:
    return neutralise(value) if isinstance(value, str) else value


def to_xlsx(snapshot: dict[str, Any], published: Published) -> bytes:
    """The ranking as an XLSX workbook: the ranking sheet, then one about the
    release, its methodology and licence."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(pgettext("spreadsheet sheet", "Ranking")[:31])
    sheet.append([neutralise(name) for name in header(snapshot)])
    for row in rows(snapshot, published):
        sheet.append([_xlsx_cell(value) for value in row])
    about = book.create_sheet(pgettext("spreadsheet sheet", "About")[:31])
    for label, value in about_rows(snapshot, published):
        about.append([neutralise(label), _xlsx_cell(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} WIB"


def about_rows(
    snapshot: dict[str, Any], published: Published
) -> list[tuple[str, Cell]]:
    """The XLSX "About" sheet: what the file holds, under which licence."""
    province = snapshot.get("province")
    methodology = snapshot["methodology"]
    found: list[tuple[str, Cell]] = [
        (_("Published"), str(snapshot["edition"]["name"])),
        (_("Award year"), int(snapshot["edition"]["award_year"])),
        (_("Category"), str(snapshot["category"]["name"])),
        (_("Province"), province["name"] if province else _("National")),
        (_("Release number"), published.number),
        (_("Published at"), _when(published.published_at)),
        (_("Changelog"), published.changelog),
    ]
    if published.supersedes is not None:
        found += [
            (_("Corrects release"), published.supersedes),
            (_("Reason for the correction"), published.correction_reason),
        ]
    return found + _about_method(methodology, published) + _about_licence()


def _about_method(
    methodology: dict[str, Any], published: Published
) -> list[tuple[str, Cell]]:
    found: list[tuple[str, Cell]] = [
        (_("Methodology"), f"{methodology['name']} (v{methodology['version']})")
    ]
    if methodology.get("is_illustrative"):
        found.append(
            (_("Note"), _("Illustrative methodology: the weights are examples."))
        )
    if published.is_demo:
        found.append((_("Note"), _("Demo data: made up for the demonstration.")))
    found.append(
        (
            _("Numbers"),
            _("Scores are numbers; the CSV file writes decimals with a dot."),
        )
    )
    return found


def _about_licence() -> list[tuple[str, Cell]]:
    return [
        (_("Licence"), LICENCE),
        (_("Licence text"), LICENCE_URL),
        (_("Attribution"), ATTRIBUTION),
        (_("Region names"), REGION_SOURCE),
        (_("Region names source"), REGION_SOURCE_URL),
    ]


def _decision(decision: dict[str, Any] | None) -> dict[str, Any] | None:
    if not decision:
        return None
    return {
        "outcome": decision.get("outcome"),
        "place": decision.get("place"),
        "deviation": bool(decision.get("deviation")),
        "deviation_reason": decision.get("reason") or "",
    }


LINE_KEYS = (
    "criterion",
    "name",
    "aspect",
    "aspect_name",
    "status",
    "raw",
    "score",
    "weight",
    "contribution",
    "formula",
    "reasons",
)
SUBJECT_KEYS = (
    "candidate",
    "name",
    "kind",
    "region_code",
    "province_code",
    "province_name",
)


def _public_ranked(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: entry.get(k) for k in SUBJECT_KEYS},
        "rank": entry["rank"],
        "total": entry["total"],
        "formula": entry.get("formula"),
        "decision": _decision(entry.get("decision")),
        "lines": [{k: line.get(k) for k in LINE_KEYS} for line in entry["lines"]],
    }


def public(snapshot: dict[str, Any], published: Published) -> dict[str, Any]:
    """The published part of a snapshot: named keys only, so an internal key
    added to snapshots later is not published by accident."""
    run = snapshot["run"]
    methodology = snapshot["methodology"]
    province = snapshot.get("province")
    return {
        "format": snapshot["format"],
        "licence": {"name": LICENCE, "url": LICENCE_URL, "attribution": ATTRIBUTION},
        "release": {
            "number": published.number,
            "published_at": published.published_at.isoformat(),
            "changelog": published.changelog,
            "correction_reason": published.correction_reason,
            "supersedes": published.supersedes,
            "is_demo": published.is_demo,
        },
        "edition": {k: snapshot["edition"][k] for k in ("name", "award_year")},
        "category": {"name": snapshot["category"]["name"]},
        "province": {k: province[k] for k in ("code", "name")} if province else None,
        "run": {
            k: run[k]
            for k in ("stage", "tier", "input_hash", "code_version", "computed_at")
        },
        "methodology": {
            k: methodology[k] for k in ("name", "version", "is_illustrative")
        },
        "ranked": [_public_ranked(entry) for entry in snapshot["ranked"]],
        "incomplete": [
            {**{k: e.get(k) for k in SUBJECT_KEYS}, "reasons": list(e["reasons"])}
            for e in snapshot["incomplete"]
        ],
    }


def to_json(snapshot: dict[str, Any], published: Published) -> bytes:
    """The published part of the snapshot as UTF-8 JSON (decimals as strings,
    exact)."""
    text = json.dumps(public(snapshot, published), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def methodology_json(snapshot: dict[str, Any]) -> bytes:
    """The methodology document, as `scoring.methodology_json` imports it."""
    return methodology_dumps(snapshot["methodology"]["document"]).encode("utf-8")


def _slug(text: str, fallback: str) -> str:
    return slugify(text.replace("/", " "))[:60].strip("-") or fallback


# The words of a file name, Indonesian -> English (names are in the reader's language).
ENGLISH_WORDS = {
    "peringkat": "ranking",
    "metodologi": "methodology",
    "bundel": "bundle",
    "nasional": "national",
    "rilis": "release",
    "kategori": "category",
}


def filename(
    snapshot: dict[str, Any], published: Published, ext: str, *, stem: str
) -> str:
    """`<stem>-<year>-<category>-<province|nasional>-rilis-<n>.<ext>`, ASCII, its
    words in English for English readers (names of places and categories stay)."""

    def word(indonesian: str) -> str:
        return in_language(indonesian, ENGLISH_WORDS.get(indonesian, indonesian))

    province = snapshot.get("province")
    area = _slug(province["name"], province["code"]) if province else word("nasional")
    category = _slug(
        snapshot["category"]["name"],
        f"{word('kategori')}-{snapshot['category']['pk']}",
    )
    year = int(snapshot["edition"]["award_year"])
    return (
        f"{word(stem)}-{year}-{category}-{area}-{word('rilis')}-"
        f"{published.number}.{ext}"
    )
