import pytest

from nominations.models import Scale, SubjectType
from scoring.demo import create_demo_methodologies
from scoring.methodology_json import to_document
from scoring.models import Methodology
from tests.factories import CategoryFactory, EditionFactory
from tests.scoring.conftest import shipped

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_edition():
    """The demo edition's categories, as `nominations.demo` creates them."""
    edition = EditionFactory(award_year=2024)
    for subject_type in (SubjectType.PROVINSI, SubjectType.KAB_KOTA, SubjectType.DESA):
        CategoryFactory(edition=edition, subject_type=subject_type, name=subject_type)
    large = CategoryFactory(
        edition=edition, subject_type=SubjectType.BADAN_USAHA, scale=Scale.BESAR
    )
    CategoryFactory(edition=edition, subject_type=SubjectType.BADAN_USAHA, parent=large)
    CategoryFactory(subject_type=SubjectType.KAB_KOTA)  # another edition
    return edition


def test_demo_methodologies_cover_each_shipped_subject_at_both_tiers(demo_edition):
    created = create_demo_methodologies()

    rows = sorted(
        (m.category.subject_type, m.tier, m.version, m.is_illustrative)
        for m in Methodology.objects.all()
    )
    assert created == 8
    assert rows == sorted(
        (subject, tier, 1, True)
        for subject in ("provinsi", "kab_kota", "badan_usaha", "badan_usaha")
        for tier in ("provincial", "national")
    )


def test_demo_methodology_is_the_shipped_file(demo_edition):
    create_demo_methodologies()

    methodology = Methodology.objects.get(
        category__subject_type=SubjectType.PROVINSI, tier="provincial"
    )

    assert to_document(methodology) == shipped("provinsi")


def test_demo_methodologies_are_created_once(demo_edition):
    create_demo_methodologies()

    assert create_demo_methodologies() == 0
    assert Methodology.objects.count() == 8


def test_no_demo_edition_no_methodologies():
    assert create_demo_methodologies() == 0
