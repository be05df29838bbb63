import pytest

from regions.models import (
    Branch,
    District,
    Province,
    Regency,
    Village,
    dotted_code,
)
from tests.factories import (
    BranchFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
    VillageFactory,
    ZoneFactory,
)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("15.01", "kabupaten"),
        ("15.69", "kabupaten"),
        ("15.71", "kota"),
        ("31.75", "kota"),
        ("92.99", "kota"),
    ],
)
def test_regency_kind_for_code_kabupaten_below_70_kota_above(code, kind):
    result = Regency.kind_for_code(code)

    assert result == kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("15.71.01.1001", "kelurahan"),
        ("15.71.01.1999", "kelurahan"),
        ("15.01.01.2001", "desa"),
        ("15.01.01.2999", "desa"),
    ],
)
def test_village_kind_for_code_kelurahan_1xxx_desa_2xxx(code, kind):
    result = Village.kind_for_code(code)

    assert result == kind


@pytest.mark.parametrize(
    ("term", "prefix"),
    [
        ("2", "2"),
        ("21", "21"),
        ("2105", "21.05"),
        ("21050", "21.05.0"),
        ("2105012001", "21.05.01.2001"),
        ("21.05", "21.05"),
        ("Anambas", "Anambas"),
    ],
)
def test_dotted_code_puts_dots_into_bare_digits(term, prefix):
    result = dotted_code(term)

    assert result == prefix


@pytest.mark.django_db
def test_region_str_is_code_and_name():
    regency = RegencyFactory(code="15.71", name="Kota Jambi")

    assert str(regency) == "15.71 Kota Jambi"


@pytest.mark.django_db
def test_zone_str_has_year():
    zone = ZoneFactory(name="Zona Sumatera", year=2025)

    assert str(zone) == "Zona Sumatera (2025)"


@pytest.mark.django_db
def test_region_get_absolute_url_uses_the_code(world):
    urls = [
        world.prov_a.get_absolute_url(),
        world.reg_a2.get_absolute_url(),
        world.dist_a2.get_absolute_url(),
    ]

    assert urls == ["/wilayah/15/", "/wilayah/15.71/", "/wilayah/15.71.01/"]


@pytest.mark.django_db
def test_region_active_leaves_out_retired_regions():
    province = ProvinceFactory(code="15")
    RegencyFactory(code="15.01", province=province)
    RegencyFactory(code="15.02", province=province, is_active=False)

    codes = list(Regency.objects.active().values_list("code", flat=True))

    assert codes == ["15.01"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "codes"),
    [
        ("jambi", ["15.71"]),
        ("KEPULAUAN", ["21.05"]),
        ("15", ["15.01", "15.71"]),
        ("15.7", ["15.71"]),
        ("1571", ["15.71"]),
        ("  ", ["15.01", "15.71", "21.05"]),
        ("Papua", []),
    ],
)
def test_region_search_matches_name_fragment_or_code_prefix(world, term, codes):
    result = Regency.objects.search(term)

    assert list(result.values_list("code", flat=True)) == codes


@pytest.mark.django_db
def test_branch_search_matches_name_or_code(world):
    result = Branch.objects.search("kerinci")

    assert list(result) == [world.branch_a2]


ALL_CODES = {
    Province: ["15", "21"],
    Regency: ["15.01", "15.71", "21.05"],
    District: ["15.01.01", "15.71.01", "21.05.01"],
    Village: ["15.01.01.2001", "15.71.01.1001", "21.05.01.2001"],
    Branch: ["kc-anambas", "kc-jambi", "kc-kerinci"],
}
A_CODES = {
    Province: ["15"],
    Regency: ["15.01", "15.71"],
    District: ["15.01.01", "15.71.01"],
    Village: ["15.01.01.2001", "15.71.01.1001"],
    Branch: ["kc-jambi", "kc-kerinci"],
}
B_CODES = {
    Province: ["21"],
    Regency: ["21.05"],
    District: ["21.05.01"],
    Village: ["21.05.01.2001"],
    Branch: ["kc-anambas"],
}
NO_CODES: dict = {model: [] for model in ALL_CODES}
SCOPES = {
    "anonymous": NO_CODES,
    "no_role": NO_CODES,
    "penilai": NO_CODES,
    "admin": ALL_CODES,
    "superuser": ALL_CODES,
    "panitia_a": A_CODES,
    "panitia_b": B_CODES,
    "petugas_a": {**A_CODES, Branch: ["kc-jambi"]},
    "petugas_a2": {
        Province: ["15"],
        Regency: ["15.01"],
        District: ["15.01.01"],
        Village: ["15.01.01.2001"],
        Branch: ["kc-kerinci"],
    },
    "petugas_b": B_CODES,
    "verifikator_cabang_a": {**A_CODES, Branch: ["kc-jambi"]},
    "verifikator_cabang_b": B_CODES,
    "verifikator_kanwil_a": A_CODES,
    "verifikator_kanwil_b": B_CODES,
}


@pytest.mark.django_db
@pytest.mark.parametrize("user_key", SCOPES)
def test_for_user_gives_the_regions_and_branches_of_the_user_scope(world, user_key):
    user = world.users[user_key]

    result = {
        model: list(
            model.objects.for_user(user).order_by("code").values_list("code", flat=True)
        )
        for model in ALL_CODES
    }

    assert result == SCOPES[user_key]


@pytest.mark.django_db
def test_for_user_lists_a_regency_served_by_two_branches_once(world):
    kanwil_verifier = world.users["verifikator_kanwil_a"]

    result = Regency.objects.for_user(kanwil_verifier)

    assert list(result) == [world.reg_a1, world.reg_a2]


@pytest.mark.django_db
def test_for_user_lists_a_province_once_for_a_branch_serving_two_of_its_regencies(
    world,
):
    officer = world.users["petugas_a"]

    result = Province.objects.for_user(officer)

    assert list(result) == [world.prov_a]


@pytest.mark.django_db
def test_for_user_lists_a_branch_once_for_a_province_it_serves_twice(world):
    committee = world.users["panitia_a"]

    result = Branch.objects.for_user(committee)

    assert list(result) == [world.branch_a, world.branch_a2]


@pytest.mark.django_db
def test_for_user_keeps_other_filters_of_the_queryset(world):
    committee = world.users["panitia_a"]

    result = Regency.objects.filter(kind=Regency.Kind.KOTA).for_user(committee)

    assert list(result) == [world.reg_a2]


@pytest.mark.django_db
def test_branch_factory_sets_the_regencies_served():
    kanwil = KanwilFactory()
    regencies = RegencyFactory.create_batch(2)

    branch = BranchFactory(kanwil=kanwil, regencies=regencies)

    assert list(branch.regencies.order_by("code")) == sorted(
        regencies, key=lambda r: r.code
    )


@pytest.mark.django_db
def test_factory_codes_pass_the_model_validators():
    village = VillageFactory(
        kelurahan=True, district__regency=RegencyFactory(kota=True)
    )
    regions = [
        village,
        village.district,
        village.district.regency,
        village.district.regency.province,
    ]

    for region in regions:
        region.full_clean()

    assert [region.kind for region in regions[::2]] == ["kelurahan", "kota"]
