"""The demo Tim 9 of Jambi (scoring.demo), on the small region set."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet

from scoring.conflicts import Exclusion
from scoring.demo import create_demo_panels
from scoring.models import Panel
from scoring.selectors import conflicts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(region_files, settings):
    settings.IDN_AREA_DATA_DIR = region_files.write()
    call_command("prepare_portal", "--demo", stdout=StringIO(), stderr=StringIO())


def jambi_panels() -> QuerySet[Panel]:
    """Jambi's Tim 9 (the demo also seats panels for the other provinces)."""
    return Panel.objects.filter(round__province="15")


@pytest.mark.usefixtures("demo")
def test_demo_tim9_has_its_chair_secretary_and_members():
    panel = jambi_panels().get()

    seats = list(
        panel.members.order_by("user__username").values_list(
            "user__username", "role", "province", "regency"
        )
    )

    assert (str(panel.round.province.name), seats) == (
        "Jambi",
        [
            ("penilai", "member", None, None),
            ("tim9.apindo", "member", None, None),
            ("tim9.disnaker", "member", "15", None),
            ("tim9.ketua", "chair", "15", None),
            ("tim9.sekretaris", "secretary", None, None),
            ("tim9.serikat", "member", None, "15.71"),
        ],
    )


@pytest.mark.usefixtures("demo")
def test_demo_union_member_is_kept_from_kota_jambi():
    matrix = conflicts(jambi_panels().select_related("round").get())

    found = {
        (member.user.username, candidate.subject_name)
        for member, cells in matrix.rows
        for candidate, cell in zip(matrix.candidates, cells, strict=True)
        if cell.exclusion
    }

    assert found == {("tim9.serikat", "Kota Jambi")}
    assert {c.exclusion for c in matrix.cells.values()} == {None, Exclusion.OWN_REGENCY}


@pytest.mark.usefixtures("demo")
def test_demo_panels_are_created_once():
    again = create_demo_panels()

    assert (again, jambi_panels().count()) == ([], 1)


def test_demo_panels_need_the_demo_round(db):
    assert create_demo_panels() == []


@pytest.mark.usefixtures("demo")
def test_demo_tim9_names_are_marked_demo():
    panel = jambi_panels().get()

    names = sorted(
        (member.user.username, member.user.display_name, member.organisation)
        for member in panel.members.select_related("user")
        if member.user.username.startswith("tim9.")
    )

    assert names == [
        ("tim9.apindo", "Lukman Hakim (demo)", "APINDO Provinsi Jambi"),
        (
            "tim9.disnaker",
            "Agus Setiawan (demo)",
            "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jambi",
        ),
        (
            "tim9.ketua",
            "Hendra Saputra (demo)",
            "Sekretariat Daerah Provinsi Jambi (Sekda)",
        ),
        (
            "tim9.sekretaris",
            "Rina Marlina (demo)",
            "BPJS Ketenagakerjaan Kantor Cabang Jambi",
        ),
        ("tim9.serikat", "Siti Rahmawati (demo)", "KSPSI Kota Jambi"),
    ]
