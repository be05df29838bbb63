from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from regions.models import Province, RegionDataLoad

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def run(*args: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("load_regions", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_load_regions_command_prints_counts_per_level(region_files):
    directory = region_files.write()

    stdout, stderr = run(str(directory))

    assert (stdout, stderr) == (
        "provinces: created 3, updated 0, retired 0, unchanged 0\n"
        "regencies: created 4, updated 0, retired 0, unchanged 0\n"
        "districts: created 4, updated 0, retired 0, unchanged 0\n"
        "villages: created 4, updated 0, retired 0, unchanged 0\n",
        "",
    )


def test_load_regions_command_reads_settings_folder_by_default(region_files, settings):
    settings.IDN_AREA_DATA_DIR = region_files.write()

    run()

    assert list(Province.objects.values_list("code", flat=True)) == ["15", "21", "31"]


def test_load_regions_command_says_up_to_date_when_files_are_unchanged(
    region_files,
):
    directory = region_files.write()
    run(str(directory))

    stdout, _ = run(str(directory))

    assert stdout == "Regions are up to date (same source files as last load).\n"


def test_load_regions_command_with_force_compares_every_row(region_files):
    directory = region_files.write()
    run(str(directory))

    stdout, _ = run(str(directory), "--force")

    assert stdout == (
        "provinces: created 0, updated 0, retired 0, unchanged 3\n"
        "regencies: created 0, updated 0, retired 0, unchanged 4\n"
        "districts: created 0, updated 0, retired 0, unchanged 4\n"
        "villages: created 0, updated 0, retired 0, unchanged 4\n"
    )


def test_load_regions_command_prints_problems_to_stderr_and_fails(region_files):
    directory = region_files.write(
        districts=["15.01.01,15.01,Gunung Raya", "15.02.01,15.02,Air Hangat", "x,y,z"]
    )
    stderr = StringIO()

    with pytest.raises(CommandError) as error:
        call_command("load_regions", str(directory), stdout=StringIO(), stderr=stderr)

    assert stderr.getvalue() == (
        "districts.csv, line 3: 15.02.01 refers to the unknown parent '15.02'.\n"
        "districts.csv, line 4: the code 'x' is not a valid code for this level.\n"
    )
    assert (str(error.value), error.value.returncode) == ("Nothing was loaded.", 1)
    assert RegionDataLoad.objects.count() == 0
