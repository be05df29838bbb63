"""Load the idn-area-data CSV files into the region tables.

Every file is read and checked before anything is written; then one transaction inserts
new regions (COPY on PostgreSQL), updates renamed or moved ones, and marks regions
missing from the source as no longer current. Re-running with the same files is a no-op.
"""

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from regions.models import District, Province, Regency, RegionDataLoad, Village

SOURCE_NAME = "idn-area-data"
MAX_ERRORS = 20


@dataclass(frozen=True)
class Level:
    """One CSV file and the model it fills."""

    filename: str
    model: type[models.Model]
    pattern: re.Pattern[str]
    parent_column: str | None
    parent_field: str | None

    @property
    def columns(self) -> tuple[str, ...]:
        middle = (self.parent_column,) if self.parent_column else ()
        return ("code", *middle, "name")


LEVELS = (
    Level("provinces.csv", Province, re.compile(r"[0-9]{2}"), None, None),
    Level(
        "regencies.csv",
        Regency,
        re.compile(r"[0-9]{2}\.[0-9]{2}"),
        "province_code",
        "province_id",
    ),
    Level(
        "districts.csv",
        District,
        re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"),
        "regency_code",
        "regency_id",
    ),
    Level(
        "villages.csv",
        Village,
        re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"),
        "district_code",
        "district_id",
    ),
)


class RegionFileError(Exception):
    """One or more problems in the source files; nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    """What a load did, per level: created, updated, retired, unchanged."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: bool = False

    @property
    def total_rows(self) -> int:
        return sum(
            c["created"] + c["updated"] + c["unchanged"] for c in self.counts.values()
        )


@dataclass
class ParsedLevel:
    level: Level
    rows: dict[str, tuple[str | None, str]]  # code -> (parent code, name)


def read_version(directory: Path) -> str:
    """The npm package version beside the data folder, or ''."""
    manifest = directory.parent / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8")).get("version", ""))
    except (OSError, ValueError):
        return ""


def checksum(directory: Path) -> str:
    """SHA-256 over the four files, in order."""
    digest = hashlib.sha256()
    for level in LEVELS:
        path = directory / level.filename
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()


def _problem(filename: str, line: int, text: str) -> str:
    return _("%(file)s, line %(line)s: %(problem)s") % {
        "file": filename,
        "line": line,
        "problem": text,
    }


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RegionFileError(
            [_("%(file)s: file not found.") % {"file": path}]
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RegionFileError(
            [
                _problem(
                    path.name,
                    line,
                    _("not UTF-8 text (byte %(pos)s).") % {"pos": exc.start},
                )
            ]
        ) from None


def parse_level(level: Level, text: str, parents: set[str] | None) -> ParsedLevel:
    """Check one file's header and rows; raise RegionFileError listing the problems."""
    name = level.filename
    if not text.strip():
        raise RegionFileError([_("%(file)s: the file is empty.") % {"file": name}])
    problems: list[str] = []
    if not text.endswith("\n"):
        line_count = text.count("\n") + 1
        problems.append(
            _problem(
                name,
                line_count,
                _("the file ends in the middle of a line (truncated?)."),
            )
        )
    reader = csv.reader(io.StringIO(text))
    header = tuple(cell.strip().lower() for cell in next(reader))
    if header[: len(level.columns)] != level.columns:
        expected = ",".join(level.columns)
        raise RegionFileError(
            [
                _problem(
                    name, 1, _("expected the columns %(cols)s.") % {"cols": expected}
                )
            ]
        )
    rows: dict[str, tuple[str | None, str]] = {}
    for line, cells in enumerate(reader, start=2):
        if not cells:
            continue
        problem = _check_row(level, cells, rows, parents)
        if problem:
            problems.append(_problem(name, line, problem))
            if len(problems) >= MAX_ERRORS:
                break
            continue
        parent = cells[1].strip() if level.parent_column else None
        rows[cells[0].strip()] = (parent, cells[-1].strip())
    if problems:
        raise RegionFileError(problems)
    if not rows:
        # A source without a single region is broken; loading it would retire all.
        raise RegionFileError(
            [_("%(file)s: the file has no rows after the header.") % {"file": name}]
        )
    return ParsedLevel(level, rows)


def _check_row(
    level: Level, cells: list[str], seen: dict, parents: set[str] | None
) -> str | None:
    """The reason a row is unusable, or None."""
    if len(cells) != len(level.columns):
        return _("expected %(n)s columns, found %(m)s.") % {
            "n": len(level.columns),
            "m": len(cells),
        }
    code, name = cells[0].strip(), cells[-1].strip()
    if not level.pattern.fullmatch(code):
        return _("the code '%(code)s' is not a valid code for this level.") % {
            "code": code
        }
    if code in seen:
        return _("the code %(code)s appears twice.") % {"code": code}
    if not name or len(name) > 120:
        return _("the name of %(code)s is empty or longer than 120 characters.") % {
            "code": code
        }
    if parents is not None:
        parent = cells[1].strip()
        if parent != code.rsplit(".", 1)[0] or parent not in parents:
            return _("%(code)s refers to the unknown parent '%(parent)s'.") % {
                "code": code,
                "parent": parent,
            }
    return None


def parse_directory(directory: Path) -> list[ParsedLevel]:
    """Read and check all four files, top level first."""
    parsed: list[ParsedLevel] = []
    parents: set[str] | None = None
    for level in LEVELS:
        level_rows = parse_level(level, _read_text(directory / level.filename), parents)
        parsed.append(level_rows)
        parents = set(level_rows.rows)
    return parsed


def _wanted_values(level: Level, code: str, parent: str | None, name: str) -> dict:
    values: dict = {"code": code, "name": name, "is_active": True}
    if level.parent_field:
        values[level.parent_field] = parent
    if level.model is Regency:
        values["kind"] = Regency.kind_for_code(code)
        values["is_administrative"] = "administrasi" in name.lower()
    elif level.model is Village:
        values["kind"] = Village.kind_for_code(code)
    return values


def _insert(model: type[models.Model], rows: list[dict]) -> None:
    """Insert new rows: COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**row) for row in rows], batch_size=500
        )
        return
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_copy_cell(row[col]) for col in columns])
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({column_sql}) FROM STDIN WITH (FORMAT csv)", buffer
        )


def _copy_cell(value: object) -> object:
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def sync_level(parsed: ParsedLevel) -> dict[str, int]:
    """Bring one table in line with its file; return the counts."""
    level = parsed.level
    manager = level.model._default_manager
    wanted = [
        _wanted_values(level, code, parent, name)
        for code, (parent, name) in parsed.rows.items()
    ]
    fields = list(wanted[0]) if wanted else ["code"]
    existing = {row["code"]: row for row in manager.values(*fields)}
    new = [row for row in wanted if row["code"] not in existing]
    changed = [
        row
        for row in wanted
        if row["code"] in existing and existing[row["code"]] != row
    ]
    _insert(level.model, new)
    if changed:
        manager.bulk_update(
            [level.model(**row) for row in changed],
            [f for f in fields if f != "code"],
            batch_size=500,
        )
    retired = [
        code
        for code, row in existing.items()
        if row["is_active"] and code not in parsed.rows
    ]
    for start in range(0, len(retired), 500):
        manager.filter(code__in=retired[start : start + 500]).update(is_active=False)
    return {
        "created": len(new),
        "updated": len(changed),
        "retired": len(retired),
        "unchanged": len(wanted) - len(new) - len(changed),
    }


def load_regions(directory: Path, *, force: bool = False) -> LoadResult:
    """Load the four files from `directory`; skip files already loaded last time."""
    digest = checksum(directory)
    last = RegionDataLoad.objects.order_by("-loaded_at").first()
    if last and last.checksum == digest and not force:
        return LoadResult(counts=last.counts, skipped=True)
    parsed = parse_directory(directory)
    result = LoadResult()
    with transaction.atomic():
        for level_rows in parsed:
            key = level_rows.level.filename.removesuffix(".csv")
            result.counts[key] = sync_level(level_rows)
        RegionDataLoad.objects.create(
            source=SOURCE_NAME,
            version=read_version(directory),
            checksum=digest,
            counts=result.counts,
        )
    return result
