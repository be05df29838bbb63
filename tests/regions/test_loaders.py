from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from regions.loaders import RegionFileError, checksum, load_regions
from regions.models import District, Province, Regency, RegionDataLoad, Village

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MODELS: dict[str, Any] = {
    "provinces": Province,
    "regencies": Regency,
    "districts": District,
    "villages": Village,
}
REAL_DATA_DIR = Path(settings.IDN_AREA_DATA_DIR)
# The small set of tests/conftest.py, row by row, for files that differ from it.
SMALL_REGENCIES = [
    "15.01,15,Kabupaten Kerinci",
    "15.71,15,Kota Jambi",
    "21.05,21,Kabupaten Kepulauan Anambas",
    "31.71,31,Kota Administrasi Jakarta Pusat",
]
SMALL_VILLAGES = [
    "15.01.01.2001,15.01.01,Lempur Tengah",
    "15.71.01.1001,15.71.01,Simpang III Sipin",
    "21.05.01.1001,21.05.01,Tarempa",
]


def codes() -> dict[str, list[str]]:
    return {
        key: list(model.objects.values_list("code", flat=True))
        for key, model in MODELS.items()
    }


def snapshot() -> dict[str, list[tuple]]:
    """Every region row, and the load history."""
    rows = {
        key: list(model.objects.values_list("code", "name", "is_active"))
        for key, model in MODELS.items()
    }
    rows["loads"] = list(RegionDataLoad.objects.values_list("pk", "checksum"))
    return rows


def row_counts() -> list[int]:
    tables: list[Any] = [*MODELS.values(), RegionDataLoad]
    return [model.objects.count() for model in tables]


def counts(created=0, updated=0, retired=0, unchanged=0) -> dict[str, int]:
    return {
        "created": created,
        "updated": updated,
        "retired": retired,
        "unchanged": unchanged,
    }


def test_load_regions_creates_every_level(region_files):
    directory = region_files.write()

    load_regions(directory)

    assert codes() == {
        "provinces": ["15", "21", "31"],
        "regencies": ["15.01", "15.71", "21.05", "31.71"],
        "districts": ["15.01.01", "15.71.01", "21.05.01", "31.71.01"],
        "villages": [
            "15.01.01.2001",
            "15.71.01.1001",
            "21.05.01.1001",
            "31.71.01.1001",
        ],
    }


def test_load_regions_sets_regency_kind_and_administrative_from_code_and_name(
    region_files,
):
    directory = region_files.write()

    load_regions(directory)

    rows = Regency.objects.values_list("code", "kind", "is_administrative", "province")
    assert list(rows) == [
        ("15.01", "kabupaten", False, "15"),
        ("15.71", "kota", False, "15"),
        ("21.05", "kabupaten", False, "21"),
        ("31.71", "kota", True, "31"),
    ]


def test_load_regions_sets_village_kind_from_code(region_files):
    directory = region_files.write()

    load_regions(directory)

    assert list(Village.objects.values_list("code", "kind", "district")) == [
        ("15.01.01.2001", "desa", "15.01.01"),
        ("15.71.01.1001", "kelurahan", "15.71.01"),
        ("21.05.01.1001", "kelurahan", "21.05.01"),
        ("31.71.01.1001", "kelurahan", "31.71.01"),
    ]


def test_load_regions_records_source_version_checksum_and_counts(region_files):
    directory = region_files.write(version="4.0.1")

    result = load_regions(directory)

    load = RegionDataLoad.objects.get()
    expected_counts = dict.fromkeys(MODELS, counts(created=4))
    expected_counts["provinces"] = counts(created=3)
    assert (load.source, load.version, load.checksum, load.counts) == (
        "idn-area-data",
        "4.0.1",
        checksum(directory),
        expected_counts,
    )
    assert (result.skipped, result.counts, result.total_rows) == (
        False,
        expected_counts,
        15,
    )


def test_load_regions_without_package_manifest_records_empty_version(region_files):
    directory = region_files.write(version=None)

    load_regions(directory)

    assert RegionDataLoad.objects.get().version == ""


def test_load_regions_accepts_byte_order_mark_and_windows_line_ends(region_files):
    text = "\r\n".join(["code,name", "15,Jambi", "21,Kepulauan Riau", "31,DKI Jakarta"])
    directory = region_files.write(provinces=("\ufeff" + text + "\r\n").encode())

    load_regions(directory)

    assert list(Province.objects.values_list("code", "name")) == [
        ("15", "Jambi"),
        ("21", "Kepulauan Riau"),
        ("31", "DKI Jakarta"),
    ]


def test_load_regions_again_with_same_files_is_skipped(region_files):
    directory = region_files.write()
    load_regions(directory)
    before = snapshot()

    result = load_regions(directory)

    assert (result.skipped, snapshot()) == (True, before)


def test_load_regions_forced_reports_every_row_unchanged(region_files):
    directory = region_files.write()
    load_regions(directory)
    before = snapshot()

    result = load_regions(directory, force=True)

    expected = dict.fromkeys(MODELS, counts(unchanged=4))
    expected["provinces"] = counts(unchanged=3)
    assert (result.skipped, result.counts) == (False, expected)
    assert snapshot()["villages"] == before["villages"]
    assert RegionDataLoad.objects.count() == 2


def test_load_regions_updates_renamed_region(region_files):
    load_regions(region_files.write())
    regencies = [SMALL_REGENCIES[0], "15.71,15,Kota Jambi Baru", *SMALL_REGENCIES[2:]]

    result = load_regions(region_files.write(regencies=regencies))

    assert list(Regency.objects.values_list("code", "name")) == [
        ("15.01", "Kabupaten Kerinci"),
        ("15.71", "Kota Jambi Baru"),
        ("21.05", "Kabupaten Kepulauan Anambas"),
        ("31.71", "Kota Administrasi Jakarta Pusat"),
    ]
    assert result.counts["regencies"] == counts(updated=1, unchanged=3)


def test_load_regions_adds_new_region(region_files):
    load_regions(region_files.write())
    districts = [*region_files.rows["districts"], "31.71.02,31.71,Sawah Besar"]

    result = load_regions(region_files.write(districts=districts))

    assert District.objects.get(code="31.71.02").name == "Sawah Besar"
    assert result.counts["districts"] == counts(created=1, unchanged=4)


def test_load_regions_marks_region_missing_from_source_inactive(region_files):
    load_regions(region_files.write())
    villages = region_files.rows["villages"][:3]

    result = load_regions(region_files.write(villages=villages))

    assert list(Village.objects.values_list("code", "is_active")) == [
        ("15.01.01.2001", True),
        ("15.71.01.1001", True),
        ("21.05.01.1001", True),
        ("31.71.01.1001", False),
    ]
    assert result.counts["villages"] == counts(retired=1, unchanged=3)


def test_load_regions_reactivates_region_back_in_source(region_files):
    load_regions(region_files.write(villages=region_files.rows["villages"][:3]))
    Village.objects.update(is_active=False)

    result = load_regions(region_files.write())

    assert list(Village.objects.values_list("is_active", flat=True)) == [True] * 4
    assert result.counts["villages"] == counts(created=1, updated=3)


def test_load_regions_with_bad_file_after_good_load_changes_nothing(region_files):
    load_regions(region_files.write())
    before = snapshot()
    regencies = ["15.01,15,Kabupaten Kerinci Baru", "15.7x,15,Kota Jambi"]

    with pytest.raises(RegionFileError):
        load_regions(region_files.write(regencies=regencies))

    assert snapshot() == before


MALFORMED = {
    "missing file": ({"villages": None}, ["{directory}/villages.csv: file not found."]),
    "empty file": ({"provinces": ""}, ["provinces.csv: the file is empty."]),
    "header only": (
        {"provinces": []},
        ["provinces.csv: the file has no rows after the header."],
    ),
    "wrong header": (
        {"regencies": "code,province,name\n15.01,15,Kabupaten Kerinci\n"},
        ["regencies.csv, line 1: expected the columns code,province_code,name."],
    ),
    "wrong column count": (
        {"regencies": [*SMALL_REGENCIES[:2], "21.05,21,Kabupaten,Anambas"]},
        ["regencies.csv, line 4: expected 3 columns, found 4."],
    ),
    "bad code pattern": (
        {"provinces": ["15,Jambi", "2,Kepulauan Riau"]},
        ["provinces.csv, line 3: the code '2' is not a valid code for this level."],
    ),
    "duplicate code": (
        {"regencies": [*SMALL_REGENCIES, "15.71,15,Kota Jambi"]},
        ["regencies.csv, line 6: the code 15.71 appears twice."],
    ),
    "unknown parent": (
        {"districts": ["15.01.01,15.01,Gunung Raya", "15.02.01,15.02,Air Hangat"]},
        ["districts.csv, line 3: 15.02.01 refers to the unknown parent '15.02'."],
    ),
    "parent not matching code": (
        {"villages": ["15.71.01.1001,15.01.01,Simpang III Sipin"]},
        [
            "villages.csv, line 2: 15.71.01.1001 refers to the unknown parent "
            "'15.01.01'."
        ],
    ),
    "empty name": (
        {"villages": [*SMALL_VILLAGES, "31.71.01.1001,31.71.01, "]},
        [
            "villages.csv, line 5: the name of 31.71.01.1001 is empty or longer "
            "than 120 characters."
        ],
    ),
    "name too long": (
        {"provinces": ["15,Jambi", "21," + "K" * 121]},
        [
            "provinces.csv, line 3: the name of 21 is empty or longer than 120 "
            "characters."
        ],
    ),
    "truncated mid-line": (
        {
            "villages": "code,district_code,name\n"
            + "\n".join(SMALL_VILLAGES)
            + "\n31.71.01.1001,31.7"
        },
        [
            "villages.csv, line 5: the file ends in the middle of a line (truncated?).",
            "villages.csv, line 5: expected 3 columns, found 2.",
        ],
    ),
    "not UTF-8": (
        {
            "provinces": "code,name\n15,Jambi\n21,Kepulauan Riau\n"
            "31,DKI Jakarta – Ibu Kota\n".encode("cp1252")
        },
        ["provinces.csv, line 4: not UTF-8 text (byte 52)."],
    ),
}


@pytest.mark.parametrize(
    ("files", "problems"), MALFORMED.values(), ids=MALFORMED.keys()
)
def test_load_regions_refuses_malformed_file_and_loads_nothing(
    region_files, files, problems
):
    directory = region_files.write(**files)

    with pytest.raises(RegionFileError) as error:
        load_regions(directory)

    expected = [problem.format(directory=directory) for problem in problems]
    assert error.value.problems == expected
    assert row_counts() == [0, 0, 0, 0, 0]


def test_load_regions_lists_at_most_twenty_problems_per_file(region_files):
    bad_rows = [f"{n:02d},Provinsi {n}," for n in range(11, 41)]

    with pytest.raises(RegionFileError) as error:
        load_regions(region_files.write(provinces=bad_rows))

    assert len(error.value.problems) == 20
    assert error.value.problems[-1] == (
        "provinces.csv, line 21: expected 2 columns, found 3."
    )


@pytest.mark.skipif(
    not (REAL_DATA_DIR / "villages.csv").exists(),
    reason=f"idn-area-data is not installed in {REAL_DATA_DIR} (run npm ci)",
)
def test_load_regions_loads_the_installed_package():
    load_regions(REAL_DATA_DIR)

    assert row_counts() == [38, 514, 7285, 83762, 1]
    regencies = Regency.objects.filter(code__in=["21.05", "31.71", "64.01", "73.01"])
    assert list(regencies.values_list("code", "name", "kind", "is_administrative")) == [
        ("21.05", "Kabupaten Kepulauan Anambas", "kabupaten", False),
        ("31.71", "Kota Administrasi Jakarta Pusat", "kota", True),
        ("64.01", "Kabupaten Paser", "kabupaten", False),
        ("73.01", "Kabupaten Kepulauan Selayar", "kabupaten", False),
    ]
    assert Province.objects.get(code="15").name == "Jambi"
