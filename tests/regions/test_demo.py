import pytest

from regions.demo import (
    DEMO_ZONES,
    KANWIL_PROVINCES,
    create_demo_branches,
    create_kanwil,
    load_demo_offices,
    short_name,
)
from regions.models import Branch, Kanwil, Province, Zone
from tests.factories import (
    BranchFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Kota Administrasi Jakarta Pusat", "Jakarta Pusat"),
        ("Kabupaten Administrasi Kepulauan Seribu", "Kepulauan Seribu"),
        ("Kabupaten Kepulauan Anambas", "Kepulauan Anambas"),
        ("Kota Jambi", "Jambi"),
        ("Kotabaru", "Kotabaru"),
    ],
)
def test_short_name_drops_the_kind_prefix(name, short):
    regency = RegencyFactory.build(name=name)

    assert short_name(regency) == short


def test_create_kanwil_makes_the_eleven_offices_and_attaches_provinces():
    ProvinceFactory(code="15")
    ProvinceFactory(code="31")
    ProvinceFactory(code="99")

    offices = create_kanwil()

    assert sorted(offices) == sorted(code for code, _ in KANWIL_PROVINCES)
    assert list(Province.objects.values_list("code", "kanwil__code")) == [
        ("15", "sumbagsel"),
        ("31", "dki-jakarta"),
        ("99", None),
    ]


def test_create_kanwil_twice_creates_nothing_new():
    create_kanwil()

    create_kanwil()

    assert Kanwil.objects.count() == 11


def branch_rows() -> list[tuple]:
    return [
        (
            b.code,
            b.name,
            b.kanwil.code,
            [r.code for r in b.regencies.order_by("code")],
            b.is_demo,
        )
        for b in Branch.objects.select_related("kanwil").order_by("code")
    ]


def test_create_demo_branches_groups_regencies_by_four_seated_in_a_kota():
    kanwil = KanwilFactory(code="sumbagsel")
    jambi = ProvinceFactory(code="15", kanwil=kanwil)
    for number in range(1, 6):
        RegencyFactory(
            code=f"15.0{number}", name=f"Kabupaten K{number}", province=jambi
        )
    RegencyFactory(code="15.71", name="Kota Jambi", province=jambi)

    created = create_demo_branches()

    assert created == 2
    assert branch_rows() == [
        (
            "demo-15.01",
            "KC Demo K1",
            "sumbagsel",
            ["15.01", "15.02", "15.03", "15.04"],
            True,
        ),
        ("demo-15.71", "KC Demo Jambi", "sumbagsel", ["15.05", "15.71"], True),
    ]


def test_create_demo_branches_leaves_served_regencies_and_provinces_without_kanwil():
    kanwil = KanwilFactory(code="sumbagsel")
    served = RegencyFactory(code="15.01", province__code="15", province__kanwil=kanwil)
    BranchFactory(
        code="kc-kerinci", name="KC Kerinci", kanwil=kanwil, regencies=[served]
    )
    RegencyFactory(code="15.71", name="Kota Jambi", province=served.province)
    RegencyFactory(code="99.01", province__code="99")

    create_demo_branches()

    assert branch_rows() == [
        ("demo-15.71", "KC Demo Jambi", "sumbagsel", ["15.71"], True),
        ("kc-kerinci", "KC Kerinci", "sumbagsel", ["15.01"], False),
    ]


def test_load_demo_offices_sets_the_demo_zones():
    ProvinceFactory(code="15")
    ProvinceFactory(code="31")

    load_demo_offices()

    zones = {
        zone.name: [p.code for p in zone.provinces.order_by("code")]
        for zone in Zone.objects.filter(year=2025)
    }
    assert zones == {
        name: [code for code in ("15", "31") if code in codes]
        for name, codes in DEMO_ZONES.items()
    }


def test_load_demo_offices_twice_creates_nothing_new():
    RegencyFactory(code="15.71", province__code="15")
    first = load_demo_offices()
    before = (branch_rows(), Kanwil.objects.count(), Zone.objects.count())

    second = load_demo_offices()

    assert (first, second) == (1, 0)
    assert (branch_rows(), Kanwil.objects.count(), Zone.objects.count()) == before
