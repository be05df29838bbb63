"""Checks an XLSX upload as a zip archive before any cell is parsed: how many parts it
has, what each part really inflates to (declared sizes are checked, then every part is
inflated in chunks and counted, stopping at the limit), and, in the first sheet, the
declared `<dimension>` and every cell and row reference against the row and column
limits; in the shared-strings part, how many texts it holds.

Memory stays bounded: parts are read one chunk at a time and only references that
could pass a limit are looked at closely. What this does not catch (a sheet built to
fool it) still meets the memory and time limits of `sheet_sandbox`.
"""

import functools
import html
import io
import posixpath
import re
import struct
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from participants.importers.problems import FileProblem

MAX_PARTS = 1_000  # a workbook has a dozen; pictures and charts add a few
MAX_RATIO = 100  # sheets compress 8 to 20 times; zip bombs about 1.000 times
RATIO_FROM = 1 << 20  # smaller parts may compress as they like
CHUNK = 1 << 20
TAIL = 4_096  # kept from one chunk to the next: a tag cut in two
PART_DIRECTORY = b"PK\x01\x02"
PART_HEADER = struct.Struct("<4s22xHH")  # signature, name and extra field lengths
CELL = re.compile(rb"([A-Za-z]*)([0-9]*)")
DIMENSION = re.compile(
    rb"<(?:[\w.-]+:)?dimension\b[^>]{0,4096}?\sref\s*=\s*[\"']([^\"']{0,64})"
)
TEXT_ITEM = re.compile(rb"<(?:[\w.-]+:)?si[\s>/]")
TEXT_COUNT = re.compile(
    rb"<(?:[\w.-]+:)?sst\b[^>]{0,4096}?\suniqueCount\s*=\s*[\"']\s*([0-9]{1,20})"
)
RELATIONS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Limits:
    """What a workbook may expand to: inflated bytes, sheet rows and columns."""

    bytes: int
    rows: int
    columns: int

    @property
    def texts(self) -> int:
        return self.rows * self.columns


def check_workbook(data: bytes, limits: Limits) -> None:
    """Raise FileProblem when the workbook would expand beyond the limits."""
    if data.count(PART_DIRECTORY) > MAX_PARTS:
        raise _too_many_parts()
    archive = _archive(data)
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise _too_many_parts()
    _check_declared(parts, limits)
    first_sheet = _first_sheet(archive)
    total = 0
    for part in parts:
        scan = _scanner(part.filename, first_sheet, limits)
        for chunk in _inflated(data, part):
            total += len(chunk)
            if total > limits.bytes:
                raise _too_large(limits.bytes)
            scan(chunk, final=False)
        scan(b"", final=True)


def _archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise damaged() from None
    except (struct.error, UnicodeDecodeError, NotImplementedError):
        raise damaged() from None


def _check_declared(parts: list[zipfile.ZipInfo], limits: Limits) -> None:
    declared = sum(part.file_size for part in parts)
    if declared > limits.bytes:
        raise _too_large(limits.bytes, declared)
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(
            part.compress_size, 1
        ):
            ratio = part.file_size // max(part.compress_size, 1)
            raise FileProblem(
                "workbook_packed",
                part=part.filename[:100],
                ratio=ratio,
                limit=MAX_RATIO,
            )


def _inflated(data: bytes, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks, inflated from its own header on: the sizes the
    archive declares are compared, never trusted."""
    start = _data_start(data, part)
    if part.flag_bits & 0x1 or part.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ):
        raise damaged()
    if part.compress_type == zipfile.ZIP_STORED:
        stored = data[start : start + part.compress_size]
        for at in range(0, len(stored), CHUNK):
            yield stored[at : at + CHUNK]
        size = len(stored)
    else:
        size = yield from _deflated(data, start)
    if size != part.file_size:
        raise damaged()


def _deflated(data: bytes, start: int) -> Generator[bytes, None, int]:
    inflater, size, position = zlib.decompressobj(-zlib.MAX_WBITS), 0, start
    pending = b""
    try:
        while not inflater.eof:
            if not pending:
                if position >= len(data):
                    raise damaged()
                pending, position = data[position : position + CHUNK], position + CHUNK
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            size += len(chunk)
            yield chunk
    except zlib.error:
        raise damaged() from None
    return size


def _data_start(data: bytes, part: zipfile.ZipInfo) -> int:
    header = data[part.header_offset : part.header_offset + PART_HEADER.size]
    if len(header) < PART_HEADER.size:
        raise damaged()
    signature, name_length, extra_length = PART_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise damaged()
    return part.header_offset + PART_HEADER.size + name_length + extra_length


# Which part is the first sheet


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The path of the workbook's first sheet, as its relationships name it; None
    when they cannot be read (then every part is scanned as a sheet)."""
    book = _small_xml(archive, "xl/workbook.xml")
    relations = _small_xml(archive, "xl/_rels/workbook.xml.rels")
    if book is None or relations is None:
        return None
    sheets = (s for s in book.iter() if s.tag.rpartition("}")[2] == "sheet")
    sheet = next(sheets, None)
    wanted = sheet.get(OFFICE) if sheet is not None else None
    for relation in relations.iter(f"{RELATIONS}Relationship"):
        if relation.get("Id") == wanted and (target := relation.get("Target")):
            if target.startswith("/"):
                return posixpath.normpath(target.lstrip("/"))
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A small part parsed, without document types or entities; None otherwise."""
    try:
        if archive.getinfo(name).file_size > CHUNK:
            return None
        text = archive.read(name)
        # No document type, so no entities to expand: what defusedxml would refuse.
        return None if b"<!" in text else ElementTree.fromstring(text)  # noqa: S314
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError):
        return None
    except (OSError, EOFError, NotImplementedError, zlib.error):
        return None


# Scanning parts


class _Scan:
    """Looks at a part's inflated chunks, keeping a short tail for a cut tag."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.tail = b""

    def __call__(self, chunk: bytes, *, final: bool) -> None:
        text = self.tail + chunk
        cut = len(text) if final else max(text.rfind(b"<"), len(text) - TAIL, 0)
        self.tail = text[cut:]
        self.look(text[:cut])

    def look(self, text: bytes) -> None:
        raise NotImplementedError


class _SheetScan(_Scan):
    """Refuses a declared dimension, cell or row reference beyond the limits."""

    def look(self, text: bytes) -> None:
        """Raise for the first reference past a limit, naming a cell if one is."""
        values = [
            text[match.end() : match.end() + 64].partition(match[1])[0]
            for match in _suspicious(self.limits.rows, self.limits.columns).finditer(
                text
            )
            if match.start() and text[match.start() - 1 : match.start()].isspace()
        ]
        if b"dimension" in text:
            values += [m[1].rpartition(b":")[2] for m in DIMENSION.finditer(text)]
        row_only = None
        for value in values:
            if refusal := self.refusal(value):
                if refusal[0]:
                    raise refusal[1]
                row_only = row_only or refusal[1]
        if row_only:
            raise row_only

    def refusal(self, value: bytes) -> tuple[bool, FileProblem] | None:
        """Whether the reference names a cell, and why it is refused; or None."""
        if b"&" in value:
            value = html.unescape(value.decode("latin-1")).encode("latin-1", "replace")
        match = CELL.fullmatch(value.strip())
        if not match or not (match[1] or match[2]):
            return None
        row = int(match[2]) if match[2] else 0
        column = _column_number(match[1].decode().upper()) if match[1] else 0
        cell = value.strip().decode().upper() if match[1] else None
        if row > self.limits.rows:
            return bool(cell), too_many_rows(cell, row, self.limits.rows)
        if column > self.limits.columns:
            return True, too_many_columns(cell, column, self.limits.columns)
        return None


class _TextsScan(_Scan):
    """Refuses a shared-strings part that holds, or declares, too many texts."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.count = 0

    def look(self, text: bytes) -> None:
        self.count += len(TEXT_ITEM.findall(text))
        declared = [int(count) for count in TEXT_COUNT.findall(text)]
        if max([self.count, *declared]) > self.limits.texts:
            raise FileProblem("workbook_texts", limit=self.limits.texts)


def _scanner(name: str, first_sheet: str | None, limits: Limits) -> _Scan:
    if posixpath.basename(name).lower().startswith("sharedstrings"):
        return _TextsScan(limits)
    if first_sheet is None or name == first_sheet:
        return _SheetScan(limits)
    return _Ignored(limits)


class _Ignored(_Scan):
    def look(self, text: bytes) -> None:
        return None


@functools.lru_cache(maxsize=8)
def _suspicious(rows: int, columns: int) -> re.Pattern[bytes]:
    """An `r="…"` attribute whose value is not plainly within the limits: a column of
    at most one letter (if 26 columns are allowed) and a row with fewer digits than
    the row limit."""
    letters = "[A-Z]?" if columns >= 26 else ""
    digits = max(len(str(rows)) - 1, 1)
    safe = rf"{letters}[1-9][0-9]{{0,{digits - 1}}}"
    return re.compile(rf"r\s*=\s*([\"'])(?!{safe}\1)".encode())


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


# Messages


def damaged() -> FileProblem:
    return FileProblem("workbook_damaged")


def _too_many_parts() -> FileProblem:
    return FileProblem("workbook_parts", limit=MAX_PARTS)


def _too_large(limit: int, size: int | None = None) -> FileProblem:
    if size is None:
        return FileProblem("workbook_too_large", limit=limit)
    return FileProblem("workbook_size", size=size, limit=limit)


def too_many_rows(cell: str | None, row: int, limit: int) -> FileProblem:
    """The refusal of a sheet that uses a row past the limit (in `cell`, if known)."""
    if cell is None:
        return FileProblem("sheet_rows", row=row, limit=limit)
    return FileProblem("sheet_rows_cell", row=row, cell=cell[:20], limit=limit)


def too_many_columns(cell: str | None, column: int, limit: int) -> FileProblem:
    """The refusal of a sheet that uses a column past the limit."""
    letters = cell.rstrip("0123456789") if cell else ""
    values = {
        "column": letters[:10] or get_column_letter(min(column, 18_278)),
        "limit": limit,
        "last": get_column_letter(limit),
    }
    if cell is None:
        return FileProblem("sheet_columns", **values)
    return FileProblem("sheet_columns_cell", cell=cell[:20], **values)
