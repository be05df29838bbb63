"""The publishing pages: who may publish and list releases, what the publishing
page shows, refusals on the form (400, 409 when the scope's state stands in the
way), the embargo typed in WIB, hostile bodies, the list's statuses and query
count, and the run page's publication section."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from nominations.models import Candidate, Stage
from publication.models import Release
from publication.release_status import status_of, wib
from scoring.services.methodology import new_version
from scoring.services.runs import compute_run, run_scope
from tests.scoring.final_rankings import final_round, final_run

pytestmark = pytest.mark.django_db

LIST = "/publikasi/"


def publish_url(run):
    return f"/publikasi/peringkat/{run.pk}/terbitkan/"


@pytest.fixture
def as_user(client):
    def sign_in(user):
        if user.is_authenticated:
            client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


def corrected_run(run):
    """A new final run of the same scope, under a new methodology version."""
    new_version(run.methodology)
    return compute_run(run_scope(run), "final")


def later_releases(first, count, **fields):
    """`count` corrections of the first release's scope, each superseding the
    one before (written directly: the list only reads them)."""
    made, previous = [], first
    for _ in range(count):
        previous = Release.objects.create(
            run=first.run,
            edition=first.edition,
            category=first.category,
            province=first.province,
            methodology=first.methodology,
            number=previous.number + 1,
            supersedes=previous,
            changelog=f"Koreksi {previous.number + 1}",
            correction_reason="Data diperbaiki.",
            snapshot=first.snapshot,
            **fields,
        )
        made.append(previous)
    return made


def tomorrow_wib():
    return timezone.localdate() + timedelta(days=1)


# Who may


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("petugas_a", 403),
        ("verifikator_cabang_a", 403),
        ("verifikator_kanwil_a", 403),
        ("panitia_a", 200),
        ("panitia_b", 403),
        ("penilai", 403),
        ("admin", 200),
    ],
)
def test_publish_page_per_role(jambi_round, as_user, role, status):
    client = as_user(jambi_round.world.users[role])

    response = client.get(publish_url(jambi_round.run))

    assert response.status_code == status


def test_publish_page_sends_the_anonymous_to_sign_in(jambi_round, client):
    response = client.get(publish_url(jambi_round.run))

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize(
    "role", ["petugas_a", "verifikator_cabang_a", "panitia_b", "penilai"]
)
def test_publish_post_is_refused_to_others(jambi_round, as_user, role):
    client = as_user(jambi_round.world.users[role])

    response = client.post(publish_url(jambi_round.run), {"changelog": "Hasil."})

    assert response.status_code == 403
    assert not Release.objects.exists()


@pytest.mark.parametrize(
    ("role", "status", "shown"),
    [
        ("petugas_a", 403, None),
        ("verifikator_cabang_a", 403, None),
        ("verifikator_kanwil_a", 403, None),
        ("penilai", 403, None),
        ("panitia_a", 200, True),
        ("panitia_b", 200, False),
        ("admin", 200, True),
    ],
)
def test_release_list_per_role(release, jambi_round, as_user, role, status, shown):
    client = as_user(jambi_round.world.users[role])

    response = client.get(LIST)

    assert response.status_code == status
    if shown is not None:
        assert (f'data-release="{release.pk}"' in response.content.decode()) is shown


def test_release_list_sends_the_anonymous_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_menu_offers_releases_to_committees_only(world, as_user):
    urls = {}
    for role in ("panitia_a", "petugas_a", "penilai"):
        response = as_user(world.users[role]).get("/wilayah/")
        urls[role] = "/publikasi/" in [i["url"] for i in response.context["nav_items"]]

    assert urls == {"panitia_a": True, "petugas_a": False, "penilai": False}


# The publishing page


def test_publish_page_shows_what_will_be_published(jambi_round, as_user):
    run = jambi_round.run
    client = as_user(jambi_round.world.users["panitia_a"])

    text = client.get(publish_url(run)).content.decode()

    assert run.edition.name in text
    assert run.category.name in text
    assert "Province Jambi" in text
    assert f"{run.methodology.name}</a>, version {run.methodology.version}" in text
    assert "Illustrative methodology." in text
    first = jambi_round.candidates[-1]  # the most participants ranks first
    assert first.subject_name in text
    assert "None yet: this will be the scope" in text
    assert 'name="reason"' not in text
    assert "data-publish-form" in text


def test_committee_publishes_and_is_sent_to_the_list(jambi_round, as_user):
    user = jambi_round.world.users["panitia_a"]
    client = as_user(user)

    response = client.post(
        publish_url(jambi_round.run),
        {"changelog": "Hasil babak provinsi."},
        follow=True,
    )

    release = Release.objects.get()
    assert response.redirect_chain == [(LIST, 302)]
    assert (release.run, release.published_by, release.changelog) == (
        jambi_round.run,
        user,
        "Hasil babak provinsi.",
    )
    assert release.embargo_until is None
    text = response.content.decode()
    assert "Release 1 is published and public." in text
    assert f'href="{release.get_absolute_url()}"' in text


def test_missing_changelog_is_shown_on_the_form(jambi_round, as_user):
    client = as_user(jambi_round.world.users["admin"])

    response = client.post(publish_url(jambi_round.run), {"changelog": "  "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Release.objects.exists()


def test_desk_run_is_refused_with_the_reason(jambi_round, as_user):
    desk = compute_run(run_scope(jambi_round.run), "desk")
    client = as_user(jambi_round.world.users["admin"])

    page = client.get(publish_url(desk))
    response = client.post(publish_url(desk), {"changelog": "Hasil."})

    assert "data-refusal" in page.content.decode()
    assert "data-publish-form" not in page.content.decode()
    assert response.status_code == 400
    assert "Only a final ranking" in response.content.decode()
    assert not Release.objects.exists()


def test_stale_run_is_a_conflict(jambi_round, as_user):
    corrected_run(jambi_round.run)
    client = as_user(jambi_round.world.users["admin"])

    response = client.post(publish_url(jambi_round.run), {"changelog": "Hasil."})

    assert response.status_code == 409
    assert "compute the ranking again" in response.content.decode()
    assert not Release.objects.exists()


def test_the_latest_release_again_is_a_conflict(release, jambi_round, as_user):
    client = as_user(jambi_round.world.users["admin"])

    page = client.get(publish_url(jambi_round.run))
    response = client.post(
        publish_url(jambi_round.run), {"changelog": "Lagi.", "reason": "Lagi."}
    )

    assert "already the latest release" in page.content.decode()
    assert response.status_code == 409
    assert "already the latest release" in response.content.decode()
    assert Release.objects.count() == 1


def test_a_correction_asks_for_its_reason(release, jambi_round, as_user):
    other = corrected_run(jambi_round.run)
    client = as_user(jambi_round.world.users["panitia_a"])

    page = client.get(publish_url(other)).content.decode()
    refused = client.post(publish_url(other), {"changelog": "Koreksi."})
    done = client.post(
        publish_url(other), {"changelog": "Koreksi.", "reason": "Data diperbaiki."}
    )

    assert "data-current-release" in page
    assert 'name="reason"' in page
    assert refused.status_code == 400
    assert done.status_code == 302
    second = Release.objects.get(number=2)
    assert (second.supersedes, second.correction_reason) == (
        release,
        "Data diperbaiki.",
    )


def test_a_first_release_keeps_no_reason(jambi_round, as_user):
    client = as_user(jambi_round.world.users["admin"])

    client.post(
        publish_url(jambi_round.run), {"changelog": "Hasil.", "reason": "Dibuat-buat."}
    )

    assert Release.objects.get().correction_reason == ""


def test_committee_may_not_publish_national_results(world, as_user):
    r = final_round(
        world.prov_a, 2, tier=Stage.Tier.NATIONAL, status=Candidate.Status.ADVANCED
    )
    national = final_run(r, None)

    committee = as_user(world.users["panitia_a"]).get(publish_url(national))
    admin = as_user(world.users["admin"]).get(publish_url(national))

    assert (committee.status_code, admin.status_code) == (403, 200)
    assert "National" in admin.content.decode()


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999"])
def test_unknown_run_is_not_found(world, as_user, pk):
    client = as_user(world.users["admin"])

    response = client.get(f"/publikasi/peringkat/{pk}/terbitkan/")

    assert response.status_code == 404


# The embargo in WIB


def test_embargo_typed_in_wib_is_stored_as_utc(jambi_round, as_user):
    day = tomorrow_wib()
    client = as_user(jambi_round.world.users["admin"])

    response = client.post(
        publish_url(jambi_round.run),
        {
            "changelog": "Hasil.",
            "embargo_day": day.isoformat(),
            "embargo_time": "10:00",
        },
        follow=True,
    )

    stored = Release.objects.get().embargo_until
    assert stored == datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)
    assert "under embargo" in response.content.decode()
    assert f"{day.day} {day:%b} {day.year} 10 a.m. WIB" in response.content.decode()


def test_embargo_written_in_indonesian(release):
    moment = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)

    with translation.override("id"):
        text = wib(moment)

    assert text == "5 Des 2026 10.00 WIB"


@pytest.mark.parametrize(
    ("day", "at", "message"),
    [
        (timedelta(days=-1), "10:00", "from today to a year from now"),
        (timedelta(days=367), "10:00", "from today to a year from now"),
        (timedelta(days=0), "00:00", "embargo time has passed"),
        (timedelta(days=1), "", "or neither"),
        (None, "10:00", "or neither"),
    ],
)
def test_embargo_out_of_bounds_is_refused(jambi_round, as_user, day, at, message):
    typed = "" if day is None else (timezone.localdate() + day).isoformat()
    client = as_user(jambi_round.world.users["admin"])

    response = client.post(
        publish_url(jambi_round.run),
        {"changelog": "Hasil.", "embargo_day": typed, "embargo_time": at},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Release.objects.exists()


def embargo(day, at):
    return {"changelog": "Hasil.", "embargo_day": day, "embargo_time": at}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"changelog": "a\x00b"},
        {"changelog": "x" * 2001},
        embargo("99999-12-05", "10:00"),
        embargo("0001-01-01", "00:00"),
        embargo("9999-12-31", "23:59"),
        embargo("٢٠٢٦-١٢-٠٥", "10:00"),
        embargo("2026-12-05", "１０:００"),
        embargo("2026-12-05", "25:00"),
        embargo("2026-02-30", "10:00"),
        embargo("2026-12-05\x00", "1"),
        embargo("5/12/2026", "10.00"),
    ],
)
def test_hostile_bodies_are_refused_and_change_nothing(jambi_round, as_user, body):
    client = as_user(jambi_round.world.users["admin"])

    response = client.post(publish_url(jambi_round.run), body)

    assert response.status_code == 400
    assert not Release.objects.exists()


def test_hostile_correction_reason_is_refused(release, jambi_round, as_user):
    other = corrected_run(jambi_round.run)
    client = as_user(jambi_round.world.users["admin"])

    response = client.post(
        publish_url(other), {"changelog": "Koreksi.", "reason": "a\x00b"}
    )

    assert response.status_code == 400
    assert Release.objects.count() == 1


# The list of releases


def test_list_states_each_status_in_words(release, jambi_round, as_user):
    later = timezone.now() + timedelta(hours=5)
    _second, third = later_releases(release, 2)
    # The third is embargoed: the second stays public until then.
    Release.objects.filter(pk=third.pk).update(embargo_until=later)
    rows = {}
    client = as_user(jambi_round.world.users["panitia_a"])

    response = client.get(LIST)

    for row in response.context["rows"]:
        rows[row["release"].number] = row["status"].text
    with translation.override("en"):
        until = wib(later)
    assert rows == {
        1: "Superseded by release 2",
        2: "Public",
        3: f"Embargoed until {until}",
    }
    text = response.content.decode()
    assert "Hidden from the public until then" in text
    assert "Release 3 replaces it on" in text
    assert "Data diperbaiki." in text


def test_status_of_an_embargo_says_when_in_wib(release):
    moment = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    embargoed = Release(embargo_until=moment, number=1)

    with translation.override("en"):
        status = status_of(embargoed, now=moment - timedelta(days=1))

    assert status.text == "Embargoed until 5 Dec 2026 10 a.m. WIB"


def test_list_is_paged(release, jambi_round, as_user):
    later_releases(release, 25)
    client = as_user(jambi_round.world.users["admin"])

    first = client.get(LIST)
    second = client.get(LIST, {"page": "2"})

    assert len(first.context["rows"]) == 25
    assert [r["release"].number for r in second.context["rows"]] == [1]


@pytest.mark.parametrize(
    ("page", "status"),
    [
        ("abc", 200),
        ("0", 200),
        ("-1", 200),
        ("99999999999999999999", 200),
        ("٣", 200),
        ("\x00", 400),  # the portal refuses NUL in any query string
    ],
)
def test_list_takes_any_page_number(release, jambi_round, as_user, page, status):
    client = as_user(jambi_round.world.users["admin"])

    response = client.get(LIST, {"page": page})

    assert response.status_code == status


def test_list_query_count_does_not_grow(
    release, jambi_round, as_user, django_assert_max_num_queries
):
    client = as_user(jambi_round.world.users["admin"])
    client.get(LIST)  # the session and language settle
    counts = []
    for extra in (0, 4):
        later_releases(Release.objects.order_by("-number").first(), extra)
        with django_assert_max_num_queries(12) as captured:
            response = client.get(LIST)
        counts.append((len(response.context["rows"]), len(captured)))

    assert [rows for rows, _ in counts] == [1, 5]
    assert counts[0][1] == counts[1][1]


# The run page's section


def test_run_page_offers_publishing_to_who_may(jambi_round, as_user):
    run = jambi_round.run

    admin = as_user(jambi_round.world.users["admin"]).get(run.get_absolute_url())

    text = admin.content.decode()
    assert "data-publication" in text
    assert f'href="{publish_url(run)}"' in text
    assert "This ranking has not been published." in text


def test_run_page_lists_the_releases_of_the_run(release, jambi_round, as_user):
    client = as_user(jambi_round.world.users["panitia_a"])

    text = client.get(jambi_round.run.get_absolute_url()).content.decode()

    assert f'href="{release.get_absolute_url()}"' in text
    assert "Release 1" in text


def test_run_page_of_a_desk_run_has_no_publication_section(jambi_round, as_user):
    desk = compute_run(run_scope(jambi_round.run), "desk")

    response = as_user(jambi_round.world.users["admin"]).get(desk.get_absolute_url())

    assert "data-publication" not in response.content.decode()


def test_an_embargoed_release_is_shown_to_publishers_only(jambi_round, as_user):
    """What the list says of an embargoed release holds on its public page."""
    client = as_user(jambi_round.world.users["admin"])
    client.post(
        publish_url(jambi_round.run),
        {
            "changelog": "Hasil.",
            "embargo_day": tomorrow_wib().isoformat(),
            "embargo_time": "10:00",
        },
    )
    url = Release.objects.get().get_absolute_url()
    answers = {}

    for role in ("anonymous", "panitia_b", "panitia_a", "admin"):
        client.logout()
        answers[role] = as_user(jambi_round.world.users[role]).get(url).status_code

    assert answers == {
        "anonymous": 404,
        "panitia_b": 404,
        "panitia_a": 200,
        "admin": 200,
    }


def test_run_page_of_a_stale_run_says_to_compute_it_again(jambi_round, as_user):
    corrected_run(jambi_round.run)

    response = as_user(jambi_round.world.users["admin"]).get(
        jambi_round.run.get_absolute_url()
    )

    text = response.content.decode()
    assert "out of date is not published" in text
    assert publish_url(jambi_round.run) not in text
