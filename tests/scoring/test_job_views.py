"""The recompute button, the job page with its progress bar and status, and the
job's state on the run list; who may use them."""

import pytest
from django.conf import settings

from scoring.adapter import Scope
from scoring.models import RecomputeJob
from scoring.services import jobs, recompute
from tests.factories import CategoryFactory
from tests.scoring.rankings import kab_round

pytestmark = pytest.mark.django_db

State = RecomputeJob.State


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def round_(world):
    return kab_round(world.prov_a, size=2)


@pytest.fixture
def scope(round_):
    return Scope(round_.edition, round_.category, round_.province)


def list_url(round_, area="15"):
    return f"/penilaian/peringkat/kategori/{round_.category.pk}/{area}/"


def button_url(round_, area="15"):
    return list_url(round_, area) + "hitung-ulang/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 302),
        ("panitia_a", 302),
        ("panitia_b", 403),
        ("penilai", 403),
        ("petugas_a", 403),
        ("verifikator_kanwil_a", 403),
    ],
)
def test_the_button_is_for_the_admin_and_the_provinces_committee(
    world, round_, as_user, role, status
):
    response = as_user(world.users[role]).post(button_url(round_), {"stage": "desk"})

    assert response.status_code == status
    assert RecomputeJob.objects.count() == (1 if status == 302 else 0)


def test_the_button_queues_a_job_at_once_and_shows_it(world, round_, as_user):
    response = as_user(world.users["panitia_a"]).post(
        button_url(round_), {"stage": "final"}
    )

    job = RecomputeJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.stage, job.causes, job.requested_by, job.state) == (
        "final",
        ["manual"],
        world.users["panitia_a"],
        State.QUEUED,
    )


def test_the_button_runs_the_job_once_the_request_commits(
    world, round_, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.users["admin"]).post(button_url(round_), {"stage": "desk"})

    job = RecomputeJob.objects.get()
    assert (job.state, job.run.created_by) == (State.DONE, world.users["admin"])


def test_national_recompute_is_for_the_national_admin(world, round_, as_user):
    url = button_url(round_, area="nasional")

    refused = as_user(world.users["panitia_a"]).post(url, {"stage": "desk"})
    allowed = as_user(world.users["admin"]).post(url, {"stage": "desk"}, follow=True)

    assert (refused.status_code, allowed.status_code) == (403, 200)
    assert "The category has no methodology to rank by." in allowed.content.decode()


@pytest.mark.parametrize(
    "data", [{"stage": "later"}, {}, {"stage": "desk" * 1000}, {"stage": "ｄｅｓｋ"}]
)
def test_the_button_refuses_a_crafted_stage_with_the_reason(
    world, round_, as_user, data
):
    response = as_user(world.users["admin"]).post(button_url(round_), data)

    assert response.status_code == 400
    assert "Choose the desk or the final ranking" in response.content.decode()
    assert not RecomputeJob.objects.exists()


@pytest.mark.parametrize("area", ["١٥", "15x", "99"])
def test_the_button_refuses_an_unknown_province(world, round_, as_user, area):
    response = as_user(world.users["admin"]).post(
        button_url(round_, area=area), {"stage": "desk"}
    )

    assert response.status_code == 404
    assert not RecomputeJob.objects.exists()


def test_the_button_answers_get_with_405(world, round_, as_user):
    response = as_user(world.users["admin"]).get(button_url(round_))

    assert response.status_code == 405


def test_the_button_without_a_methodology_says_so(world, as_user):
    category = CategoryFactory()

    response = as_user(world.users["admin"]).post(
        f"/penilaian/peringkat/kategori/{category.pk}/15/hitung-ulang/",
        {"stage": "desk"},
        follow=True,
    )

    assert "The category has no methodology to rank by." in response.content.decode()
    assert not RecomputeJob.objects.exists()


def test_a_waiting_job_shows_its_progress_bar(world, scope, as_user):
    job = jobs.request_recompute(scope, "desk", cause="report")

    response = as_user(world.users["panitia_a"]).get(job.get_absolute_url())

    text = response.content.decode()
    assert f'data-status-url="/penilaian/peringkat/tugas/{job.pk}/status/"' in text
    assert "Queued: the recomputation starts at" in text
    assert "js/upload_progress.js" in text


def test_a_finished_job_links_its_run(world, scope, as_user):
    job = recompute.execute(
        jobs.request_recompute(scope, "desk", cause="report").pk, holder="w"
    )

    response = as_user(world.users["admin"]).get(job.get_absolute_url())

    text = response.content.decode()
    assert job.run.get_absolute_url() in text
    assert "a new run was computed" in text
    assert "js/upload_progress.js" not in text


def test_a_failed_job_offers_to_try_again(world, scope, as_user):
    job = jobs.request_recompute(scope, "desk", cause="report")
    jobs.fail(job.pk, None, "Broken.")

    response = as_user(world.users["panitia_a"]).get(job.get_absolute_url())

    text = response.content.decode()
    assert "Failed: Broken. Try again." in text
    assert "Try again now" in text


def test_the_status_says_where_the_job_is(world, scope, as_user):
    job = jobs.request_recompute(scope, "desk", cause="report")
    attempt = jobs.start(job.pk, holder="w")
    jobs.report_progress(job.pk, attempt, 40)

    response = as_user(world.users["panitia_a"]).get(
        f"/penilaian/peringkat/tugas/{job.pk}/status/"
    )

    assert response.json() == {
        "status": "running",
        "status_label": "Recomputing",
        "progress": 40,
        "done": False,
        "detail": "Recomputing… 40 % (attempt 1 of 3).",
    }


@pytest.mark.parametrize("role", ["panitia_b", "penilai", "petugas_a"])
def test_a_job_is_hidden_from_other_roles(world, scope, as_user, role):
    job = jobs.request_recompute(scope, "desk", cause="report")

    pages = [
        as_user(world.users[role]).get(url).status_code
        for url in (job.get_absolute_url(), f"{job.get_absolute_url()}status/")
    ]

    assert pages == [403, 403]


def test_a_missing_job_is_not_found(world, as_user):
    response = as_user(world.users["admin"]).get(
        "/penilaian/peringkat/tugas/99999999999999999999/"
    )

    assert response.status_code == 404


def test_the_run_list_shows_each_stages_job(world, round_, scope, as_user):
    desk = jobs.request_recompute(scope, "desk", cause="report")
    jobs.report_progress(desk.pk, jobs.start(desk.pk, holder="w"), 40)
    final = jobs.request_recompute(scope, "final", cause="sheet")
    jobs.fail(final.pk, None, "Broken.")

    response = as_user(world.users["panitia_a"]).get(list_url(round_))

    text = response.content.decode()
    assert "Recomputing… 40 %" in text
    assert "Failed: Broken. Try again." in text
    assert "Recompute: Final ranking (after the interviews)" in text


def test_the_run_list_shows_a_queued_job_and_a_finished_one(
    world, round_, scope, as_user
):
    jobs.request_recompute(scope, "desk", cause="report")
    recompute.execute(
        jobs.request_recompute(scope, "final", cause="sheet").pk, holder="w"
    )

    text = as_user(world.users["admin"]).get(list_url(round_)).content.decode()

    assert "Queued" in text
    assert "Done" in text
    assert "None yet" not in text


def test_the_run_list_query_count_does_not_grow_with_jobs(
    world, round_, scope, as_user, django_assert_max_num_queries
):
    client = as_user(world.users["admin"])
    counts = []
    for _ in range(2):
        job = jobs.request_recompute(scope, "desk", cause="report")
        recompute.execute(job.pk, holder="w")
        recompute.execute(
            jobs.request_recompute(scope, "final", cause="sheet").pk, holder="w"
        )
        with django_assert_max_num_queries(30) as captured:
            client.get(list_url(round_))
        counts.append(len(captured))

    assert RecomputeJob.objects.count() == 4
    assert counts[0] == counts[1]
