"""Pinned outcomes: a seeded cohort ranked by every aggregation method, at both
stages, must give exactly these rankings (the SHA-256 of their full repr, every
Decimal digit and exponent included) and input hashes. A speed-up that changes
one digit of one explanation line fails here."""

import hashlib
import random
from decimal import Decimal

import pytest

from scoring.engine import (
    Aggregation,
    CandidateInput,
    Criterion,
    Direction,
    IndicatorValue,
    Method,
    Methodology,
    Normalisation,
    RubricLevel,
    Source,
    Stage,
    TieBreak,
    rank,
)

D = Decimal
LEVELS = tuple(RubricLevel(D(value)) for value in (1, 2, D("2.5"), 4, 5))


def methodology(aggregation: Aggregation) -> Methodology:
    def indicator(key, weight, kind, **params):
        return Criterion(
            key,
            D(weight),
            Source.INDICATOR,
            indicator=key,
            normalisation=kind,
            params={name: D(value) for name, value in params.items()},
            direction=Direction.LOWER if key == "d" else Direction.HIGHER,
        )

    rubric = tuple(
        Criterion(
            f"w{n}",
            D(10),
            Source.RUBRIC,
            normalisation=Normalisation.RANGE,
            levels=LEVELS,
        )
        for n in range(3)
    )
    return Methodology(
        (
            indicator("a", 20, Normalisation.TARGET, target=60, cap=120),
            indicator("b", 15, Normalisation.MIN_MAX),
            indicator("c", 15, Normalisation.PERCENTILE),
            indicator("d", 10, Normalisation.RANGE, low=0, high=7),
            Criterion("e", D(5), Source.INDICATOR, indicator="e", independent=True),
            *rubric,
        ),
        tie_breaks=(TieBreak("criterion", "w0"), TieBreak("indicator", "c")),
        aggregation=aggregation,
    )


def cohort() -> list[CandidateInput]:
    rng = random.Random("pinned")  # noqa: S311 - seeded figures, no secret
    candidates = []
    for n in range(40):
        values = {
            key: IndicatorValue(D(rng.randint(0, 9000)) / D(rng.choice((1, 7, 100))))
            for key in "abcde"
        }
        if n % 13 == 5:
            values["b"] = IndicatorValue(None, ("missing:b",))
        sheets = {
            f"w{c}": {
                f"m{m}": rng.choice(LEVELS).value
                for m in range(9)
                if rng.random() > 0.1
            }
            for c in range(3)
        }
        if n % 17 == 3:
            sheets.pop("w1")
        candidates.append(CandidateInput(f"k{n:02d}", values, sheets))
    return candidates


PINNED = {
    (Method.MEAN, False, Stage.DESK): (
        "7ff2c446a8591e8c4f2950dbe02036ca2fcce0c8c737ca03691c6ba572d81507",
        "99d80e36e1268456c4afb043318a9040960e78717c87bc8bea126de40961357e",
    ),
    (Method.MEAN, False, Stage.FINAL): (
        "b8efbe2e18439ced5c1163661c40a744e96a768b2ed4ce030f0a0ca49642496f",
        "402deacc0788c64c95c7d5a29395c5f9bb0ff88554d059487cef0e46b8f34b71",
    ),
    (Method.MEAN, True, Stage.DESK): (
        "8d78c1c122a3c12980eccbe61cedd4914a15f078c489612ace4c826a4850781b",
        "87342faf203240470cf062c64698896f0dd7900486ca9b3f02276349ff1ce568",
    ),
    (Method.MEAN, True, Stage.FINAL): (
        "53e9f3eb2f089d22054931ba09ebd9e1f9953e5e2ee249725bbf9ca71666b41e",
        "0ad9a7eb6520df97138139990fa46eaaf97549cbf8ffeda6d6d66ea846f1eca0",
    ),
    (Method.MEDIAN, False, Stage.DESK): (
        "211d7ed204c7313b6b1e5d528d3745a1ff468d0ee0ed14d4d91427a08bec1c32",
        "221f4360ded5c274816586b3334f145b74b4d9ef975d7585ac8f79ce0887c705",
    ),
    (Method.MEDIAN, False, Stage.FINAL): (
        "bae67948c42ed61bef38470731de7d800f6b685803032af481d5c650ed52c856",
        "4e1a25fed12755943ed6ea3298c66bd80b86957a356dde732121f035b1ef487c",
    ),
    (Method.MEDIAN, True, Stage.DESK): (
        "3acf9ccc87b8bf782f12dd442176abcd3945485768e7536465c1dc7530fe0dfc",
        "9cf4790388cf78e239135c1fc4a708332e54345fb4155d5449820dca4b8025d6",
    ),
    (Method.MEDIAN, True, Stage.FINAL): (
        "77a5a4a4cac92abb797d3a05b8c7fc7df27663f0c1ffc2a55239410c8bd7fd6d",
        "15429c2bca61eadc76268233016f707ce92d26836e286da12d065de5ef3010cd",
    ),
    (Method.TRIMMED_MEAN, False, Stage.DESK): (
        "eaff7e51c25ba50973430ccfc2cb39ca1cfa32c57814805245d85def32b13101",
        "c0d7b7df76045da37982448dc047c2f1f6bdc6bddec38c37064487645e33c04e",
    ),
    (Method.TRIMMED_MEAN, False, Stage.FINAL): (
        "13c18d63f1fca8988f6ebe3ba3bfb06ce367344639c136b4b2f127d75a9e1767",
        "46686014362acbf8455f9b6d0f9d93e56e874e2c18126f6302d3bec5d78cdfff",
    ),
    (Method.TRIMMED_MEAN, True, Stage.DESK): (
        "5655cfa7001eb990b1721754d6016dd1d3d317ed3487c61faa6bc8531bb5f428",
        "c473203df08e68d8a78e81bab86094ce335a114f5c83d153354b1f55f08cd34c",
    ),
    (Method.TRIMMED_MEAN, True, Stage.FINAL): (
        "83096a37bf858a59253c59809193fdd629329d25f35ca7456339ffb2ed001e40",
        "2a40db9667ea060e80da2b55a76f1dcbd20cf66871c47f366f16ca859fab78d3",
    ),
}


@pytest.mark.parametrize(
    ("method", "normalise", "stage"),
    [
        (method, normalise, stage)
        for method in Method
        for normalise in (False, True)
        for stage in Stage
    ],
)
def test_rank_gives_the_pinned_outcome(method, normalise, stage):
    aggregation = Aggregation(method=method, normalise_assessors=normalise)

    ranking = rank(methodology(aggregation), cohort(), stage=stage)

    digest = hashlib.sha256(repr(ranking).encode()).hexdigest()
    assert (digest, ranking.input_hash) == PINNED[method, normalise, stage]
