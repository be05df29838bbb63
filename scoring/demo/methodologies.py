"""The illustrative methodologies (scoring/methodologies/*.json) in the demo edition."""

from pathlib import Path
from typing import Any

from django.db import transaction

from nominations.demo import YEAR
from nominations.models import Category, Stage, SubjectType
from scoring.methodology_json import loads
from scoring.services.methodology import create_methodology

FOLDER = Path(__file__).resolve().parent.parent / "methodologies"
FILES: dict[str, str] = {
    SubjectType.PROVINSI: "provinsi.json",
    SubjectType.KAB_KOTA: "kab_kota.json",
    SubjectType.BADAN_USAHA: "badan_usaha.json",
}


def illustrative_document(subject_type: str) -> dict[str, Any]:
    """The shipped illustrative methodology for a subject type, checked."""
    return loads((FOLDER / FILES[subject_type]).read_bytes())


def create_demo_methodologies() -> int:
    """Give each demo category of a shipped subject type the illustrative
    methodology at both tiers, once; return the number created."""
    categories = Category.objects.filter(
        edition__award_year=YEAR, subject_type__in=FILES
    ).exclude(methodologies__isnull=False)
    created = 0
    with transaction.atomic():
        for category in categories:
            document = illustrative_document(category.subject_type)
            for tier in Stage.Tier.values:
                create_methodology(document, category=category, tier=tier)
                created += 1
    return created
