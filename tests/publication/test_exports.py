"""The open data files of a release: equal to the ranking, CSV with a BOM, formulas
neutralised in text cells only, numbers unchanged, the JSON only the published
keys, the methodology as imported, Indonesian file names."""

import copy
import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from publication import exports
from publication.exports import Published
from scoring.methodology_json import loads as load_methodology

pytestmark = pytest.mark.django_db

HOSTILE = ["=1+1", "+62", "@SUM(A1)", "-2+3", "\t=x", "\r=x", '=HYPERLINK("x")']
SAFE = ["'=1+1", "'+62", "'@SUM(A1)", "'-2+3", "'\t=x", "'\r=x", '\'=HYPERLINK("x")']
PUBLISHED = Published(number=2, published_at=datetime(2025, 11, 3, 1, tzinfo=UTC))


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.values) for sheet in book.worksheets}


def ranking_sheet(content: bytes) -> list[dict[str, Any]]:
    header, *rows = next(iter(read_xlsx(content).values()))
    return [dict(zip(header, row, strict=True)) for row in rows]


def hostile(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with a formula-like name per ranked candidate, a negative
    total and contribution, and an incomplete candidate."""
    found = copy.deepcopy(snapshot)
    for entry, name in zip(found["ranked"], HOSTILE, strict=False):
        entry["name"] = name
    found["ranked"][0]["total"] = "-1.5"
    found["ranked"][0]["lines"][0]["contribution"] = "-2.25"
    first = found["ranked"][0]
    found["incomplete"] = [
        {**{k: first[k] for k in exports.SUBJECT_KEYS}, "name": "@x", "candidate": 99}
        | {"reasons": ["missing:coverage_pu", "missing:rubric:WAW.1"]}
    ]
    return found


def test_csv_starts_with_a_bom_and_equals_the_ranking(release):
    content = exports.to_csv(release.snapshot, Published.of(release))

    rows = read_csv(content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert [(r["rank"], r["name"], r["total"], r["status"]) for r in rows] == [
        (str(e["rank"]), e["name"], e["total"], "ranked")
        for e in release.snapshot["ranked"]
    ]
    assert {(r["edition_year"], r["province_code"], r["release"]) for r in rows} == {
        ("2025", "15", "1")
    }


def test_csv_has_a_score_and_a_contribution_per_criterion(release):
    content = exports.to_csv(release.snapshot, Published.of(release))

    first = read_csv(content)[0]
    line = release.snapshot["ranked"][0]["lines"][1]
    assert (first["CAK.1_score"], first["CAK.1_contribution"]) == (
        line["score"],
        line["contribution"],
    )
    assert exports.header(release.snapshot)[-1] == "reasons"


def test_csv_neutralises_formulas_in_text_cells(release):
    snapshot = hostile(release.snapshot)

    rows = read_csv(exports.to_csv(snapshot, PUBLISHED))

    assert [r["name"] for r in rows] == [*SAFE[:4], "'@x"]


def test_csv_keeps_negative_numbers_numbers(release):
    snapshot = hostile(release.snapshot)

    first = read_csv(exports.to_csv(snapshot, PUBLISHED))[0]

    assert (first["total"], first["REG.1_contribution"]) == ("-1.5", "-2.25")


def test_csv_lists_incomplete_candidates_last_with_reasons(release):
    snapshot = hostile(release.snapshot)

    last = read_csv(exports.to_csv(snapshot, PUBLISHED))[-1]

    assert (last["status"], last["rank"], last["total"], last["candidate_id"]) == (
        "incomplete",
        "",
        "",
        "99",
    )
    assert last["reasons"] == "missing:coverage_pu; missing:rubric:WAW.1"


def test_every_formula_start_is_neutralised():
    assert [exports.neutralise(text) for text in HOSTILE] == SAFE
    assert exports.neutralise("Kota Jambi") == "Kota Jambi"
    assert exports.neutralise("\x00=x") == "'=x"


def test_xlsx_equals_the_ranking_with_numbers_as_numbers(release):
    content = exports.to_xlsx(release.snapshot, Published.of(release))

    rows = ranking_sheet(content)
    assert [(r["rank"], r["name"], r["total"]) for r in rows] == [
        (e["rank"], e["name"], float(Decimal(e["total"])))
        for e in release.snapshot["ranked"]
    ]
    assert isinstance(rows[0]["edition_year"], int)


def test_xlsx_neutralises_text_and_keeps_negative_numbers(release):
    snapshot = hostile(release.snapshot)

    rows = ranking_sheet(exports.to_xlsx(snapshot, PUBLISHED))

    assert [r["name"] for r in rows] == [*SAFE[:4], "'@x"]
    assert (rows[0]["total"], rows[0]["REG.1_contribution"]) == (-1.5, -2.25)


def test_xlsx_has_an_about_sheet_with_the_licence(release, english):
    sheets = read_xlsx(exports.to_xlsx(release.snapshot, Published.of(release)))

    assert list(sheets) == ["Ranking", "About"]
    about = dict(sheets["About"])
    assert about["Licence"] == exports.LICENCE
    assert about["Attribution"] == "Paritrana Portal"
    assert about["Release number"] == 1
    assert about["Province"] == "Jambi"


def test_json_equals_the_ranking_and_holds_only_published_keys(release):
    data = json.loads(exports.to_json(release.snapshot, Published.of(release)))

    assert [
        (r["candidate"], r["rank"], r["total"], r["name"]) for r in data["ranked"]
    ] == [
        (e["candidate"], e["rank"], e["total"], e["name"])
        for e in release.snapshot["ranked"]
    ]
    assert list(data) == [
        "format",
        "licence",
        "release",
        "edition",
        "category",
        "province",
        "run",
        "methodology",
        "ranked",
        "incomplete",
    ]
    assert "pk" not in data["run"]
    assert "key" not in data["ranked"][0]
    assert data["licence"]["attribution"] == "Paritrana Portal"


def test_methodology_file_is_the_document_as_imported(release):
    content = exports.methodology_json(release.snapshot)

    assert load_methodology(content) == json.loads(
        json.dumps(release.snapshot["methodology"]["document"]), parse_float=Decimal
    )


def test_file_names_are_indonesian(release):
    snapshot = copy.deepcopy(release.snapshot)
    snapshot["category"]["name"] = "Kab/Kota Terbaik"
    national = {**snapshot, "province": None, "category": {"pk": 7, "name": "日本"}}

    names = [
        exports.filename(snapshot, PUBLISHED, "csv", stem="peringkat"),
        exports.filename(national, PUBLISHED, "xlsx", stem="peringkat"),
    ]

    assert names == [
        "peringkat-2025-kab-kota-terbaik-jambi-rilis-2.csv",
        "peringkat-2025-kategori-7-nasional-rilis-2.xlsx",
    ]


def test_file_names_are_english_for_english_readers(release, english):
    national = {**release.snapshot, "province": None}
    national["category"] = {"pk": 7, "name": "日本"}

    names = [
        exports.filename(release.snapshot, PUBLISHED, "json", stem="metodologi"),
        exports.filename(national, PUBLISHED, "json", stem="bundel"),
    ]

    assert [name.split("-2025-")[0] for name in names] == ["methodology", "bundle"]
    assert names[1] == "bundle-2025-category-7-national-release-2.json"
    assert names[0].endswith("-jambi-release-2.json")
