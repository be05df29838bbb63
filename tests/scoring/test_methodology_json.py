import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from nominations.models import Stage
from scoring.methodology_json import (
    DocumentError,
    check_document,
    dumps,
    loads,
    to_document,
)
from scoring.models import Aspect, Methodology, RubricLevel
from scoring.services.methodology import create_methodology
from tests.factories import CategoryFactory
from tests.scoring.conftest import SHIPPED, shipped


def refusal(text: str | bytes) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        loads(text)
    return [(finding.path, finding.rule) for finding in caught.value.findings]


def refusal_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    return refusal(json.dumps(document, default=str))


@pytest.mark.parametrize("name", ["provinsi", "kab_kota", "badan_usaha"])
def test_shipped_methodology_round_trips_exactly(db, name):
    text = (SHIPPED / f"{name}.json").read_text(encoding="utf-8")
    category = CategoryFactory()

    methodology = create_methodology(
        loads(text), category=category, tier=Stage.Tier.NATIONAL
    )

    assert dumps(to_document(methodology)) == text


def test_export_import_export_is_identical(methodology):
    exported = to_document(methodology)

    again = create_methodology(
        loads(dumps(exported)), category=methodology.category, tier=methodology.tier
    )

    assert (to_document(again), again.version) == (exported, 2)


def test_numbers_in_json_are_read_as_decimals_not_floats(category, document):
    criterion = document["aspects"][1]["criteria"][0]
    criterion["weight"] = 10

    methodology = create_methodology(
        loads(json.dumps(document)), category=category, tier="national"
    )

    assert to_document(methodology)["aspects"][1]["criteria"][0]["weight"] == "10.00"


def test_decimal_weight_of_two_places_is_kept_exactly(category, document):
    criteria = document["aspects"][1]["criteria"]
    criteria[0]["weight"], criteria[1]["weight"] = "10.25", "9.75"

    methodology = create_methodology(
        loads(json.dumps(document)), category=category, tier="national"
    )

    weights = [c["weight"] for c in to_document(methodology)["aspects"][1]["criteria"]]
    assert weights == ["10.25", "9.75", "10.00", "10.00"]


def test_weights_not_summing_to_100_are_refused_with_the_sum(document):
    document["aspects"][0]["criteria"][0]["weight"] = "25"

    with pytest.raises(DocumentError) as caught:
        loads(json.dumps(document))

    [finding] = caught.value.findings
    assert (finding.path, finding.rule, finding.message) == (
        "aspects",
        "weights_sum",
        "The weights of the ranked criteria sum to 105.00; they must sum to 100.",
    )


def test_independent_criteria_are_not_counted_in_the_sum(document):
    document["aspects"][2]["criteria"][3]["weight"] = "50"

    assert check_document(loads(json.dumps(document))) == []


CRITERION = "aspects[1].criteria[0]"
RUBRIC = "aspects[3].criteria[0]"


def _set(path: tuple, value: Any):
    def change(document: dict[str, Any]) -> None:
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _delete(path: tuple):
    def change(document: dict[str, Any]) -> None:
        target = document
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


C = ("aspects", 1, "criteria", 0)
R = ("aspects", 3, "criteria", 0)
HOSTILE = {
    "missing weight": (_delete((*C, "weight")), [(f"{CRITERION}.weight", "missing")]),
    "missing aspects": (_delete(("aspects",)), [("aspects", "missing")]),
    "unknown key": (_set((*C, "bonus"), 1), [(f"{CRITERION}.bonus", "unknown")]),
    "NUL in a key": (_set(("x\x00",), 1), [("x\\u0000", "unknown")]),
    "weight as a list": (_set((*C, "weight"), [10]), [(f"{CRITERION}.weight", "type")]),
    "weight as a boolean": (
        _set((*C, "weight"), True),
        [(f"{CRITERION}.weight", "type")],
    ),
    "weight as words": (_set((*C, "weight"), "ten"), [(f"{CRITERION}.weight", "type")]),
    "weight infinite": (
        _set((*C, "weight"), "Infinity"),
        [(f"{CRITERION}.weight", "type")],
    ),
    "weight too long": (
        _set((*C, "weight"), "1" * 31),
        [(f"{CRITERION}.weight", "type")],
    ),
    "huge weight": (_set((*C, "weight"), 10**40), [(f"{CRITERION}.weight", "range")]),
    "huge exponent": (
        _set((*C, "weight"), "1e400"),
        [(f"{CRITERION}.weight", "range")],
    ),
    "negative weight": (_set((*C, "weight"), "-1"), [(f"{CRITERION}.weight", "range")]),
    "three decimals": (
        _set((*C, "weight"), "10.001"),
        [(f"{CRITERION}.weight", "decimals")],
    ),
    "huge target": (
        _set(("aspects", 1, "criteria", 3, "target"), "1e13"),
        [("aspects[1].criteria[3].target", "range")],
    ),
    "NUL in a name": (_set((*C, "name"), "PU\x00"), [(f"{CRITERION}.name", "control")]),
    "empty name": (_set(("name",), "  "), [("name", "required")]),
    "long description": (
        _set(("description",), "x" * 4001),
        [("description", "length")],
    ),
    "name as a number": (_set(("name",), 7), [("name", "type")]),
    "flag as text": (_set(("is_illustrative",), "yes"), [("is_illustrative", "type")]),
    "schema 2": (_set(("schema_version",), 2), [("schema_version", "schema_version")]),
    "aspects as object": (_set(("aspects",), {}), [("aspects", "type")]),
    "no aspects": (_set(("aspects",), []), [("aspects", "length")]),
    "aspect as text": (_set(("aspects", 0), "REG"), [("aspects[0]", "type")]),
    "criterion as text": (_set(C, "x"), [(CRITERION, "type")]),
    "bad code": (_set((*C, "code"), "a b"), [(f"{CRITERION}.code", "code")]),
    "code twice": (_set((*C, "code"), "REG.1"), [(f"{CRITERION}.code", "unique")]),
    "unknown source": (
        _set((*C, "source"), "guess"),
        [(f"{CRITERION}.source", "choice")],
    ),
    "unknown indicator": (
        _set((*C, "indicator"), "luck"),
        [(f"{CRITERION}.indicator", "indicator")],
    ),
    "rubric with one level": (
        _set((*R, "levels"), [{"score": 1, "description": "a"}]),
        [(f"{RUBRIC}.levels", "levels")],
    ),
    "rubric with an indicator": (
        _set((*R, "indicator"), "coverage_pu"),
        [(f"{RUBRIC}.indicator", "indicator")],
    ),
    "levels on an indicator": (
        _set((*C, "levels"), [{"score": 1, "description": "a"}]),
        [(f"{CRITERION}.levels", "levels")],
    ),
    "indicator on the rubric scale": (
        _set((*C, "normalisation"), "rubric_scale"),
        [(f"{CRITERION}.normalisation", "normalisation")],
    ),
    "target without a target": (
        _set((*C, "normalisation"), "target_cap"),
        [(f"{CRITERION}.target", "target")],
    ),
    "cap without a target normalisation": (
        _set((*C, "cap"), "90"),
        [(f"{CRITERION}.cap", "cap")],
    ),
    "level score twice": (
        _set((*R, "levels", 1, "score"), 1),
        [(f"{RUBRIC}.levels[1].score", "unique")],
    ),
    "level score as boolean": (
        _set((*R, "levels", 1, "score"), True),
        [(f"{RUBRIC}.levels[1].score", "score")],
    ),
    "level as text": (_set((*R, "levels", 1), "x"), [(f"{RUBRIC}.levels[1]", "type")]),
    "too many levels": (
        _set((*R, "levels"), [{"score": n, "description": "a"} for n in range(11)]),
        [(f"{RUBRIC}.levels", "length")],
    ),
}


@pytest.mark.parametrize(("change", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_document_is_refused_naming_the_path(document, change, expected):
    change(document)

    assert refusal_of(document) == expected


def test_top_level_that_is_not_an_object_is_refused():
    assert refusal("[1, 2]") == [("$", "type")]


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[" * 100_000 + "]" * 100_000,
        '{"weight": NaN}',
        '{"weight": ' + "9" * 5000 + "}",
        b"\xff\xfe",
    ],
    ids=["truncated", "deep nesting", "NaN", "5000 digits", "not UTF-8"],
)
def test_text_that_is_not_json_is_refused(text):
    assert refusal(text) == [("$", "json")]


def test_file_larger_than_the_limit_is_refused():
    assert refusal(" " * (256 * 1024 + 1)) == [("$", "size")]


def test_refused_document_message_names_each_path(document):
    del document["name"]
    document["aspects"][0]["code"] = ""

    with pytest.raises(DocumentError) as caught:
        loads(json.dumps(document))

    assert str(caught.value) == (
        "name: This key is missing.; aspects[0].code: "
        "A code is 1 to 20 letters, digits, dots, dashes or underscores."
    )


def test_nothing_is_written_when_writing_fails_half_way(
    category, document, monkeypatch
):
    calls = []

    def fail_second(objs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return list(objs)

    monkeypatch.setattr(RubricLevel.objects, "bulk_create", fail_second)

    with pytest.raises(RuntimeError):
        create_methodology(document, category=category, tier="provincial")

    assert (Methodology.objects.count(), Aspect.objects.count()) == (0, 0)


def test_document_lists_every_shipped_key_in_order(methodology):
    exported = to_document(methodology)

    assert list(exported) == list(shipped("kab_kota"))
    assert exported["aspects"][3]["criteria"][0]["levels"][0] == {
        "score": 1,
        "description": "Belum ada komitmen tertulis maupun rencana.",
    }
    assert copy.deepcopy(exported) == shipped("kab_kota")
    assert Decimal(exported["aspects"][0]["criteria"][0]["target"]) == 4
