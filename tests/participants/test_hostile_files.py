"""Hostile upload files (participants.importers.reading, workbook_guard and
sheet_sandbox): each crafted file is tiny on disk, is refused with a message that
names the limit, and leaves the process alive. The builders are shared with
benchmarks/bench_hostile_files.py."""

import io
import multiprocessing
import struct
import zipfile
from collections.abc import Iterable

import billiard
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from participants.importers import sheet_sandbox
from participants.importers.batches import check_batch, create_batch
from participants.importers.kinds import KINDS
from participants.importers.problems import shown
from participants.importers.reading import FileProblem, read_table
from participants.importers.templates import xlsx_template
from participants.models import ImportBatch
from tests.participants.test_reading import VILLAGE_HEADER, VILLAGE_ROWS, xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")

VILLAGES = KINDS[ImportBatch.Kind.VILLAGES]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET = "xl/worksheets/sheet1.xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEADER_ROW = (
    '<row r="1">'
    + "".join(
        f'<c r="{letter}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for letter, name in zip("ABCDE", VILLAGE_HEADER, strict=True)
    )
    + "</row>"
)


# Building workbooks by hand, part by part


def inline(reference: str, text: str = "x") -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, *, dimension: str = "A1") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def package_parts(*, shared: bool = False) -> dict[str, bytes]:
    """Every part of a one-sheet workbook but the sheet."""
    texts = (
        f'<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{SHEET_TYPE}.sharedStrings+xml"/>'
        if shared
        else ""
    )
    return {
        "[Content_Types].xml": (
            f'<Types xmlns="{TYPES}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" '
            f'ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{SHEET_TYPE}.worksheet+xml"/>{texts}</Types>'
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (
                f'<Relationship Id="rId2" Type="{RELATIONS}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
                if shared
                else ""
            )
            + "</Relationships>"
        ).encode(),
    }


def zipped(parts: dict[str, bytes | Iterable[bytes]]) -> bytes:
    """The parts deflated into a zip; an iterable part is written chunk by chunk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w") as part:
                for chunk in content:
                    part.write(chunk)
    return out.getvalue()


def workbook(rows: str, *, dimension: str = "A1") -> bytes:
    return zipped({**package_parts(), SHEET: sheet_xml(rows, dimension=dimension)})


def far_cell() -> bytes:
    """One inline text at the last cell of the sheet (the 1,6 kB crash)."""
    return workbook(f'<row r="1048576">{inline("XFD1048576")}</row>')


def far_row() -> bytes:
    return workbook(HEADER_ROW + f'<row r="1048576">{inline("A1048576")}</row>')


def far_column() -> bytes:
    return workbook(f'<row r="1">{inline("A1")}{inline("XFD1")}</row>')


def smaller_far_cell() -> bytes:
    """CV1048576: 42 s and 4,2 GB in the old reader."""
    return workbook(f'<row r="1048576">{inline("CV1048576")}</row>')


def lying_dimension() -> bytes:
    """A dimension of two cells over a cell far outside it."""
    return workbook(
        f'<row r="1">{inline("A1")}</row><row r="200000">{inline("B200000")}</row>',
        dimension="A1:B2",
    )


def huge_dimension() -> bytes:
    """A dimension of the whole sheet over three cells."""
    return workbook(
        f'<row r="1">{inline("A1")}{inline("C1")}</row>', dimension="A1:XFD1048576"
    )


def bomb(inflated: int) -> bytes:
    """A sheet that inflates to about `inflated` bytes, nearly all of them spaces
    between its rows (deflate packs them a thousand times)."""
    padding = b" " * 2**20

    def chunks() -> Iterable[bytes]:
        yield sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>"
        yield HEADER_ROW.encode()
        for _ in range(inflated // len(padding)):
            yield padding
        yield b"</sheetData></worksheet>"

    return zipped({**package_parts(), SHEET: chunks()})


def understated(data: bytes, size: int = 1_000) -> bytes:
    """The workbook with its sheet's inflated size declared as `size` bytes, in its
    local header and in its central directory entry."""
    part = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    patched = bytearray(data)
    struct.pack_into("<I", patched, part.header_offset + 22, size)
    at = patched.find(b"PK\x01\x02")
    while patched[at + 46 : at + 46 + len(SHEET)] != SHEET.encode():
        at = patched.find(b"PK\x01\x02", at + 1)
    struct.pack_into("<I", patched, at + 24, size)
    return bytes(patched)


def shared_texts(count: int, *, declared: int | None = None) -> bytes:
    """A workbook whose shared-strings part holds `count` texts (and declares
    `declared`), its sheet using the first."""
    texts = (
        f'<sst xmlns="{MAIN}" uniqueCount="{count if declared is None else declared}">'
        + "<si><t>x</t></si>" * count
        + "</sst>"
    ).encode()
    return zipped(
        {
            **package_parts(shared=True),
            SHEET: sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            "xl/sharedStrings.xml": texts,
        }
    )


def many_parts(count: int) -> bytes:
    parts: dict[str, bytes | Iterable[bytes]] = {
        **package_parts(),
        SHEET: sheet_xml(HEADER_ROW),
    }
    parts.update({f"xl/media/p{number}.xml": b"" for number in range(count)})
    return zipped(parts)


def cells_without_references(width: int, rows: int = 1) -> bytes:
    """Rows and cells without `r` attributes: the reader places them one after the
    other, so only reading the sheet tells how wide it is."""
    wide = "".join(f"<c><v>{number}</v></c>" for number in range(width))
    narrow = "".join(f"<row><c><v>{number}</v></c></row>" for number in range(rows))
    return workbook(f"{narrow}<row>{wide}</row>")


# Reading them


def read(data: bytes, filename: str = "desa.xlsx", max_rows: int = 100):
    return read_table(data, filename, VILLAGES, max_rows=max_rows)


def problem_of(data: bytes, filename: str = "desa.xlsx", max_rows: int = 100) -> str:
    with pytest.raises(FileProblem) as caught:
        read(data, filename, max_rows)
    return str(caught.value)


def rows_refused(row: str, cell: str, limit: str = "1,100") -> str:
    return (
        f"The first sheet uses row {row} (cell {cell}); at most {limit} rows can be "
        "read. Delete the rows below your data, also empty-looking ones, save the "
        "file and upload it again."
    )


def columns_refused(column: str, cell: str) -> str:
    return (
        f"The first sheet uses column {column} (cell {cell}); at most 40 columns (up "
        "to AN) can be read. Delete the columns to the right of your data, also "
        "empty-looking ones, save the file and upload it again."
    )


def too_large(size: str = "") -> str:
    if size:
        return (
            f"Opened, the workbook would take {size}; at most 1.0\xa0MB can be "
            "read. Remove other sheets and pictures or split the file, and upload "
            "it again."
        )
    return (
        "Opened, the workbook would take more than 1.0\xa0MB; at most 1.0\xa0MB can "
        "be read. Remove other sheets and pictures or split the file, and upload "
        "it again."
    )


def test_read_table_refuses_a_cell_at_the_end_of_the_sheet():
    data = far_cell()

    assert len(data) < 2_000
    assert problem_of(data) == rows_refused("1,048,576", "XFD1048576")


def test_read_table_refuses_a_row_far_below_the_data():
    assert problem_of(far_row()) == rows_refused("1,048,576", "A1048576")


def test_read_table_refuses_a_column_far_right_of_the_data():
    assert problem_of(far_column()) == columns_refused("XFD", "XFD1")


def test_read_table_names_the_row_limit_of_the_settings(settings):
    settings.IMPORT_MAX_ROWS = 100_000

    message = problem_of(smaller_far_cell(), max_rows=100_000)

    assert message == rows_refused("1,048,576", "CV1048576", "101,000")


def test_read_table_checks_cells_outside_a_lying_dimension():
    assert problem_of(lying_dimension()) == rows_refused("200,000", "B200000")


def test_read_table_refuses_a_dimension_beyond_the_limits():
    assert problem_of(huge_dimension()) == rows_refused("1,048,576", "XFD1048576")


@pytest.mark.parametrize(
    "reference",
    ["r='XFD1'", 'r = "XFD1"', 'r="xfd1"', 'r="&#88;FD1"', 'r="AAAA1"'],
)
def test_read_table_refuses_far_references_however_they_are_written(reference):
    data = workbook(
        f'<row r="1"><c {reference} t="inlineStr"><is><t>x</t></is></c></row>'
    )

    assert problem_of(data).startswith("The first sheet uses column ")


def test_read_table_refuses_a_zip_bomb_by_its_declared_size(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2**20
    data = bomb(30 * 2**20)

    assert len(data) < 100_000
    assert problem_of(data) == too_large("30.0\xa0MB")


def test_read_table_inflates_a_zip_bomb_only_up_to_the_limit(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2**20
    data = understated(bomb(30 * 2**20))

    assert problem_of(data) == too_large()


def test_read_table_refuses_a_part_packed_a_thousand_times():
    data = bomb(50 * 2**20)

    assert problem_of(data) == (
        "The workbook is packed unusually tightly: its part "
        "“xl/worksheets/sheet1.xml” would expand 1,023 times, at most 100 times "
        "is accepted. Open the file in Excel, save it again as .xlsx and upload it "
        "again."
    )


def test_read_table_refuses_a_huge_shared_strings_part(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2**20

    assert problem_of(shared_texts(100_000)) == too_large("1.6\xa0MB")


@pytest.mark.parametrize(("count", "declared"), [(44_001, None), (1, 4_000_000_000)])
def test_read_table_refuses_more_shared_texts_than_a_sheet_can_hold(count, declared):
    assert problem_of(shared_texts(count, declared=declared)) == (
        "The workbook holds more than 44,000 different texts; at most 44,000 can be "
        "read. Copy the data into a new workbook, save it as .xlsx and upload it "
        "again."
    )


def test_read_table_refuses_a_workbook_of_many_parts():
    assert problem_of(many_parts(1_001)) == (
        "The workbook has more than 1,000 parts (sheets, pictures and the like); at "
        "most 1,000 can be read. Copy the data into a new workbook, save it as .xlsx "
        "and upload it again."
    )


def test_read_table_measures_a_sheet_whose_cells_have_no_references():
    assert problem_of(cells_without_references(50)) == (
        "The first sheet uses column AX; at most 40 columns (up to AN) can be read. "
        "Delete the columns to the right of your data, also empty-looking ones, "
        "save the file and upload it again."
    )


def test_read_table_refuses_a_sheet_that_does_not_fit_the_readers_memory(settings):
    settings.IMPORT_READER_MAX_MEMORY = 400 * 2**20
    data = cells_without_references(16_000, rows=100_000)

    assert problem_of(data, max_rows=100_000) == (
        "The workbook could not be read within 400.0\xa0MB of memory. Copy the data "
        "into a new workbook, save it as .xlsx or CSV and upload it again."
    )


def test_read_table_stops_a_reader_that_takes_too_long(settings, monkeypatch):
    settings.IMPORT_READER_MAX_SECONDS = 1
    monkeypatch.setattr(sheet_sandbox, "CHILD", "import time; time.sleep(30)")

    message = problem_of(xlsx_bytes([VILLAGE_HEADER, VILLAGE_ROWS[0]]))

    assert message == (
        "The workbook could not be read within 1 seconds. Copy the data into a new "
        "workbook, save it as .xlsx or CSV and upload it again."
    )


def test_read_table_refuses_for_now_when_no_reader_can_be_started(monkeypatch):
    monkeypatch.setattr(sheet_sandbox.sys, "executable", "/nonexistent/python")

    message = problem_of(xlsx_bytes([VILLAGE_HEADER, VILLAGE_ROWS[0]]))

    assert message == (
        "The workbook could not be read now. Upload it again in a few minutes."
    )


def test_read_table_still_reads_a_template_and_an_ordinary_workbook():
    template = xlsx_template(VILLAGES, title="Desa")
    ordinary = xlsx_bytes([VILLAGE_HEADER, *VILLAGE_ROWS])

    tables = [read(template), read(ordinary)]

    assert [table.row_numbers for table in tables] == [[2, 3], [2, 3]]


def _read_in(connection, data: bytes) -> None:
    try:
        connection.send(("rows", read(data).row_numbers))
    except FileProblem as problem:
        connection.send(("refused", str(problem)))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (xlsx_bytes([VILLAGE_HEADER, *VILLAGE_ROWS]), ("rows", [2, 3])),
        (far_cell(), ("refused", rows_refused("1,048,576", "XFD1048576"))),
    ],
)
def test_read_table_works_inside_a_daemonic_process(data, expected):
    # A Celery prefork child is daemonic: it may not start multiprocessing children.
    ours, theirs = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_read_in, args=(theirs, data), daemon=True
    )

    process.start()
    process.join(60)

    assert (ours.recv(), process.exitcode) == (expected, 0)


def _outcome(data: bytes) -> tuple[str, object]:
    from django.utils import translation

    with translation.override("en"):
        try:
            return ("rows", read(data).row_numbers)
        except FileProblem as problem:
            return ("refused", str(problem))


def test_read_table_works_in_a_celery_prefork_pool_process():
    # billiard's pool is what Celery's prefork workers are made of.
    normal = xlsx_bytes([VILLAGE_HEADER, *VILLAGE_ROWS])

    with billiard.get_context("fork").Pool(1) as pool:
        outcomes = pool.map(_outcome, [normal, far_cell()])

    assert outcomes == [
        ("rows", [2, 3]),
        ("refused", rows_refused("1,048,576", "XFD1048576")),
    ]


# CSV


def test_read_table_refuses_a_csv_of_a_million_lines():
    data = b"kode_desa,tahun,pekerja,sumber_dana\n" + b"\n" * 1_000_000

    assert problem_of(data, "desa.csv") == (
        "The file has 1,000,001 lines; at most 1,100 can be read. Delete the empty "
        "lines below your data and upload it again."
    )


def test_read_table_refuses_a_csv_header_of_more_columns_than_allowed():
    data = b"kode_desa," * 1_000 + b"\n64.01.01.2001\n"

    assert problem_of(data, "desa.csv") == (
        "The header row has 1,001 cells; at most 40 columns can be read. Delete "
        "the columns to the right of your data and upload the file again."
    )


def test_read_table_refuses_a_csv_row_of_a_million_columns():
    data = b"kode_desa,tahun\n" + b"," * 1_000_000 + b"\n"

    assert problem_of(data, "desa.csv") == (
        "Line 2 of the file has 1,000,000 characters; at most 100,000 are accepted "
        "in one line. Check that the file is the CSV export of a spreadsheet."
    )


def test_read_table_refuses_one_enormous_csv_line():
    data = b"kode_desa,tahun,pekerja,sumber_dana\n" + b"x" * 5_000_000 + b"\n"

    assert problem_of(data, "desa.csv") == (
        "Line 2 of the file has 5,000,000 characters; at most 100,000 are accepted "
        "in one line. Check that the file is the CSV export of a spreadsheet."
    )


def test_read_table_refuses_a_header_that_quotes_line_breaks_without_end():
    data = b'kode_desa,"tahun\n' + b"a,b\n" * 100_000

    assert problem_of(data, "desa.csv", max_rows=100_000) == (
        "The header row is longer than 100,000 characters."
    )


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_read_table_reads_a_long_csv_with_any_line_end(end):
    rows = [
        ",".join(VILLAGE_HEADER),
        *(",".join(VILLAGE_ROWS[0]) for _ in range(1_999)),
    ]
    data = (end.join(rows) + end).encode()

    table = read(data, "desa.csv", max_rows=2_000)

    assert (len(data) > 100_000, len(table.row_numbers)) == (True, 1_999)


@pytest.mark.parametrize("data", [b"kode_desa,tahun\x00\n1,2\n", b"\x00" * 1_000_000])
def test_read_table_refuses_nul_bytes_in_a_csv(data):
    assert problem_of(data, "desa.csv") == (
        "The file is not a text (CSV) file. Save it from your spreadsheet as CSV "
        "or as an Excel workbook (.xlsx) and upload it again."
    )


# Through the upload page


@pytest.mark.django_db
def test_upload_page_shows_the_refusal_of_a_hostile_workbook(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["petugas_a"])
    hostile = SimpleUploadedFile("desa.xlsx", far_cell())

    response = client.post(
        "/cakupan/unggah/", {"kind": "villages", "file": hostile}, follow=True
    )

    assert [p["reason"] for p in response.context["problems"]] == [
        rows_refused("1,048,576", "XFD1048576", "101,000")
    ]


@pytest.mark.django_db
def test_check_batch_rejects_a_hostile_workbook(world):
    batch = create_batch(
        far_cell(), "desa.xlsx", "villages", by=world.users["petugas_a"]
    )

    batch = check_batch(batch)

    assert (batch.status, [p["reason"] for p in shown(batch.problems)]) == (
        ImportBatch.Status.REJECTED,
        [rows_refused("1,048,576", "XFD1048576", "101,000")],
    )
