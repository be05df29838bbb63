import json

import pytest
from django.core.management import CommandError, call_command

from nominations.models import Candidate
from scoring.adapter import Scope
from scoring.models import RankingRun, RankingRunError
from scoring.services.methodology import new_version
from scoring.services.runs import (
    NoMethodologyError,
    compute_run,
    is_stale,
    stale_reasons,
)
from tests.factories import (
    CategoryFactory,
    ProvinceFactory,
    RegulationFactory,
    UserFactory,
)
from tests.scoring.rankings import kab_round, verify


@pytest.fixture
def round_(db):
    return kab_round(ProvinceFactory(), size=3)


def scope_of(r):
    return Scope(r.edition, r.category, r.province)


def test_compute_run_stores_ranks_explanations_and_sources(round_):
    run = compute_run(scope_of(round_), "desk", by=round_.verifier)

    first = round_.entries[2].candidate
    assert [e["rank"] for e in run.ranked] == [1, 2, 3]
    assert run.ranked[0]["key"] == str(first.pk)
    lines = run.explanations[str(first.pk)]["lines"]
    counted = sum(float(line["contribution"]) for line in lines)
    assert round(counted, 4) == float(run.ranked[0]["total"])
    assert run.sources[str(first.pk)]["coverage"]["pk"] == round_.entries[2].report.pk
    assert (run.created_by, run.code_version, run.tier) == (
        round_.verifier,
        "0.1.0",
        "provincial",
    )


def test_compute_run_freezes_the_methodology(round_):
    run = compute_run(scope_of(round_), "desk")

    run.methodology.refresh_from_db()
    assert run.methodology.is_frozen


def test_compute_run_twice_with_the_same_inputs_returns_the_first_run(round_):
    first = compute_run(scope_of(round_), "desk")

    again = compute_run(scope_of(round_), "desk")

    assert again.pk == first.pk
    assert RankingRun.objects.count() == 1


def test_compute_run_without_a_methodology_refuses(db):
    category = CategoryFactory()

    with pytest.raises(NoMethodologyError):
        compute_run(Scope(category.edition, category, ProvinceFactory()), "desk")


def test_ranking_run_is_never_updated(round_):
    run = compute_run(scope_of(round_), "desk")
    run.stage = "final"

    with pytest.raises(RankingRunError):
        run.save()


def test_final_run_without_rubric_scores_lists_everyone_incomplete(round_):
    run = compute_run(scope_of(round_), "final")

    assert run.ranked == []
    assert run.incomplete[0]["reasons"] == [
        "missing:rubric:WAW.1",
        "missing:rubric:WAW.2",
    ]


def test_run_is_fresh_until_something_changes(round_):
    run = compute_run(scope_of(round_), "desk")

    assert stale_reasons(run) == []
    assert not is_stale(run)


def test_run_is_stale_after_a_new_verification(round_):
    run = compute_run(scope_of(round_), "desk")

    verify(RegulationFactory(candidate=round_.entries[0].candidate), round_.verifier)

    assert stale_reasons(run) == ["data"]


def test_run_is_stale_after_a_report_changes(round_):
    run = compute_run(scope_of(round_), "desk")
    report = round_.entries[0].report

    type(report).objects.filter(pk=report.pk).update(version=2, peserta_pu=3_900)

    assert stale_reasons(run) == ["data"]


def test_run_stays_fresh_when_a_new_record_changes_no_value(round_):
    run = compute_run(scope_of(round_), "desk")
    report = round_.entries[0].report

    type(report).objects.filter(pk=report.pk).update(version=2)

    assert stale_reasons(run) == []
    assert compute_run(scope_of(round_), "desk").pk == run.pk


def test_run_is_stale_after_a_new_methodology_version(round_):
    run = compute_run(scope_of(round_), "desk")

    new_version(run.methodology)

    assert stale_reasons(run) == ["methodology"]


def test_run_is_stale_when_a_candidate_leaves(round_):
    run = compute_run(scope_of(round_), "desk")

    Candidate.objects.filter(pk=round_.entries[0].candidate.pk).delete()

    assert is_stale(run)


def write_bundle(tmp_path, bundle):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return str(path)


def test_verify_ranking_accepts_an_exported_bundle(
    round_, tmp_path, capsys, django_db_blocker
):
    run = compute_run(scope_of(round_), "desk")
    path = write_bundle(tmp_path, run.bundle)

    with django_db_blocker.block():  # from the file alone, no database
        call_command("verify_ranking", path)

    assert capsys.readouterr().out.startswith("OK: 3 ranks, 0 incomplete")


def test_verify_ranking_refuses_a_tampered_bundle(round_, tmp_path, capsys):
    run = compute_run(scope_of(round_), "desk")
    bundle = run.bundle
    bundle["ranked"][0]["rank"] = 2
    path = write_bundle(tmp_path, bundle)

    with pytest.raises(CommandError, match="1 differences"):
        call_command("verify_ranking", path)

    assert capsys.readouterr().err.startswith("ranked ")


def test_verify_ranking_refuses_changed_inputs(round_, tmp_path, capsys):
    bundle = compute_run(scope_of(round_), "desk").bundle
    bundle["inputs"]["candidates"][0]["values"]["coverage_pu_pct"]["value"] = "1"
    path = write_bundle(tmp_path, bundle)

    with pytest.raises(CommandError):
        call_command("verify_ranking", path)

    assert "hash: bundle" in capsys.readouterr().err


def test_verify_ranking_refuses_a_missing_or_broken_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("verify_ranking", str(tmp_path / "none.json"))
    with pytest.raises(CommandError, match="Not a ranking bundle"):
        call_command("verify_ranking", str(broken))


def test_ranking_run_admin_is_read_only(round_, client):
    run = compute_run(scope_of(round_), "desk")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    listing = client.get("/admin/scoring/rankingrun/")
    page = client.get(f"/admin/scoring/rankingrun/{run.pk}/change/")
    posted = client.post(f"/admin/scoring/rankingrun/{run.pk}/change/", {})

    assert (listing.status_code, page.status_code, posted.status_code) == (
        200,
        200,
        403,
    )


def test_compute_run_at_the_same_moment_keeps_the_first_run(round_, monkeypatch):
    first = compute_run(scope_of(round_), "desk")
    # Another request stored it between this one's look-up and its insert.
    monkeypatch.setattr("scoring.services.runs._same_run", lambda *args: None)

    again = compute_run(scope_of(round_), "desk")

    assert again.pk == first.pk
    assert RankingRun.objects.count() == 1


@pytest.mark.parametrize("size", [1, 6])
def test_compute_run_query_count_does_not_grow(db, size, django_assert_num_queries):
    r = kab_round(ProvinceFactory(), size=size)
    for entry in r.entries:
        verify(RegulationFactory(candidate=entry.candidate), r.verifier)

    # Freezing the methodology (its first time: checked with its tie-breaks and
    # saved), the inputs (13, one per table, tie-breaks included), the same-run
    # lookup and the insert: 26 for 1 candidate and for 6.
    with django_assert_num_queries(26):
        run = compute_run(scope_of(r), "final")

    assert len(run.ranked) + len(run.incomplete) == size
