"""The national admin's editor for the aggregation and the tie-break chain, and how
the methodology page puts them in words."""

from decimal import Decimal

import pytest
from django.conf import settings

from scoring.methodology_json import to_document
from scoring.models import Methodology, TieBreak
from scoring.services.methodology import freeze
from tests.factories import UserFactory
from tests.scoring.test_edit_views import url, weights

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(UserFactory(admin=True))
    return client


def form(methodology, rows=(), **aggregation):
    """The editor's fields: the weights as they are, the aggregation and rows."""
    data = weights(methodology)
    data.update(
        {
            "aggregation-method": aggregation.get("method", "mean"),
            "aggregation-trim": aggregation.get("trim", "0.20"),
        }
    )
    if aggregation.get("normalise"):
        data["aggregation-normalise"] = "on"
    for index, (choice, direction, order) in enumerate(rows):
        data[f"tie-{index}-key"] = choice
        data[f"tie-{index}-direction"] = direction
        data[f"tie-{index}-order"] = order
    return data


def chain(methodology):
    return list(
        TieBreak.objects.filter(methodology=methodology).values_list(
            "by", "key", "direction"
        )
    )


def test_editor_shows_the_aggregation_and_the_chain_with_empty_rows(
    admin_client, methodology
):
    page = admin_client.get(url(methodology)).content.decode()

    assert page.count("data-tie-row") == 5
    assert '<option value="criterion:WAW.1" selected>' in page
    assert '<option value="indicator:coverage_growth_pp" selected>' in page
    assert '<option value="mean" selected>Mean</option>' in page
    assert 'name="aggregation-trim" value="0.20"' in page


def test_saving_sets_aggregation_and_reorders_the_chain(admin_client, methodology):
    rows = [
        ("criterion:WAW.1", "higher", "2"),
        ("indicator:coverage_growth_pp", "lower", "1"),
        ("", "higher", "3"),
    ]
    data = form(methodology, rows, method="trimmed_mean", trim="0,25", normalise=True)

    response = admin_client.post(url(methodology), data)

    methodology.refresh_from_db()
    assert response.status_code == 302
    assert (
        methodology.aggregation,
        methodology.trim,
        methodology.normalise_assessors,
    ) == ("trimmed_mean", Decimal("0.25"), True)
    assert chain(methodology) == [
        ("indicator", "coverage_growth_pp", "lower"),
        ("criterion", "WAW.1", "higher"),
    ]


def test_a_blank_order_keeps_the_rows_place_and_none_removes_a_row(
    admin_client, methodology
):
    rows = [("", "higher", "1"), ("criterion:CAK.3", "higher", "")]

    admin_client.post(url(methodology), form(methodology, rows))

    assert chain(methodology) == [("criterion", "CAK.3", "higher")]


def test_saving_a_frozen_version_puts_the_chain_in_the_new_one(
    admin_client, methodology
):
    freeze(methodology)

    admin_client.post(
        url(methodology), form(methodology, [("criterion:CAK.1", "higher", "1")])
    )

    new = Methodology.objects.get(version=2)
    assert (len(chain(methodology)), chain(new)) == (
        2,
        [("criterion", "CAK.1", "higher")],
    )


HOSTILE = {
    "unknown criterion": (
        {"tie-0-key": "criterion:XYZ"},
        "tie_breaks[0].key",
    ),
    "no prefix": ({"tie-0-key": "WAW.1"}, "tie_breaks[0].by"),
    "NUL in the key": ({"tie-0-key": "indicator:coverage\x00"}, "tie_breaks[0].key"),
    "wrong direction": ({"tie-0-direction": "sideways"}, "tie_breaks[0].direction"),
    "same row twice": ({"tie-1-key": "criterion:WAW.1"}, "tie_breaks[1].key"),
    "order in Arabic digits": ({"tie-0-order": "\u0661"}, "tie-0-order"),
    "order huge": ({"tie-0-order": "9" * 400}, "tie-0-order"),
    "trim of one half": ({"aggregation-trim": "0.5"}, "aggregation.trim"),
    "trim in Arabic digits": ({"aggregation-trim": "\u0660.\u0662"}, None),
    "unknown method": ({"aggregation-method": "mode"}, "aggregation.method"),
}


@pytest.mark.parametrize(("change", "path"), HOSTILE.values(), ids=HOSTILE.keys())
def test_crafted_posts_are_refused_naming_the_field_and_change_nothing(
    admin_client, methodology, change, path
):
    before = to_document(methodology)
    data = form(methodology, [("criterion:WAW.1", "higher", "1")])
    data.update(change)

    response = admin_client.post(url(methodology), data)

    if path is None:  # Decimal reads non-ASCII digits as digits: 0.02 is fine
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert f"<code>{path}</code>" in response.content.decode()
    assert to_document(methodology) == before


def test_a_post_of_the_weights_alone_keeps_aggregation_and_chain(
    admin_client, methodology
):
    Methodology.objects.filter(pk=methodology.pk).update(aggregation="median")
    before = to_document(methodology)

    response = admin_client.post(url(methodology), weights(methodology))

    assert response.status_code == 302
    assert to_document(methodology) == before


def test_a_method_without_a_trim_is_refused(admin_client, methodology):
    data = form(methodology)
    del data["aggregation-trim"]

    response = admin_client.post(url(methodology), data)

    assert "<code>aggregation.trim</code>" in response.content.decode()


def test_detail_puts_aggregation_and_chain_in_words(client, methodology):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(methodology.get_absolute_url()).content.decode()

    assert (
        "If totals are equal: the higher score on WAW.1 Komitmen kepala daerah, "
        "then the higher Coverage growth (percentage points). "
        "Candidates still equal share a rank (1, 2, 2, 4)."
    ) in page
    assert "Rubric criteria take the Mean of the levels" in page
    assert "Per-assessor normalisation is off" in page


def test_detail_names_the_trimmed_share_and_the_direction(client, methodology):
    Methodology.objects.filter(pk=methodology.pk).update(
        aggregation="trimmed_mean", normalise_assessors=True
    )
    TieBreak.objects.filter(methodology=methodology).update(direction="lower")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(methodology.get_absolute_url()).content.decode()

    assert "Trimmed mean 20 %" in page
    assert "the lower score on WAW.1" in page
    assert "Per-assessor normalisation is on" in page


def test_detail_without_a_chain_says_ranks_are_shared(client, methodology):
    TieBreak.objects.all().delete()

    page = client.get(methodology.get_absolute_url()).content.decode()

    assert "data-tie-breaks>" in page
    assert "(1, 2, 2, 4)" in page


def test_a_row_with_a_bad_order_is_shown_again(admin_client, methodology):
    data = form(methodology, [("criterion:CAK.2", "lower", "x")])

    page = admin_client.post(url(methodology), data).content.decode()

    assert '<option value="criterion:CAK.2" selected>' in page
    assert "Row 1: the order must be a whole number." in page


def test_detail_names_a_key_it_does_not_know_as_it_is(client, methodology):
    TieBreak.objects.filter(key="coverage_growth_pp").update(key="retired_key")

    page = client.get(methodology.get_absolute_url()).content.decode()

    assert "retired_key" in page
