"""Publishing a run: who may, what is refused, numbering, corrections, embargo,
and the snapshot equal to the run."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from nominations.models import Candidate, Stage
from publication import cache
from publication.models import Release, ReleaseError
from publication.services.releases import publish
from review.refusals import ReviewError
from scoring.services.methodology import new_version
from scoring.services.runs import compute_run, run_scope
from tests.scoring.final_rankings import final_round, final_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """The refusals are matched by their English source text."""


def test_snapshot_equals_the_run(release, jambi_round):
    run = jambi_round.run
    ranked = release.snapshot["ranked"]
    assert [(r["key"], r["rank"], r["total"]) for r in ranked] == [
        (e["key"], e["rank"], e["total"]) for e in run.ranked
    ]
    assert ranked[0]["name"]
    assert ranked[0]["lines"][0]["name"]
    assert release.snapshot["methodology"]["document"]["aspects"]
    assert release.number == 1
    assert release.supersedes is None
    assert release.methodology.is_frozen


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("admin", True), ("panitia_a", True), ("panitia_b", False), ("petugas_a", False)],
)
def test_who_publishes_a_province(jambi_round, user, allowed):
    by = jambi_round.world.users[user]
    if allowed:
        assert publish(jambi_round.run, by=by, changelog="Hasil.").pk
    else:
        with pytest.raises(PermissionDenied):
            publish(jambi_round.run, by=by, changelog="Hasil.")


def test_only_the_admin_publishes_national_results(world):
    r = final_round(
        world.prov_a, 2, tier=Stage.Tier.NATIONAL, status=Candidate.Status.ADVANCED
    )
    national = final_run(r, None)
    with pytest.raises(PermissionDenied):
        publish(national, by=world.users["panitia_a"], changelog="x")
    assert publish(national, by=world.users["admin"], changelog="x").province is None


def test_desk_runs_are_refused(jambi_round):
    desk = compute_run(run_scope(jambi_round.run), "desk")
    with pytest.raises(ReviewError, match="final"):
        publish(desk, by=jambi_round.world.users["admin"], changelog="x")


@pytest.mark.parametrize("text", ["", "   ", "a\x00b", "x" * 2001])
def test_bad_changelog_is_refused(jambi_round, text):
    with pytest.raises(ReviewError):
        publish(jambi_round.run, by=jambi_round.world.users["admin"], changelog=text)
    assert not Release.objects.exists()


def _corrected_run(run):
    """A new final run of the same scope, under a new methodology version."""
    new_version(run.methodology)
    return compute_run(run_scope(run), "final")


def test_a_stale_run_is_refused(jambi_round):
    _corrected_run(jambi_round.run)
    with pytest.raises(ReviewError, match="changed"):
        publish(jambi_round.run, by=jambi_round.world.users["admin"], changelog="x")


def test_a_correction_needs_a_reason_and_supersedes(release, jambi_round):
    admin = jambi_round.world.users["admin"]
    # The same run cannot be published twice in a row.
    with pytest.raises(ReviewError, match="already"):
        publish(jambi_round.run, by=admin, changelog="Lagi", reason="Salah ketik")
    other = _corrected_run(jambi_round.run)
    with pytest.raises(ReviewError):
        publish(other, by=admin, changelog="Koreksi")
    second = publish(other, by=admin, changelog="Koreksi", reason="Data diperbaiki")
    assert second.number == 2
    assert second.supersedes == release
    release.refresh_from_db()
    assert release.is_superseded()


def test_embargo_hides_until_its_time(jambi_round):
    admin = jambi_round.world.users["admin"]
    with pytest.raises(ReviewError, match="embargo"):
        publish(
            jambi_round.run,
            by=admin,
            changelog="x",
            embargo_until=timezone.now() - timedelta(minutes=1),
        )
    later = timezone.now() + timedelta(hours=2)
    found = publish(jambi_round.run, by=admin, changelog="x", embargo_until=later)
    assert not found.is_public()
    assert found.is_public(later)
    assert not Release.objects.public().exists()
    assert 0 < cache.timeout() <= 2 * 3600 + 1


def test_a_release_never_changes(release):
    with pytest.raises(ReleaseError):
        release.save()


def test_publishing_bumps_the_generation(
    jambi_round, django_capture_on_commit_callbacks
):
    before = cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        publish(jambi_round.run, by=jambi_round.world.users["admin"], changelog="x")
    assert cache.generation() == before + 1
