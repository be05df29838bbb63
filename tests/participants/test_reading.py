import io

import pytest
from openpyxl import Workbook

from participants.importers.kinds import KINDS
from participants.importers.problems import notes_shown
from participants.importers.reading import FileProblem, read_table
from participants.models import ImportBatch

REPORTS = KINDS[ImportBatch.Kind.REPORTS]
VILLAGES = KINDS[ImportBatch.Kind.VILLAGES]
NON_ASN = KINDS[ImportBatch.Kind.NON_ASN]
VILLAGE_HEADER = [
    "kode_desa",
    "nama_desa",
    "tahun",
    "pekerja_terlindungi",
    "sumber_dana",
]
VILLAGE_ROWS = [
    ["64.01.01.2001", "Tanjung Pinang Kota – café", "2024", "1.234", "apbdes"],
    ["64.01.01.2002", "Sungai Bahar", "2024", "", "csr"],
]
VILLAGE_RECORDS = [
    {
        "village": "64.01.01.2001",
        "year": "2024",
        "workers": "1.234",
        "funding_source": "apbdes",
    },
    {
        "village": "64.01.01.2002",
        "year": "2024",
        "workers": "",
        "funding_source": "csr",
    },
]


def csv_bytes(rows, *, separator=",", encoding="utf-8"):
    text = "\r\n".join(separator.join(row) for row in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows, *, start_row=1):
    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, start=start_row):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column, value)
    workbook.create_sheet("Petunjuk - Notes")["A1"] = "not data"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read(data, filename="data.csv", kind=VILLAGES, max_rows=100):
    return read_table(data, filename, kind, max_rows=max_rows)


def problem_of(data, filename="data.csv", kind=VILLAGES, max_rows=100):
    with pytest.raises(FileProblem) as caught:
        read(data, filename, kind, max_rows)
    return str(caught.value)


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-8-sig", ";"),
        ("cp1252", ";"),
        ("cp1252", ","),
        ("utf-8", "\t"),
        ("utf-16", "\t"),  # Excel's "Unicode text"
    ],
)
def test_read_table_reads_csv_in_each_encoding_and_separator(encoding, separator):
    data = csv_bytes(
        [VILLAGE_HEADER, *VILLAGE_ROWS], separator=separator, encoding=encoding
    )

    table = read(data)

    assert table.frame.to_dict("records") == VILLAGE_RECORDS
    assert table.row_numbers == [2, 3]
    assert notes_shown(table.notes) == []


def test_read_table_decodes_windows_1252_text(english):
    data = csv_bytes(
        [[*VILLAGE_HEADER, "Catatan – café"], [*VILLAGE_ROWS[0], "Sudah dicek"]],
        separator=";",
        encoding="cp1252",
    )

    table = read(data)

    assert notes_shown(table.notes) == [
        "Column “Catatan – café” is not used and was ignored."
    ]


def test_read_table_reads_utf8_with_a_bom_in_front_of_the_header():
    data = b"\xef\xbb\xbf" + csv_bytes([VILLAGE_HEADER, VILLAGE_ROWS[1]])

    table = read(data)

    assert list(table.frame.columns) == ["village", "year", "workers", "funding_source"]


def test_read_table_skips_blank_lines_and_numbers_rows_as_in_the_file():
    text = (
        "\n"
        "kode_desa;tahun;pekerja;sumber_dana\n"
        "64.01.01.2001;2024;5;apbd\n"
        "\n"
        ";;;\n"
        "   \n"
        "64.01.01.2002;2024;7;csr\n"
        "\n"
        "\n"
    )

    table = read(text.encode())

    assert table.frame.to_dict("records") == [
        {
            "village": "64.01.01.2001",
            "year": "2024",
            "workers": "5",
            "funding_source": "apbd",
        },
        {
            "village": "64.01.01.2002",
            "year": "2024",
            "workers": "7",
            "funding_source": "csr",
        },
    ]
    assert table.row_numbers == [3, 7]


def test_read_table_counts_a_quoted_value_over_two_lines_as_one_row(english):
    text = (
        "kode_desa,tahun,pekerja,sumber_dana,catatan\n"
        '64.01.01.2001,2024,5,apbd,"dua\nbaris"\n'
        "64.01.01.2002,2024,7,csr,\n"
    )

    table = read(text.encode())

    assert table.row_numbers == [2, 3]
    assert notes_shown(table.notes) == ["Column “catatan” is not used and was ignored."]


def test_read_table_strips_spaces_around_cells_and_headers():
    data = csv_bytes(
        [
            ["  kode_desa ", "tahun\u00a0", " pekerja", "sumber_dana"],
            [" 64.01.01.2001 ", "\u00a02024", " 1 234 ", "\tapbd  "],
        ]
    )

    table = read(data)

    assert table.frame.to_dict("records") == [
        {
            "village": "64.01.01.2001",
            "year": "2024",
            "workers": "1 234",
            "funding_source": "apbd",
        }
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["kode_wilayah", "tahun", "angkatan_kerja", "pemberi_kerja"],
        ["region_code", "year", "labour_force", "registered_employers"],
        ["Kode Wilayah", "TAHUN", "Labor Force", "Pemberi Kerja"],
        ["KODE", "Year", "angkatan kerja", "EMPLOYERS"],
    ],
)
def test_read_table_matches_indonesian_english_and_mixed_case_headers(header):
    data = csv_bytes([header, ["15.71", "2024", "120.000", "3.400"]])

    table = read(data, kind=REPORTS)

    assert table.frame.to_dict("records") == [
        {
            "region": "15.71",
            "year": "2024",
            "angkatan_kerja": "120.000",
            "pemberi_kerja": "3.400",
        }
    ]


def test_read_table_puts_columns_in_the_kinds_order_and_drops_labels():
    data = csv_bytes(
        [
            ["pemberi_kerja", "nama_wilayah", "tahun", "kode_wilayah"],
            ["3.400", "Kota Jambi", "2024", "15.71"],
        ]
    )

    table = read(data, kind=REPORTS)

    assert table.frame.to_dict("records") == [
        {"region": "15.71", "year": "2024", "pemberi_kerja": "3.400"}
    ]


def test_read_table_notes_unknown_columns_and_unnamed_columns_with_data(english):
    data = csv_bytes(
        [
            ["kode_desa", "tahun", "Keterangan", "", "sumber_dana", ""],
            ["64.01.01.2001", "2024", "baru", "x", "apbd", ""],
        ]
    )

    table = read(data)

    assert table.frame.to_dict("records") == [
        {"village": "64.01.01.2001", "year": "2024", "funding_source": "apbd"}
    ]
    assert notes_shown(table.notes) == [
        "Column “Keterangan” is not used and was ignored.",
        "Column D has no header and was ignored.",
    ]


def test_read_table_keeps_codes_and_other_cells_as_written():
    data = csv_bytes(
        [
            ["kode_wilayah", "tahun", "kategori", "sasaran", "terlindungi"],
            ["15.71", "2024", "guru_honorer", "0012", "1.234.567"],
            ["01", "2024", "NA", "null", "-5"],
            ["3201", "2024", "=1+1", "12,5", "N/A"],
        ],
        separator=";",
    )

    table = read(data, kind=NON_ASN)

    assert table.frame.to_dict("records") == [
        {
            "region": "15.71",
            "year": "2024",
            "category": "guru_honorer",
            "eligible": "0012",
            "protected": "1.234.567",
        },
        {
            "region": "01",
            "year": "2024",
            "category": "NA",
            "eligible": "null",
            "protected": "-5",
        },
        {
            "region": "3201",
            "year": "2024",
            "category": "=1+1",
            "eligible": "12,5",
            "protected": "N/A",
        },
    ]


def test_read_table_reads_the_first_sheet_of_a_workbook_as_text():
    data = xlsx_bytes(
        [
            ["Kode Wilayah", "Nama Wilayah", "Tahun", "Angkatan Kerja", "Peserta PU"],
            ["15.71", "Kota Jambi", 2024, 1234, 1234.0],
            ["01", "Contoh", 2024.0, 12.5, "1.234"],
            [15.71, None, "2024", 10**12, None],
        ]
    )

    table = read(data, "laporan.xlsx", REPORTS)

    assert table.frame.to_dict("records") == [
        {
            "region": "15.71",
            "year": "2024",
            "angkatan_kerja": "1234",
            "peserta_pu": "1234",
        },
        {
            "region": "01",
            "year": "2024",
            "angkatan_kerja": "12.5",
            "peserta_pu": "1.234",
        },
        {
            "region": "15.71",
            "year": "2024",
            "angkatan_kerja": "1000000000000",
            "peserta_pu": "",
        },
    ]
    assert table.row_numbers == [2, 3, 4]
    assert notes_shown(table.notes) == []


def test_read_table_restores_regency_codes_that_excel_took_for_numbers():
    data = xlsx_bytes(
        [
            ["kode_wilayah", "tahun", "kategori", "sasaran"],
            [32.1, 2024, "guru_honorer", 12.5],
            [15.71, 2024, "guru_honorer", 12.25],
            [15, 2024, "guru_honorer", 1.234],
            ["15.1", 2024, "guru_honorer", 1],
            [15.715, 2024, "guru_honorer", 1],
        ]
    )

    table = read(data, "non-asn.xlsx", NON_ASN)

    assert table.frame[["region", "eligible"]].to_dict("records") == [
        {"region": "32.10", "eligible": "12.5"},
        {"region": "15.71", "eligible": "12.25"},
        {"region": "15", "eligible": "1.234"},
        {"region": "15.1", "eligible": "1"},
        {"region": "15.715", "eligible": "1"},
    ]


def test_read_table_numbers_workbook_rows_as_the_sheet_does():
    rows = [
        ["  kode_desa ", "tahun", "pekerja", "sumber_dana"],
        ["64.01.01.2001", 2024, 5, "apbd"],
        [None, None, None, None],
        ["", "  ", None, None],
        ["64.01.01.2002", 2024, 7, " csr "],
    ]

    table = read(xlsx_bytes(rows, start_row=3), "desa.XLSX")

    assert table.frame.to_dict("records") == [
        {
            "village": "64.01.01.2001",
            "year": "2024",
            "workers": "5",
            "funding_source": "apbd",
        },
        {
            "village": "64.01.01.2002",
            "year": "2024",
            "workers": "7",
            "funding_source": "csr",
        },
    ]
    assert table.row_numbers == [4, 7]


def test_read_table_reads_a_txt_file_as_csv():
    data = csv_bytes([VILLAGE_HEADER, *VILLAGE_ROWS], separator="\t")

    table = read(data, "desa.txt")

    assert table.frame.to_dict("records") == VILLAGE_RECORDS


# File-level problems: nothing can be checked.

EMPTY = "The file is empty."
HEADER_ONLY = "The file has a header row but no data rows."
NOT_TEXT = (
    "The file is not a text (CSV) file. Save it from your spreadsheet as CSV or as "
    "an Excel workbook (.xlsx) and upload it again."
)
NOT_WORKBOOK = (
    "The file is not an Excel workbook (.xlsx) or it is damaged. If it is a CSV "
    "file, give it a name ending in .csv."
)


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "data.csv"),
        (b"  \r\n\r\n", "data.csv"),
        (b"\xef\xbb\xbf", "data.csv"),
        (b";;;\r\n\r\n", "data.csv"),
        (b"", "data.xlsx"),
        (xlsx_bytes([]), "data.xlsx"),
    ],
)
def test_read_table_refuses_an_empty_file(english, data, filename):
    assert problem_of(data, filename) == EMPTY


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (csv_bytes([VILLAGE_HEADER]), "data.csv"),
        (b"kode_desa;tahun;pekerja;sumber_dana", "data.csv"),
        (csv_bytes([VILLAGE_HEADER, [",,,,"], [""]]), "data.csv"),
        (xlsx_bytes([VILLAGE_HEADER, [None, " "]]), "data.xlsx"),
    ],
)
def test_read_table_refuses_a_header_without_data_rows(english, data, filename):
    assert problem_of(data, filename) == HEADER_ONLY


@pytest.mark.parametrize(
    "data",
    [
        b"kode_desa,tahun\x00\x01\x02\r\n64.01.01.2001,2024\r\n",
        bytes(range(256)) * 4,
        b"\x81\x8d\x8f\x90\x9d" * 10,  # neither UTF-8 nor Windows-1252
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_read_table_refuses_binary_garbage_named_csv(english, data):
    assert problem_of(data) == NOT_TEXT


def test_read_table_refuses_a_workbook_named_csv(english):
    data = xlsx_bytes([VILLAGE_HEADER, VILLAGE_ROWS[0]])

    assert problem_of(data, "desa.csv") == (
        "The file is an Excel workbook but its name ends in .csv: rename it to "
        ".xlsx, or save it as CSV, and upload it again."
    )


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes([VILLAGE_HEADER, VILLAGE_ROWS[0]]),
        b"PK\x03\x04 not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
    ],
)
def test_read_table_refuses_an_xlsx_that_is_not_a_workbook(english, data):
    assert problem_of(data, "desa.xlsx") == NOT_WORKBOOK


def test_read_table_refuses_a_file_above_the_size_limit(english, settings):
    settings.IMPORT_MAX_BYTES = 100
    data = csv_bytes([VILLAGE_HEADER, *VILLAGE_ROWS])

    assert problem_of(data) == "The file is larger than the limit of 100\xa0bytes."


def test_read_table_accepts_a_file_at_the_size_limit(settings):
    data = csv_bytes([VILLAGE_HEADER, *VILLAGE_ROWS])
    settings.IMPORT_MAX_BYTES = len(data)

    table = read(data)

    assert table.row_numbers == [2, 3]


def test_read_table_refuses_more_rows_than_allowed(english):
    rows = [[f"64.01.01.{2001 + n}", "2024", "1", "apbd"] for n in range(1001)]
    data = csv_bytes([["kode_desa", "tahun", "pekerja", "sumber_dana"], *rows])

    message = problem_of(data, max_rows=1000)

    assert message == ("The file has 1,001 data rows; at most 1,000 can be uploaded.")


def test_read_table_accepts_as_many_rows_as_allowed_not_counting_blank_ones():
    data = csv_bytes([VILLAGE_HEADER, VILLAGE_ROWS[0], [""], [""], VILLAGE_ROWS[1]])

    table = read(data, max_rows=2)

    assert table.row_numbers == [2, 5]


def test_read_table_names_a_missing_required_column_and_its_spellings(english):
    data = csv_bytes([["tahun", "angkatan_kerja"], ["2024", "5"]])

    message = problem_of(data, kind=REPORTS)

    assert message == (
        "The required column “kode_wilayah / region_code” is missing (accepted "
        "headers: kode_wilayah, region_code, kode, region, wilayah)."
    )


def test_read_table_names_every_missing_required_column(english):
    data = csv_bytes([["kode_desa", "pekerja"], ["64.01.01.2001", "5"]])

    message = problem_of(data)

    assert message == (
        "The required column “tahun / year” is missing (accepted headers: tahun, "
        "year). The required column “sumber_dana / funding_source” is missing "
        "(accepted headers: sumber_dana, funding_source)."
    )


def test_read_table_refuses_two_columns_for_the_same_field(english):
    data = csv_bytes(
        [
            ["kode_wilayah", "tahun", "Region Code", "pemberi_kerja"],
            ["15.71", "2024", "15.01", "5"],
        ]
    )

    message = problem_of(data, kind=REPORTS)

    assert message == (
        "Columns “kode_wilayah” and “Region Code” are both kode_wilayah / "
        "region_code: keep only one of them."
    )


def test_read_table_accepts_two_label_columns_for_the_same_name():
    data = csv_bytes(
        [["kode", "nama", "nama_wilayah", "tahun"], ["15.71", "Jambi", "Jambi", "2024"]]
    )

    table = read(data, kind=REPORTS)

    assert table.frame.to_dict("records") == [{"region": "15.71", "year": "2024"}]


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("desa.xls", "“desa.xls” cannot be read: upload a .csv, .txt or .xlsx file."),
        (
            "laporan.pdf",
            "“laporan.pdf” cannot be read: upload a .csv, .txt or .xlsx file.",
        ),
        ("desa", "“desa” cannot be read: upload a .csv, .txt or .xlsx file."),
    ],
)
def test_read_table_refuses_other_kinds_of_file(english, filename, message):
    data = csv_bytes([VILLAGE_HEADER, VILLAGE_ROWS[0]])

    assert problem_of(data, filename) == message


def test_read_table_refuses_a_row_with_more_cells_than_the_header(english):
    text = (
        "\n"
        "kode_desa;tahun;pekerja;sumber_dana\n"
        "64.01.01.2001;2024;5;apbd\n"
        "\n"
        "x;1;2;3;4\n"
    )

    message = problem_of(text.encode())

    assert message == (
        "Row 5 has more cells than the header row: a value probably contains a "
        "semicolon. Put such values in double quotes, or give the extra column a "
        "header."
    )


def test_read_table_refuses_a_quote_that_is_never_closed(english):
    text = 'kode_desa,tahun,pekerja,sumber_dana\n64.01.01.2001,2024,5,apbd\n"64.01,\n'

    assert problem_of(text.encode()) == (
        "Row 3 opens a double quote that is never closed."
    )
