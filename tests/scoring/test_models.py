import pytest

from scoring.models import Aspect, Criterion, Methodology, RubricLevel
from scoring.services.methodology import new_version

pytestmark = pytest.mark.django_db


def test_current_is_the_latest_version_of_the_category_and_tier(methodology):
    second = new_version(methodology)

    current = Methodology.objects.current(methodology.category, "provincial")
    national = Methodology.objects.current(methodology.category, "national")

    assert (current, national) == (second, None)


def test_names_of_the_tree(methodology):
    names = [
        str(methodology),
        str(Aspect.objects.first()),
        str(Criterion.objects.first()),
        str(RubricLevel.objects.first()),
    ]

    assert names == [
        "Pemerintah kabupaten/kota (ilustratif) v1",
        "Regulasi",
        "REG.1 Tingkat regulasi perlindungan jaminan sosial ketenagakerjaan",
        "1: Belum ada komitmen tertulis maupun rencana.",
    ]


def test_edition_of_a_methodology_is_its_category_s(methodology):
    assert methodology.edition == methodology.category.edition
