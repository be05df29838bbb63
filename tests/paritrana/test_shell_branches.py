"""Demo branches that would share a name are named apart, and a branch is shown with
its code wherever one is chosen or listed."""

import pytest

from regions.demo import create_demo_branches
from regions.models import Branch
from tests.factories import (
    BranchFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db


def test_demo_branches_of_kota_and_kabupaten_of_one_name_are_named_apart():
    kanwil = KanwilFactory(code="jawa-barat")
    west_java = ProvinceFactory(code="32", kanwil=kanwil)
    papua = ProvinceFactory(code="91", kanwil=kanwil)
    RegencyFactory(code="32.01", name="Kabupaten Bogor", province=west_java)
    RegencyFactory(code="32.71", name="Kota Bogor", province=west_java)
    for number in range(2, 6):  # Kabupaten Bogor's branch serves up to four
        RegencyFactory(code=f"32.0{number}", province=west_java)
    RegencyFactory(code="91.03", name="Kabupaten Jayapura", province=papua)

    create_demo_branches()

    names = sorted(Branch.objects.values_list("name", flat=True))
    assert names == [
        "KC Demo Jayapura",
        "KC Demo Kabupaten Bogor",
        "KC Demo Kota Bogor",
    ]


def test_branch_reads_with_its_code_where_it_is_chosen():
    branch = BranchFactory(code="demo-32.71", name="KC Demo Bogor")

    assert str(branch) == "KC Demo Bogor (demo-32.71)"


def test_regency_page_shows_the_code_of_each_branch(client):
    regency = RegencyFactory(code="32.71", name="Kota Bogor")
    BranchFactory(code="demo-32.71", name="KC Demo Bogor", regencies=[regency])

    page = client.get("/wilayah/32.71/").content.decode()

    assert '<span class="code">demo-32.71</span>' in page
