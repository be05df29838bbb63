"""Aggregation and the tie-break chain: stored, exported, imported and checked."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scoring.admin.methodology import TieBreakInline
from scoring.methodology_json import DocumentError, dumps, loads, to_document
from scoring.models import Methodology, TieBreak
from scoring.services.methodology import (
    create_methodology,
    edit_methodology,
    freeze,
    new_version,
)
from tests.factories import UserFactory


def refusal_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        loads(json.dumps(document, default=str))
    return [(finding.path, finding.rule) for finding in caught.value.findings]


def test_shipped_chain_is_interview_then_coverage_growth(methodology):
    chain = list(methodology.tie_breaks.values_list("by", "key", "direction"))

    assert chain == [
        ("criterion", "WAW.1", "higher"),
        ("indicator", "coverage_growth_pp", "higher"),
    ]
    assert (methodology.aggregation, methodology.trim) == ("mean", Decimal("0.20"))


def test_old_document_without_them_imports_with_the_defaults(category, document):
    del document["aggregation"], document["tie_breaks"]

    methodology = create_methodology(
        loads(json.dumps(document)), category=category, tier="provincial"
    )

    exported = to_document(methodology)
    assert (exported["aggregation"], exported["tie_breaks"]) == (
        {"method": "mean", "trim": "0.20", "normalise_assessors": False},
        [],
    )


def test_aggregation_and_chain_round_trip(category, document):
    document["aggregation"] = {
        "method": "trimmed_mean",
        "trim": "0.25",
        "normalise_assessors": True,
    }
    document["tie_breaks"] = [
        {"by": "indicator", "key": "rupiah_per_worker", "direction": "lower"},
        {"by": "criterion", "key": "CAK.3", "direction": "higher"},
    ]

    methodology = create_methodology(
        loads(dumps(document)), category=category, tier="national"
    )

    assert to_document(methodology) == document
    assert list(methodology.tie_breaks.values_list("position", flat=True)) == [0, 1]


def test_editing_a_frozen_version_keeps_its_chain(methodology, document):
    freeze(methodology)
    document["tie_breaks"] = []
    document["aggregation"]["method"] = "median"

    saved = edit_methodology(methodology, document)

    assert (saved.version, saved.aggregation, saved.tie_breaks.count()) == (
        2,
        "median",
        0,
    )
    kept = Methodology.objects.get(pk=methodology.pk)
    assert (kept.tie_breaks.count(), kept.aggregation) == (2, "mean")


def test_editing_an_unfrozen_version_replaces_its_chain(methodology, document):
    document["tie_breaks"] = document["tie_breaks"][1:]

    edit_methodology(methodology, document)

    assert list(TieBreak.objects.values_list("key", flat=True)) == [
        "coverage_growth_pp"
    ]


def _set(key: str, value: Any):
    def change(document: dict[str, Any]) -> None:
        document[key] = value

    return change


def _aggregation(key: str, value: Any):
    def change(document: dict[str, Any]) -> None:
        document["aggregation"][key] = value

    return change


def _link(index: int, key: str, value: Any):
    def change(document: dict[str, Any]) -> None:
        document["tie_breaks"][index][key] = value

    return change


def _both(first, second):
    def change(document: dict[str, Any]) -> None:
        first(document)
        second(document)

    return change


def _drop_aggregation_key(document: dict[str, Any]) -> None:
    del document["aggregation"]["trim"]


HOSTILE = {
    "aggregation as a list": (_set("aggregation", []), [("aggregation", "type")]),
    "unknown method": (
        _aggregation("method", "mode"),
        [("aggregation.method", "choice")],
    ),
    "trim of one half": (_aggregation("trim", "0.5"), [("aggregation.trim", "trim")]),
    "negative trim": (_aggregation("trim", "-0.1"), [("aggregation.trim", "trim")]),
    "trim of three decimals": (
        _aggregation("trim", "0.125"),
        [("aggregation.trim", "trim")],
    ),
    "trim as words": (_aggregation("trim", "sedikit"), [("aggregation.trim", "trim")]),
    "trim huge": (_aggregation("trim", "1e999999"), [("aggregation.trim", "trim")]),
    "trim missing": (_drop_aggregation_key, [("aggregation.trim", "missing")]),
    "normalise as text": (
        _aggregation("normalise_assessors", "yes"),
        [("aggregation.normalise_assessors", "type")],
    ),
    "chain as text": (_set("tie_breaks", "WAW.1"), [("tie_breaks", "type")]),
    "chain too long": (
        _set("tie_breaks", [{"by": "criterion", "key": "WAW.1"}] * 6),
        [("tie_breaks", "length")],
    ),
    "link as text": (_set("tie_breaks", ["WAW.1"]), [("tie_breaks[0]", "type")]),
    "unknown criterion": (
        _link(0, "key", "XYZ.9"),
        [("tie_breaks[0].key", "tie_break")],
    ),
    "unknown indicator": (
        _link(1, "key", "luck"),
        [("tie_breaks[1].key", "tie_break")],
    ),
    "key as a list": (_link(0, "key", ["WAW.1"]), [("tie_breaks[0].key", "type")]),
    "unknown by": (_link(0, "by", ["x"]), [("tie_breaks[0].by", "choice")]),
    "NUL in a direction": (
        _link(0, "direction", "higher\x00"),
        [("tie_breaks[0].direction", "choice")],
    ),
    "same link twice": (
        _both(_link(1, "by", "criterion"), _link(1, "key", "WAW.1")),
        [("tie_breaks[1].key", "unique")],
    ),
    "unknown link key": (_link(0, "extra", 1), [("tie_breaks[0].extra", "unknown")]),
}


@pytest.mark.parametrize(("change", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_aggregation_or_chain_is_refused_naming_the_path(
    document, change, expected
):
    change(document)

    assert refusal_of(document) == expected


def test_database_refuses_a_trim_of_one_half(methodology):
    methodology.trim = Decimal("0.5")

    with pytest.raises(IntegrityError), transaction.atomic():
        methodology.save()


def test_a_new_version_copies_aggregation_and_chain(methodology):
    Methodology.objects.filter(pk=methodology.pk).update(aggregation="median")
    methodology.refresh_from_db()

    copy = new_version(methodology)

    assert (copy.aggregation, chain_of(copy)) == ("median", chain_of(methodology))


def chain_of(methodology):
    return list(methodology.tie_breaks.values_list("by", "key", "direction"))


def test_frozen_chain_is_read_only_in_the_admin(methodology, rf):
    freeze(methodology)
    methodology.refresh_from_db()
    request = rf.get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    inline = TieBreakInline(Methodology, admin.site)

    answers = [
        inline.has_add_permission(request, methodology),
        inline.has_change_permission(request, methodology),
        inline.has_delete_permission(request, methodology),
    ]

    assert answers == [False, False, False]


@pytest.mark.parametrize(
    ("by", "key"), [("indicator", "coverage_total"), ("criterion", "WAW.2")]
)
def test_admin_form_accepts_a_known_key(methodology, by, key):
    TieBreak(methodology=methodology, by=by, key=key, position=9).full_clean()


@pytest.mark.parametrize(("by", "key"), [("indicator", "luck"), ("criterion", "X.1")])
def test_admin_form_refuses_an_unknown_key(methodology, by, key):
    link = TieBreak(methodology=methodology, by=by, key=key, position=9)

    with pytest.raises(ValidationError) as caught:
        link.full_clean()

    assert list(caught.value.message_dict) == ["key"]
