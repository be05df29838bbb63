"""Ranking figures are stored canonically and shown in the reader's format."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from scoring.adapter import Scope
from scoring.services.runs import compute_run
from scoring.templatetags.scoring_numbers import figure, formula, reason
from tests.scoring.rankings import kab_round


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("id", "213682.46", "213.682,46"),
        ("en", "213682.46", "213,682.46"),
        ("id", Decimal("-2.5"), "-2,5"),
        ("id", "7", "7"),
        ("id", "—", "—"),
        ("id", None, None),
        ("id", "12abc", "12abc"),
    ],
)
def test_figure_follows_the_language(language, value, shown):
    with translation.override(language):
        assert figure(value) == shown


def test_formula_localises_every_number():
    with translation.override("id"):
        shown = formula("10.00 ÷ 80.00 × 100.0000 = 12.5000")

    assert shown == "10,00 ÷ 80,00 × 100,0000 = 12,5000"


@pytest.mark.django_db
def test_run_page_in_indonesian_shows_indonesian_numbers(world, client):
    round_ = kab_round(world.prov_a, size=2)
    run = compute_run(Scope(round_.edition, round_.category, round_.province), "desk")
    client.force_login(world.users["panitia_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    text = client.get(run.get_absolute_url()).content.decode()

    assert "10,00 ÷ 80,00 × 100,0000 = 12,5000" in text
    assert "10.00 ÷ 80.00" not in text


def test_reason_filter_gives_the_sentence_of_a_code():
    with translation.override("en"):
        shown = reason("missing:rubric:WAW.1")

    assert shown == "No assessor has submitted a level for criterion WAW.1."
