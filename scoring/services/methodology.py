"""Methodologies: write one from a document, edit it (a new version once frozen),
freeze it for a ranking run, and check it."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from nominations.models import Category
from review.findings import Finding, errors
from scoring.methodology_json import DocumentError, check_document, to_document
from scoring.models import Aspect, Criterion, Methodology, RubricLevel


def check_methodology(methodology: Methodology) -> list[Finding]:
    """Every broken rule of a saved methodology, weights summing to 100 included."""
    return check_document(to_document(methodology))


def create_methodology(
    document: dict[str, Any], *, category: Category, tier: str
) -> Methodology:
    """Write a checked document as the next version for the category and tier."""
    _refuse_errors(document)
    with transaction.atomic():
        # Locking the category serialises version numbers per category.
        Category.objects.select_for_update().filter(pk=category.pk).first()
        last = Methodology.objects.filter(category=category, tier=tier).aggregate(
            last=Max("version")
        )["last"]
        methodology = Methodology(category=category, tier=tier, version=(last or 0) + 1)
        _write(methodology, document)
    return methodology


def edit_methodology(methodology: Methodology, document: dict[str, Any]) -> Methodology:
    """Replace the methodology's content; a frozen one stays as it is and the
    edit becomes a new version. Returns the version that holds the edit."""
    _refuse_errors(document)
    with transaction.atomic():
        current = Methodology.objects.select_for_update().get(pk=methodology.pk)
        if current.is_frozen:
            return create_methodology(
                document, category=current.category, tier=current.tier
            )
        current.aspects.all().delete()
        _write(current, document)
    return current


def new_version(methodology: Methodology) -> Methodology:
    """A copy of the methodology's tree as its next, unfrozen version."""
    return create_methodology(
        to_document(methodology), category=methodology.category, tier=methodology.tier
    )


def freeze(methodology: Methodology) -> Methodology:
    """Freeze the methodology for a ranking run (once; later calls keep the first
    time). Raises DocumentError if it breaks a rule."""
    with transaction.atomic():
        current = Methodology.objects.select_for_update().get(pk=methodology.pk)
        if not current.is_frozen:
            _refuse_errors(to_document(current))
            current.frozen_at = timezone.now()
            current.save(update_fields=["frozen_at"])
    return current


def _refuse_errors(document: dict[str, Any]) -> None:
    found = errors(check_document(document))
    if found:
        raise DocumentError(found)


def _write(methodology: Methodology, document: dict[str, Any]) -> None:
    methodology.name = document["name"]
    methodology.description = document["description"]
    methodology.is_illustrative = document["is_illustrative"]
    methodology.save()
    for position, data in enumerate(document["aspects"]):
        aspect = Aspect.objects.create(
            methodology=methodology,
            code=data["code"],
            name=data["name"],
            position=position,
        )
        for index, item in enumerate(data["criteria"]):
            criterion = Criterion.objects.create(
                aspect=aspect, position=index, **_criterion_fields(item)
            )
            RubricLevel.objects.bulk_create(
                RubricLevel(criterion=criterion, **level) for level in item["levels"]
            )


def _criterion_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": item["code"],
        "name": item["name"],
        "description": item["description"],
        "weight": Decimal(item["weight"]),
        "source": item["source"],
        "indicator": item["indicator"],
        "normalisation": item["normalisation"],
        "target": _optional(item["target"]),
        "cap": _optional(item["cap"]),
        "direction": item["direction"],
        "is_independent": item["independent"],
    }


def _optional(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)
