from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from regions.models import Branch, Kanwil, Province, Regency, RegionDataLoad, Zone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LOAD_SUMMARY = (
    "provinces: created 3, updated 0, retired 0, unchanged 0\n"
    "regencies: created 4, updated 0, retired 0, unchanged 0\n"
    "districts: created 4, updated 0, retired 0, unchanged 0\n"
    "villages: created 4, updated 0, retired 0, unchanged 0\n"
)
LOGINS = (
    "Demo log-ins (password for all: paritrana-demo):\n"
    "  admin                admin_nasional\n"
    "  panitia.jambi        panitia_provinsi\n"
    "  penilai              penilai\n"
    "  petugas.anambas      petugas_cabang\n"
    "  verifikator.cabang   verifikator\n"
    "  verifikator.kanwil   verifikator\n"
    "  tim9.ketua           penilai (Tim 9 Jambi, chair)\n"
    "  tim9.sekretaris      penilai (Tim 9 Jambi, secretary)\n"
    "  tim9.disnaker        penilai (Tim 9 Jambi, member)\n"
    "  tim9.apindo          penilai (Tim 9 Jambi, member)\n"
    "  tim9.serikat         penilai (Tim 9 Jambi, member)\n"
)


@pytest.fixture
def small_package(region_files, settings):
    """The small CSV set (provinces 15, 21, 31) as the default region source."""
    settings.IDN_AREA_DATA_DIR = region_files.write()


def prepare(*args: str) -> str:
    stdout = StringIO()
    call_command("prepare_portal", *args, stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def everything() -> dict[str, int]:
    models = (Kanwil, Branch, User, Zone, RegionDataLoad, Regency)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.usefixtures("small_package")
def test_prepare_portal_without_demo_loads_regions_only():
    output = prepare()

    assert output == LOAD_SUMMARY
    assert everything() == {
        "Kanwil": 0,
        "Branch": 0,
        "User": 0,
        "Zone": 0,
        "RegionDataLoad": 1,
        "Regency": 4,
    }


@pytest.mark.usefixtures("small_package")
def test_prepare_portal_demo_prints_the_log_ins():
    output = prepare("--demo")

    assert output == (
        LOAD_SUMMARY
        + "Demo branches created: 3\n"
        + "Demo coverage reports created: 31 (1 draft, 2 submitted, 28 approved)\n"
        + "Demo award edition created with 6 candidates\n"
        + "Illustrative methodologies created: 8\n"
        + "Demo Tim 9 of Jambi created with 6 members\n"
        + "Demo score sheets of Tim 9 submitted: 5\n"
        + "Demo ranking runs of Jambi computed: desk, final\n"
        + "Demo releases published: 3 provincial, 1 national\n"
        + "Demo certificates: 2 issued, 1 revoked\n"
        + LOGINS
    )


@pytest.mark.usefixtures("small_package")
def test_prepare_portal_demo_attaches_provinces_to_kanwil():
    prepare("--demo")

    assert Kanwil.objects.count() == 11
    assert list(Province.objects.values_list("code", "kanwil__code")) == [
        ("15", "sumbagsel"),
        ("21", "sumbarriau"),
        ("31", "dki-jakarta"),
    ]


@pytest.mark.usefixtures("small_package")
def test_prepare_portal_demo_serves_every_regency_by_a_demo_branch():
    prepare("--demo")

    rows = [
        (b.code, b.kanwil.code, [r.code for r in b.regencies.all()], b.is_demo)
        for b in Branch.objects.select_related("kanwil").order_by("code")
    ]
    assert rows == [
        ("demo-15.71", "sumbagsel", ["15.01", "15.71"], True),
        ("demo-21.05", "sumbarriau", ["21.05"], True),
        ("demo-31.71", "dki-jakarta", ["31.71"], True),
    ]
    assert Regency.objects.filter(branches__isnull=True).count() == 0


@pytest.mark.usefixtures("small_package")
def test_prepare_portal_demo_creates_one_user_per_role_with_its_scope():
    prepare("--demo")

    # The assessors seated by the demo releases are no log-ins: left out here.
    made_up = User.objects.filter(username__regex=r"^(tim9\.\d+|juri\.nasional)\.")
    users = (
        User.objects.exclude(pk__in=made_up)
        .order_by("username")
        .values_list(
            "username",
            "role",
            "province",
            "branch__code",
            "kanwil__code",
            "is_superuser",
        )
    )
    assert list(users) == [
        ("admin", "admin_nasional", None, None, None, True),
        ("panitia.jambi", "panitia_provinsi", "15", None, None, False),
        ("penilai", "penilai", None, None, None, False),
        ("petugas.anambas", "petugas_cabang", None, "demo-21.05", None, False),
        *[
            (f"tim9.{name}", "penilai", None, None, None, False)
            for name in ("apindo", "disnaker", "ketua", "sekretaris", "serikat")
        ],
        ("verifikator.cabang", "verifikator", None, "demo-21.05", None, False),
        ("verifikator.kanwil", "verifikator", None, None, "sumbarriau", False),
    ]
    assert User.objects.get(username="penilai").check_password("paritrana-demo")


@pytest.mark.usefixtures("small_package")
def test_prepare_portal_demo_twice_creates_nothing_new():
    prepare("--demo")
    before = everything()

    output = prepare("--demo")

    assert everything() == before
    assert output == (
        "Regions are up to date (same source files as last load).\n" + LOGINS
    )


def test_demo_users_skip_areas_that_are_not_loaded(db, region_files, settings):
    directory = region_files.write(
        provinces=["31,DKI Jakarta"],
        regencies=["31.71,31,Kota Administrasi Jakarta Pusat"],
        districts=["31.71.01,31.71,Gambir"],
        villages=["31.71.01.1001,31.71.01,Gambir"],
    )
    settings.IDN_AREA_DATA_DIR = directory

    call_command("prepare_portal", "--demo", stdout=StringIO())

    # The 11 Kanwil always exist; province 15 and kab/kota 21.05 are not loaded.
    assert sorted(User.objects.values_list("username", flat=True)) == [
        "admin",
        "penilai",
        "verifikator.kanwil",
    ]
