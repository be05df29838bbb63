import copy
import json
from pathlib import Path
from typing import Any

import pytest

from nominations.models import Stage
from scoring.services.methodology import create_methodology
from tests.factories import CategoryFactory

SHIPPED = Path(__file__).resolve().parents[2] / "scoring" / "methodologies"


def shipped(name: str) -> dict[str, Any]:
    return json.loads((SHIPPED / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def document() -> dict[str, Any]:
    """The illustrative kab/kota methodology as a fresh, valid document."""
    return copy.deepcopy(shipped("kab_kota"))


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def methodology(category, document):
    return create_methodology(document, category=category, tier=Stage.Tier.PROVINCIAL)
