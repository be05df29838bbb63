import pytest
from django.utils import timezone

from review.findings import Finding
from scoring.methodology_json import DocumentError, to_document
from scoring.models import Criterion, Methodology
from scoring.services.methodology import (
    check_methodology,
    create_methodology,
    edit_methodology,
    freeze,
    new_version,
)


def test_create_numbers_versions_per_category_and_tier(methodology, document):
    second = create_methodology(
        document, category=methodology.category, tier=methodology.tier
    )
    national = create_methodology(
        document, category=methodology.category, tier="national"
    )

    assert (methodology.version, second.version, national.version) == (1, 2, 1)


def test_create_refuses_an_invalid_document_and_writes_nothing(category, document):
    document["aspects"][0]["criteria"][0]["weight"] = "1"

    with pytest.raises(DocumentError):
        create_methodology(document, category=category, tier="provincial")

    assert Methodology.objects.count() == 0


def test_freeze_sets_the_time_once(methodology):
    first = freeze(methodology)
    frozen_at = first.frozen_at

    again = freeze(methodology)

    assert (first.is_frozen, again.frozen_at) == (True, frozen_at)


def test_freeze_refuses_a_methodology_whose_weights_do_not_sum_to_100(methodology):
    Criterion.objects.filter(code="REG.1").update(weight=5)

    with pytest.raises(DocumentError):
        freeze(methodology)

    methodology.refresh_from_db()
    assert methodology.frozen_at is None


def test_check_methodology_reports_the_weight_sum(methodology):
    Criterion.objects.filter(code="REG.1").update(weight=5)

    findings = check_methodology(methodology)

    assert findings == [
        Finding(
            path="aspects",
            rule="weights_sum",
            message=(
                "The weights of the ranked criteria sum to 85.00; they must sum to 100."
            ),
        )
    ]


def test_check_methodology_of_the_illustrative_one_finds_nothing(methodology):
    assert check_methodology(methodology) == []


def test_edit_of_an_unfrozen_methodology_changes_it_in_place(methodology, document):
    document["aspects"][0]["criteria"][0]["weight"] = "15.00"
    document["aspects"][1]["criteria"][0]["weight"] = "15.00"

    edited = edit_methodology(methodology, document)

    assert (edited.pk, edited.version) == (methodology.pk, 1)
    assert to_document(edited) == document
    assert Methodology.objects.count() == 1


def test_edit_of_a_frozen_methodology_makes_a_new_version(methodology, document):
    freeze(methodology)
    before = to_document(methodology)
    document["aspects"][0]["criteria"][0]["weight"] = "15.00"
    document["aspects"][1]["criteria"][0]["weight"] = "15.00"

    edited = edit_methodology(methodology, document)

    methodology.refresh_from_db()
    assert (edited.version, edited.is_frozen) == (2, False)
    assert to_document(edited) == document
    assert (to_document(methodology), methodology.is_frozen) == (before, True)


def test_edit_refuses_an_invalid_document_and_keeps_the_tree(methodology, document):
    before = to_document(methodology)
    document["aspects"][0]["criteria"][0]["weight"] = "99"

    with pytest.raises(DocumentError):
        edit_methodology(methodology, document)

    assert to_document(methodology) == before


def test_new_version_copies_the_tree(methodology):
    methodology.frozen_at = timezone.now()
    methodology.save()

    copy = new_version(methodology)

    assert (copy.version, copy.is_frozen) == (2, False)
    assert to_document(copy) == to_document(methodology)
    assert copy.category == methodology.category
