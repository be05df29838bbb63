"""The public results site: what it shows from releases, embargoes, and the page
cache (hits without queries, invalidation on publishing, per language)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations.models import Candidate, Stage
from publication import cache, selectors
from publication.models import Release
from publication.services.releases import publish
from scoring.adapter import Scope
from scoring.services.methodology import create_methodology
from scoring.services.runs import compute_run
from tests.factories import CategoryFactory
from tests.publication.test_releases import _corrected_run
from tests.scoring.final_rankings import data_only_document, final_round, final_run
from tests.scoring.rankings import complete_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_pages(client, english):
    """Pages asked for in English (the language cookie), messages in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def national_release(world, edition, size=2, name="Kabupaten/Kota Terbaik", **options):
    """A published national ranking of a new category of the edition."""
    category = CategoryFactory(edition=edition, name=name)
    create_methodology(
        data_only_document(), category=category, tier=Stage.Tier.NATIONAL
    )
    for n in range(size):
        entry = complete_candidate(category, world.prov_a, 4_000 + 100 * n)
        Candidate.objects.filter(pk=entry.candidate.pk).update(
            status=Candidate.Status.ADVANCED
        )
    run = compute_run(Scope(edition, category, None), "final")
    return publish(run, by=world.users["admin"], changelog="Hasil nasional.", **options)


def test_index_shows_national_winners_provinces_and_changelog(
    client, english_pages, release, jambi_round
):
    national = national_release(jambi_round.world, jambi_round.edition)

    response = client.get("/hasil/")

    html = response.content.decode()
    assert response.status_code == 200
    first = national.snapshot["ranked"][0]
    assert f"/hasil/kandidat/{first['candidate']}/" in html
    assert f"/hasil/2025/nasional/{national.category_id}/" in html
    assert "/hasil/2025/provinsi/15/" in html
    assert html.count("Hasil awal babak provinsi.") == 1
    assert "Hasil nasional." in html
    assert "Demo data" not in html


def test_index_without_releases_says_none_yet(client, english_pages):
    response = client.get("/hasil/")

    assert response.status_code == 200
    assert "No results have been published yet" in response.content.decode()


def test_edition_is_404_for_unknown_and_hostile_years(client, release):
    paths = ["/hasil/2031/", "/hasil/99999999999999999999/", "/hasil/0/"]
    paths += ["/hasil/٢٠٢٥/", "/hasil/2025%00/", "/hasil/-1/"]

    statuses = [client.get(path).status_code for path in paths]

    # A NUL byte is refused before any view (400).
    assert statuses == [404, 404, 404, 404, 400, 404]
    assert client.get("/hasil/2025/").status_code == 200


def test_national_page_shows_the_latest_national_release(
    client, english_pages, jambi_round
):
    national = national_release(jambi_round.world, jambi_round.edition)
    url = f"/hasil/2025/nasional/{national.category_id}/"

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["release"] == national
    assert (
        client.get(f"/hasil/2025/nasional/{jambi_round.category.pk}/").status_code
        == 404
    )
    assert client.get("/hasil/2025/nasional/99999999999999/").status_code == 404


def test_province_page_lists_every_category_latest_release(
    client, english_pages, release
):
    response = client.get("/hasil/2025/provinsi/15/")

    assert response.status_code == 200
    assert [e["release"] for e in response.context["entries"]] == [release]
    assert f"/hasil/rilis/{release.pk}/" in response.content.decode()


@pytest.mark.parametrize("code", ["31", "1", "15%00", "١٥", "x" * 300, "15.01"])
def test_province_page_is_refused_for_other_codes(client, release, code):
    assert client.get(f"/hasil/2025/provinsi/{code}/").status_code in (400, 404)


def test_release_page_shows_the_ranking_from_the_snapshot(
    client, english_pages, release
):
    response = client.get(f"/hasil/rilis/{release.pk}/")

    html = response.content.decode()
    rows = release.snapshot["ranked"]
    assert response.status_code == 200
    assert [row["name"] for row in response.context["ranked"]] == [
        row["name"] for row in rows
    ]
    assert html.count("<details") == len(rows)
    assert f"/hasil/metodologi/{release.methodology_id}/" in html
    for suffix in (".csv", ".xlsx", ".json", "/metodologi.json", "/bundel.json"):
        assert f"/data/rilis/{release.pk}{suffix}" in html


def test_release_page_writes_totals_in_indonesian(client, release):
    response = client.get(f"/hasil/rilis/{release.pk}/")

    total = release.snapshot["ranked"][0]["total"]
    assert total.replace(".", ",") in response.content.decode()


def test_release_page_gives_incomplete_reasons_in_words(client, jambi_round):
    complete_candidate(jambi_round.category, jambi_round.world.prov_a, 3_500)
    Candidate.objects.filter(category=jambi_round.category).update(
        status=Candidate.Status.INTERVIEWED
    )
    missing = Candidate.objects.filter(category=jambi_round.category).last()
    missing.regency.coverage_reports.all().delete()
    run = final_run(jambi_round, jambi_round.world.prov_a)
    found = publish(run, by=jambi_round.world.users["admin"], changelog="x")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(f"/hasil/rilis/{found.pk}/")

    assert response.context["incomplete"][0]["reason_texts"] == [
        "There is no approved coverage report for the assessment year."
    ]


def test_a_correction_marks_the_earlier_release_superseded(
    client, english_pages, release, jambi_round
):
    admin = jambi_round.world.users["admin"]
    second = publish(
        _corrected_run(jambi_round.run), by=admin, changelog="Koreksi", reason="Salah"
    )

    old = client.get(f"/hasil/rilis/{release.pk}/")
    new = client.get(f"/hasil/rilis/{second.pk}/")

    assert "Superseded by release 2" in old.content.decode()
    assert f'href="/hasil/rilis/{second.pk}/"' in old.content.decode()
    assert [row["number"] for row in new.context["history"]] == [1, 2]
    assert "Salah" in new.content.decode()
    assert (
        client.get("/hasil/2025/provinsi/15/").context["entries"][0]["release"]
        == second
    )


def test_demo_release_pages_say_so(client, english_pages, jambi_round):
    found = publish(
        jambi_round.run, by=jambi_round.world.users["admin"], changelog="x", demo=True
    )

    pages = ["/hasil/", f"/hasil/rilis/{found.pk}/", "/hasil/2025/provinsi/15/"]

    for path in pages:
        assert "Demo data — not official results" in client.get(path).content.decode()


def test_decision_labels(english):
    assert [
        selectors.decision_label(decision)
        for decision in (
            None,
            {"outcome": "provincial_winner", "place": 1},
            {"outcome": "national_finalist", "place": 4},
        )
    ] == ["", "Winner 1", "National finalist"]


def test_winners_come_first_by_place():
    rows = [
        {"name": "A", "rank": 1, "decision": None},
        {
            "name": "B",
            "rank": 2,
            "decision": {"outcome": "provincial_winner", "place": 2},
        },
        {
            "name": "C",
            "rank": 3,
            "decision": {"outcome": "provincial_winner", "place": 1},
        },
    ]

    found = selectors.winners(Release(snapshot={"ranked": rows}))

    assert [row["name"] for row in found] == ["C", "B"]


# Embargo


def test_an_embargoed_release_is_invisible_until_its_time(
    client, jambi_round, monkeypatch
):
    later = timezone.now() + timedelta(hours=2)
    found = publish(
        jambi_round.run,
        by=jambi_round.world.users["admin"],
        changelog="Diembargo.",
        embargo_until=later,
    )
    hidden = [
        client.get(f"/hasil/rilis/{found.pk}/").status_code,
        client.get("/hasil/2025/provinsi/15/").status_code,
        "Diembargo." in client.get("/hasil/").content.decode(),
    ]
    assert 0 < cache.timeout() <= 2 * 3600 + 1
    monkeypatch.setattr(timezone, "now", lambda: later + timedelta(seconds=1))
    cache.bump()  # a new generation: as the entries' timeout would have

    shown = client.get(f"/hasil/rilis/{found.pk}/").status_code

    assert hidden == [404, 404, False]
    assert shown == 200


def test_the_publisher_sees_an_embargoed_release(client, english_pages, jambi_round):
    admin = jambi_round.world.users["admin"]
    later = timezone.now() + timedelta(hours=2)
    found = publish(jambi_round.run, by=admin, changelog="x", embargo_until=later)
    client.force_login(admin)

    response = client.get(f"/hasil/rilis/{found.pk}/")

    assert response.status_code == 200
    assert "Embargoed" in response.content.decode()


# The page cache


def test_second_visit_is_a_cache_hit_without_queries(
    client, release, django_assert_num_queries
):
    url = f"/hasil/rilis/{release.pk}/"
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert first["X-Paritrana-Cache"] == "miss"
    assert second["X-Paritrana-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.parametrize(
    "path", ["/hasil/", "/hasil/2025/", "/hasil/2025/provinsi/15/"]
)
def test_every_public_page_is_cached(client, release, path):
    client.get(path)

    assert client.get(path)["X-Paritrana-Cache"] == "hit"


def test_publishing_invalidates_the_cached_pages(
    client, english_pages, release, jambi_round, django_capture_on_commit_callbacks
):
    client.get("/hasil/2025/provinsi/15/")
    with django_capture_on_commit_callbacks(execute=True):
        second = publish(
            _corrected_run(jambi_round.run),
            by=jambi_round.world.users["admin"],
            changelog="Koreksi",
            reason="Salah",
        )

    response = client.get("/hasil/2025/provinsi/15/")

    assert response["X-Paritrana-Cache"] == "miss"
    assert response.context["entries"][0]["release"] == second


def test_languages_are_cached_apart(client, release):
    url = f"/hasil/rilis/{release.pk}/"
    indonesian = client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    english = client.get(url)

    assert english["X-Paritrana-Cache"] == "miss"
    assert 'lang="en"' in english.content.decode()
    assert 'lang="id"' in indonesian.content.decode()[:200]


def test_pages_never_read_the_ranking_tables(client, release, jambi_round):
    national_release(jambi_round.world, jambi_round.edition)
    paths = ["/hasil/", "/hasil/2025/", "/hasil/2025/provinsi/15/"]
    paths += [f"/hasil/rilis/{release.pk}/"]

    with CaptureQueriesContext(connection) as queries:
        statuses = [client.get(path).status_code for path in paths]

    assert statuses == [200] * 4
    assert not [q["sql"] for q in queries if "scoring_" in q["sql"]]


def test_release_page_queries_do_not_grow_with_rows(client, world):
    counts = []
    for size, year in ((2, 2025), (10, 2026)):
        r = final_round(world.prov_a, size, award_year=year)
        run = final_run(r, world.prov_a)
        found = publish(run, by=world.users["admin"], changelog="x")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/hasil/rilis/{found.pk}/").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_index_queries_do_not_grow_with_categories(
    client, release, jambi_round, django_assert_max_num_queries
):
    counts = []
    for name in ("Kota Terbaik", "Kabupaten Terbaik", "Provinsi Terbaik"):
        national_release(jambi_round.world, jambi_round.edition, name=name)
        cache.bump()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/hasil/").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[2]
    with django_assert_max_num_queries(counts[0]):
        client.get("/hasil/2025/")


def test_signed_in_pages_are_not_cached(client, release, jambi_round):
    client.force_login(jambi_round.world.users["admin"])
    client.get("/hasil/")

    assert "X-Paritrana-Cache" not in client.get("/hasil/")


def test_home_shows_the_latest_national_winners(client, english_pages, jambi_round):
    national = national_release(jambi_round.world, jambi_round.edition)

    response = client.get("/")

    html = response.content.decode()
    assert response.context["results"]["national"][0]["release"] == national
    assert national.snapshot["ranked"][0]["name"] in html
    assert 'href="/hasil/"' in html
