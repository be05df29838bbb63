"""The demo's Tim 9 sheets and Jambi's ranking runs (issue 11, point 12), on a
region set with every kab/kota of Jambi: the final ranking is computed from the
demo data by the illustrative methodology, and it must come out as the province
reported its 2022 award — Kota Jambi, Kab. Batanghari, Kab. Tebo."""

import json
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet

from nominations.models import Candidate, SubjectType
from scoring import engine
from scoring.demo import create_demo_runs, create_demo_sheets
from scoring.demo.sheets import expected_level
from scoring.engine.aggregation import Aggregation, Method
from scoring.engine.bundle import load_inputs
from scoring.models import RankingRun, ScoreSheet
from tests.conftest import SMALL_ROWS
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    ProvinceFactory,
    RegulationFactory,
)

pytestmark = pytest.mark.django_db

JAMBI = {
    "15.01": "Kabupaten Kerinci",
    "15.02": "Kabupaten Merangin",
    "15.03": "Kabupaten Sarolangun",
    "15.04": "Kabupaten Batanghari",
    "15.05": "Kabupaten Muaro Jambi",
    "15.06": "Kabupaten Tanjung Jabung Barat",
    "15.07": "Kabupaten Tanjung Jabung Timur",
    "15.08": "Kabupaten Bungo",
    "15.09": "Kabupaten Tebo",
    "15.71": "Kota Jambi",
    "15.72": "Kota Sungai Penuh",
}


@pytest.fixture
def demo(region_files, settings):
    """`prepare_portal --demo` on the small set with all of Jambi's kab/kota."""
    others = [row for row in SMALL_ROWS["regencies"] if not row.startswith("15.")]
    settings.IDN_AREA_DATA_DIR = region_files.write(
        regencies=[f"{code},15,{name}" for code, name in JAMBI.items()] + others,
        districts=[f"{code}.01,{code},Distrik {code}" for code in JAMBI]
        + [row for row in SMALL_ROWS["districts"] if not row.startswith("15.")],
        villages=[f"{code}.01.2001,{code}.01,Desa {code}" for code in JAMBI]
        + [row for row in SMALL_ROWS["villages"] if not row.startswith("15.")],
    )
    output = StringIO()
    call_command("prepare_portal", "--demo", stdout=output, stderr=StringIO())
    return output.getvalue()


def jambi_runs() -> QuerySet[RankingRun]:
    """Jambi's runs (the demo also ranks the other provinces and the nation)."""
    return RankingRun.objects.filter(province="15")


def jambi_sheets() -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.filter(member__panel__round__province="15")


def names(run: RankingRun) -> list[tuple[int, str, str]]:
    """The run's ranked candidates: rank, kab/kota and total."""
    subjects = dict(Candidate.objects.values_list("pk", "regency__name"))
    return [
        (row["rank"], subjects[int(row["key"])], row["total"])
        for row in run.bundle["ranked"]
    ]


def test_demo_final_run_puts_kota_jambi_batanghari_tebo_first_to_third(demo):
    run = jambi_runs().get(stage="final")

    ranked = names(run)

    assert [(rank, name) for rank, name, _total in ranked] == [
        (1, "Kota Jambi"),
        (2, "Kabupaten Batanghari"),
        (3, "Kabupaten Tebo"),
    ]
    assert engine.verify_bundle(run.bundle) == []
    assert run.methodology.is_illustrative
    # The other kab/kota were not interviewed: listed apart, not ranked.
    assert {
        reason for row in run.bundle["incomplete"] for reason in row["reasons"]
    } >= {"missing:rubric:WAW.1"}


def test_demo_final_run_bundle_verifies_from_the_file_alone(demo, tmp_path):
    run = jambi_runs().get(stage="final")
    bundle = tmp_path / "peringkat.json"
    bundle.write_text(json.dumps(run.bundle), encoding="utf-8")
    output = StringIO()

    call_command("verify_ranking", str(bundle), stdout=output)

    assert output.getvalue().startswith("OK: 3 ranks, 8 incomplete")


def test_demo_desk_run_ranks_the_shortlist_first_without_ties(demo):
    run = jambi_runs().get(stage="desk")

    ranked = names(run)

    assert [name for _rank, name, _total in ranked[:3]] == [
        "Kota Jambi",
        "Kabupaten Batanghari",
        "Kabupaten Tebo",
    ]
    top4 = [total for _rank, _name, total in ranked[:4]]
    assert [rank for rank, _name, _total in ranked[:4]] == [1, 2, 3, 4]
    assert len(set(top4)) == 4
    assert engine.verify_bundle(run.bundle) == []


def test_demo_sheets_are_submitted_by_every_member_without_a_conflict(demo):
    sheets = jambi_sheets().select_related(
        "member__user", "candidate__regency", "entered_by"
    )

    rows = {
        (
            s.member.user.username,
            s.candidate.regency.name,
            s.status,
            s.entered_by.username,
        )
        for s in sheets
    }

    assert "Demo score sheets of Tim 9 submitted: 17\n" in demo
    assert len(rows) == 17
    assert {row[2] for row in rows} == {"submitted"}
    assert ("tim9.serikat", "Kota Jambi") not in {row[:2] for row in rows}
    assert {row[3] for row in rows if row[0] == "tim9.apindo"} == {"tim9.sekretaris"}


def test_demo_scoring_is_set_up_once(demo):
    before = (jambi_sheets().count(), jambi_runs().count())

    output = StringIO()
    call_command("prepare_portal", "--demo", stdout=output, stderr=StringIO())

    assert (jambi_sheets().count(), jambi_runs().count()) == before == (17, 2)
    assert "Demo ranking runs" not in output.getvalue()
    assert (create_demo_sheets(), create_demo_runs()) == (0, [])


def test_demo_scoring_needs_the_demo_data(db):
    assert (create_demo_sheets(), create_demo_runs()) == (0, [])


def test_demo_runs_need_a_methodology(db):
    edition = EditionFactory(award_year=2024)
    CategoryFactory(edition=edition, subject_type=SubjectType.KAB_KOTA)
    ProvinceFactory(code="15")

    assert create_demo_runs() == []


def test_expected_level_without_a_verified_regulation_is_the_lowest(db):
    candidate = CandidateFactory()
    RegulationFactory(candidate=candidate, kind="perda")  # not verified

    assert expected_level(candidate) == 1


@pytest.mark.parametrize(
    "aggregation",
    [
        Aggregation(Method.MEDIAN),
        Aggregation(Method.TRIMMED_MEAN),
        Aggregation(normalise_assessors=True),
    ],
)
def test_demo_final_order_holds_for_every_aggregation(demo, aggregation):
    run = jambi_runs().get(stage="final")
    methodology, candidates, stage = load_inputs(run.bundle["inputs"])

    ranking = engine.rank(
        replace(methodology, aggregation=aggregation), candidates, stage=stage
    )

    subjects = dict(Candidate.objects.values_list("pk", "regency__name"))
    assert [(p.rank, subjects[int(p.key)]) for p in ranking.ranked] == [
        (1, "Kota Jambi"),
        (2, "Kabupaten Batanghari"),
        (3, "Kabupaten Tebo"),
    ]
