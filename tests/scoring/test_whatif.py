"""The what-if service: settings read from a form, ranked by the same engine on a
run's inputs, compared with the run, and saved as the next methodology version."""

from decimal import Decimal

import pytest

from scoring import engine
from scoring.adapter import Scope
from scoring.methodology_json import DocumentError
from scoring.models import Methodology
from scoring.services.runs import compute_run
from scoring.whatif import (
    Row,
    WhatIfError,
    apply_settings,
    compare,
    criteria_of,
    is_unchanged,
    run_document,
    save_whatif,
    tried_methodology,
)
from tests.scoring.rankings import kab_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(world):
    r = kab_round(world.prov_a, size=3)
    return compute_run(Scope(r.edition, r.category, r.province), "desk")


def form_of(document):
    """The form fields the page posts for a document, as strings."""
    data = {}
    for c in criteria_of(document):
        data[f"weight-{c['code']}"] = c["weight"]
        data[f"normalisation-{c['code']}"] = c["normalisation"]
        data[f"target-{c['code']}"] = c["target"] or ""
        data[f"cap-{c['code']}"] = c["cap"] or ""
    return data


def codes(document, *, source=None):
    return [c["code"] for c in criteria_of(document) if source in (None, c["source"])]


def moved_weights(document):
    """The form with 10 points moved from the second to the first data criterion."""
    data = form_of(document)
    first, second = codes(document, source="indicator")[:2]
    data[f"weight-{first}"] = str(Decimal(data[f"weight-{first}"]) + 10)
    data[f"weight-{second}"] = str(Decimal(data[f"weight-{second}"]) - 10)
    return data


def test_unchanged_settings_rank_exactly_as_the_run(run):
    document = apply_settings(run_document(run), form_of(run_document(run)))

    methodology, candidates, stage = tried_methodology(run, document)
    ranking = engine.rank(methodology, candidates, stage=stage)

    again = engine.export_bundle(methodology, candidates, ranking)
    assert (again["ranked"], again["incomplete"]) == (
        run.bundle["ranked"],
        run.bundle["incomplete"],
    )
    assert ranking.input_hash == run.input_hash


def test_unchanged_settings_move_nobody(run):
    document = apply_settings(run_document(run), form_of(run_document(run)))

    comparison = compare(run, document)

    assert [(r.old_rank, r.new_rank, r.move) for r in comparison.rows] == [
        (e["rank"], e["rank"], 0) for e in run.ranked
    ]
    assert [r.new_total for r in comparison.rows] == [
        Decimal(e["total"]) for e in run.ranked
    ]
    assert comparison.sums_to_hundred
    assert is_unchanged(run, document)


def test_other_normalisation_reaches_the_engine(run):
    document = run_document(run)
    data = form_of(document)
    code = codes(document, source="indicator")[0]
    data[f"normalisation-{code}"] = "percentile"

    tried = apply_settings(run_document(run), data)
    methodology, _candidates, _stage = tried_methodology(run, tried)

    criterion = next(c for c in methodology.criteria if c.key == code)
    assert (criterion.normalisation, dict(criterion.params)) == (
        engine.Normalisation.PERCENTILE,
        {},
    )
    assert not is_unchanged(run, tried)


def test_a_target_normalisation_takes_its_target_and_cap(run):
    document = run_document(run)
    data = form_of(document)
    code = codes(document, source="indicator")[0]
    data |= {
        f"normalisation-{code}": "target_cap",
        f"target-{code}": "12,5",
        f"cap-{code}": " 90 ",
    }

    tried = apply_settings(run_document(run), data)

    setting = next(c for c in criteria_of(tried) if c["code"] == code)
    assert (setting["target"], setting["cap"]) == ("12.5000", "90.00")


def test_the_weight_sum_follows_the_settings(run):
    document = run_document(run)
    data = form_of(document)
    code = codes(document, source="indicator")[0]
    data[f"weight-{code}"] = str(Decimal(data[f"weight-{code}"]) + 5)

    comparison = compare(run, apply_settings(run_document(run), data))

    assert (comparison.weight_sum, comparison.sums_to_hundred) == (
        Decimal("105.00"),
        False,
    )


@pytest.mark.parametrize(
    "value",
    ["", "abc", "100.01", "-1", "1e2", "12.345", "١٢", "1\x002", "9" * 40, "NaN"],
)
def test_a_weight_that_is_not_a_plain_number_is_refused(run, value):
    document = run_document(run)
    data = form_of(document)
    code = codes(document)[0]
    data[f"weight-{code}"] = value

    with pytest.raises(WhatIfError) as refused:
        apply_settings(run_document(run), data)

    assert refused.value.reasons == [
        f"{code}: the weight must be a number from 0 to 100 with at most two decimals."
    ]


def test_missing_and_unknown_criteria_are_refused(run):
    document = run_document(run)
    data = form_of(document)
    first = codes(document)[0]
    del data[f"weight-{first}"]
    data["weight-X\x00Y"] = "1"

    with pytest.raises(WhatIfError) as refused:
        apply_settings(run_document(run), data)

    assert refused.value.reasons == [
        "There is no criterion X\\x00Y in this methodology.",
        f"{first}: the weight is missing.",
    ]


def test_a_normalisation_the_criterion_cannot_use_is_refused(run):
    document = run_document(run)
    data = form_of(document)
    rubric = codes(document, source="rubric")[0]
    data[f"normalisation-{rubric}"] = "min_max"

    with pytest.raises(WhatIfError) as refused:
        apply_settings(run_document(run), data)

    assert refused.value.reasons == [
        f"{rubric}: choose a normalisation this criterion can use."
    ]


@pytest.mark.parametrize(
    ("target", "cap", "count"),
    [("", "", 1), ("0", "", 1), ("1" * 14, "", 1), ("5", "101", 1), ("0", "x", 2)],
)
def test_a_target_normalisation_needs_a_good_target_and_cap(run, target, cap, count):
    document = run_document(run)
    data = form_of(document)
    code = codes(document, source="indicator")[0]
    data |= {
        f"normalisation-{code}": "target_cap",
        f"target-{code}": target,
        f"cap-{code}": cap,
    }

    with pytest.raises(WhatIfError) as refused:
        apply_settings(run_document(run), data)

    assert len(refused.value.reasons) == count
    assert all(reason.startswith(f"{code}: ") for reason in refused.value.reasons)


def test_saving_makes_the_next_version_and_keeps_the_frozen_one(run):
    tried = apply_settings(run_document(run), moved_weights(run_document(run)))

    saved = save_whatif(run, tried)

    run.methodology.refresh_from_db()
    assert (saved.version, saved.frozen_at) == (run.methodology.version + 1, None)
    assert criteria_of(run_document(run)) != criteria_of(tried)
    assert [c["weight"] for c in criteria_of(tried)] == [
        str(w)
        for w in saved.aspects.values_list("criteria__weight", flat=True).order_by(
            "position", "criteria__position"
        )
    ]


def test_saving_refuses_weights_not_summing_to_100(run):
    data = form_of(run_document(run))
    code = codes(run_document(run))[0]
    data[f"weight-{code}"] = "0"

    with pytest.raises(DocumentError):
        save_whatif(run, apply_settings(run_document(run), data))

    assert Methodology.objects.count() == 1


def test_a_row_moves_by_the_places_gained():
    rows = [
        Row("1", "A", old_rank=3, new_rank=1, old_total=None, new_total=None),
        Row("2", "B", old_rank=1, new_rank=2, old_total=None, new_total=None),
        Row("3", "C", old_rank=None, new_rank=2, old_total=None, new_total=None),
    ]

    assert [row.move for row in rows] == [2, -1, 0]
