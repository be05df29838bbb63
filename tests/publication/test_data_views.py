"""The open data addresses: files of public releases for everyone, embargoed ones
for their publishers only, answered from the cache the second time, the bundle
verifying, hostile addresses 404, and the data page."""

import csv
import io
import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from participants.models import CoverageReport
from publication.services.releases import publish
from scoring.engine import verify_bundle
from scoring.methodology_json import loads as load_methodology
from scoring.services.methodology import new_version
from scoring.services.runs import compute_run, run_scope
from tests.scoring.final_rankings import final_round, final_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def ranking(release) -> list[tuple[int, str, str]]:
    return [(e["rank"], e["name"], e["total"]) for e in release.snapshot["ranked"]]


def file_name(release, ext: str) -> str:
    category = release.snapshot["category"]["name"].lower().replace(" ", "-")
    return f"peringkat-2025-{category}-jambi-rilis-1.{ext}"


def test_csv_download_is_the_ranking(client, release):
    response = client.get(f"/data/rilis/{release.pk}.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{file_name(release, "csv")}"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert [(int(r["rank"]), r["name"], r["total"]) for r in rows] == ranking(release)


def test_xlsx_download_is_the_ranking(client, release):
    response = client.get(f"/data/rilis/{release.pk}.xlsx")

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header, *rows = list(book.worksheets[0].values)
    found = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(r["rank"], r["name"], str(r["total"])) for r in found] == ranking(release)
    assert len(book.worksheets) == 2
    assert response["Content-Disposition"].endswith('-jambi-rilis-1.xlsx"')


def test_json_download_is_the_ranking(client, release):
    response = client.get(f"/data/rilis/{release.pk}.json")

    data = json.loads(response.content.decode("utf-8"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert [(r["rank"], r["name"], r["total"]) for r in data["ranked"]] == ranking(
        release
    )
    assert data["release"]["number"] == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_second_download_asks_the_database_nothing(
    client, release, fmt, django_assert_num_queries
):
    first = client.get(f"/data/rilis/{release.pk}.{fmt}")

    with django_assert_num_queries(0):
        second = client.get(f"/data/rilis/{release.pk}.{fmt}")

    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_second_download_signed_in_asks_only_for_the_session(client, release):
    client.force_login(release.published_by)
    client.get(f"/data/rilis/{release.pk}.csv")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/data/rilis/{release.pk}.csv").status_code == 200

    pattern = r'(?:FROM|UPDATE|INTO|JOIN) "(\w+)"'
    tables = {t for q in queries for t in re.findall(pattern, q["sql"])}
    assert tables <= {"django_session", "accounts_user"}


def test_bundle_verifies(client, release, tmp_path):
    response = client.get(f"/data/rilis/{release.pk}/bundel.json")

    bundle = json.loads(response.content)
    assert verify_bundle(bundle) == []
    assert bundle == release.run.bundle
    assert response["Content-Disposition"].startswith(
        'attachment; filename="bundel-2025-'
    )
    path = tmp_path / "bundel.json"
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command("verify_ranking", str(path), stdout=out)
    assert out.getvalue().startswith("OK: 4 ranks")


def test_bundle_is_read_once(client, release, django_assert_num_queries):
    client.get(f"/data/rilis/{release.pk}/bundel.json")

    with django_assert_num_queries(0):
        response = client.get(f"/data/rilis/{release.pk}/bundel.json")

    assert verify_bundle(json.loads(response.content)) == []


def test_methodology_is_the_document_as_imported(client, release):
    response = client.get(f"/data/rilis/{release.pk}/metodologi.json")

    assert load_methodology(response.content) == load_methodology(
        json.dumps(release.snapshot["methodology"]["document"])
    )
    assert response["Content-Disposition"].startswith(
        'attachment; filename="metodologi-2025-'
    )


@pytest.fixture
def embargoed(jambi_round):
    return publish(
        jambi_round.run,
        by=jambi_round.world.users["admin"],
        changelog="Hasil awal.",
        embargo_until=timezone.now() + timedelta(hours=2),
    )


PATHS = [
    "/data/rilis/{pk}.csv",
    "/data/rilis/{pk}/metodologi.json",
    "/data/rilis/{pk}/bundel.json",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("panitia_b", 404),
        ("petugas_a", 404),
        ("panitia_a", 200),
        ("admin", 200),
    ],
)
def test_embargoed_release_only_for_its_publishers(
    client, embargoed, jambi_round, path, role, status
):
    user = jambi_round.world.users[role]
    if user.is_authenticated:
        client.force_login(user)

    response = client.get(path.format(pk=embargoed.pk))

    assert response.status_code == status


def test_embargoed_release_opens_when_its_time_comes(client, embargoed):
    path = f"/data/rilis/{embargoed.pk}.json"
    assert client.get(path).status_code == 404
    later = timezone.now() + timedelta(hours=3)

    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(path)

    assert response.status_code == 200


def test_superseded_release_stays_downloadable(client, release, jambi_round):
    new_version(jambi_round.run.methodology)
    corrected = compute_run(run_scope(jambi_round.run), "final")
    publish(corrected, by=release.published_by, changelog="Koreksi", reason="Data")

    response = client.get(f"/data/rilis/{release.pk}.csv")

    assert response.status_code == 200


HOSTILE = [
    "/data/rilis/99999999999999999999.csv",
    "/data/rilis/99999999999999999999/bundel.json",
    "/data/rilis/99999999999999999999/metodologi.json",
    "/data/rilis/{pk}.exe",
    "/data/rilis/{pk}.CSV",
    "/data/rilis/{pk}.csv.csv",
    "/data/rilis/{pk}.",
    "/data/rilis/{pk}",
    "/data/rilis/-{pk}.csv",
    "/data/rilis/\u0661.csv",
    "/data/rilis/\uff11.csv",
    "/data/rilis/0.csv",
    "/data/rilis/{pk}/bundel.xml",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_addresses_are_not_found(client, release, path):
    response = client.get(path.format(pk=release.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/data/rilis/{pk}.csv%00", "/data/rilis/{pk}%00.csv", "/data/rilis/{pk}.js%00on"],
)
def test_nul_bytes_are_refused(client, release, path):
    response = client.get(path.format(pk=release.pk))

    assert response.status_code in (400, 404)


def test_missing_release_is_not_found_and_not_cached(client, release):
    response = client.get(f"/data/rilis/{release.pk + 1}.csv")

    assert response.status_code == 404


def test_data_page_lists_the_releases_licence_and_columns(english_client, release):
    response = english_client.get("/data/")

    text = response.content.decode()
    assert response.status_code == 200
    for path in [
        f"/data/rilis/{release.pk}.csv",
        f"/data/rilis/{release.pk}.xlsx",
        f"/data/rilis/{release.pk}.json",
        f"/data/rilis/{release.pk}/metodologi.json",
        f"/data/rilis/{release.pk}/bundel.json",
    ]:
        assert f'href="{path}"' in text
    assert "Creative Commons Attribution 4.0 (CC BY 4.0)" in text
    assert "idn-area-data" in text
    assert "ODbL 1.0" in text
    assert "<code>edition_year</code>" in text
    assert "<code>ranked[].lines</code>" in text
    assert "decimals with a dot" in text


def test_data_page_hides_embargoed_releases(english_client, embargoed):
    response = english_client.get("/data/")

    assert f"/data/rilis/{embargoed.pk}.csv" not in response.content.decode()
    assert "No results have been published yet." in response.content.decode()


def test_data_page_marks_superseded_releases(english_client, release, jambi_round):
    new_version(jambi_round.run.methodology)
    corrected = compute_run(run_scope(jambi_round.run), "final")
    publish(corrected, by=release.published_by, changelog="Koreksi", reason="Data")

    response = english_client.get("/data/")

    assert response.content.decode().count(">superseded<") == 1


def _publish_rounds(world, count: int) -> None:
    for n in range(count):
        r = final_round(world.prov_a, 2, award_year=2025 + n)
        publish(final_run(r, world.prov_a), by=world.users["admin"], changelog="x")


@pytest.mark.parametrize("count", [1, 3])
def test_data_page_query_count(client, world, count, django_assert_max_num_queries):
    _publish_rounds(world, count)

    with django_assert_max_num_queries(2):
        response = client.get("/data/")

    assert response.content.decode().count('.csv"') == count


@pytest.fixture
def with_incomplete(world):
    """Jambi's round with one candidate lacking last year's report, published."""
    r = final_round(world.prov_a)
    unranked = r.candidates[0]
    CoverageReport.objects.filter(
        regency=unranked.regency_id, year=r.edition.assessment_year - 1
    ).delete()
    run = final_run(r, world.prov_a)
    return publish(run, by=world.users["admin"], changelog="Hasil awal.")


def test_csv_lists_incomplete_candidates_after_the_ranked(client, with_incomplete):
    response = client.get(f"/data/rilis/{with_incomplete.pk}.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["status"], r["rank"], r["reasons"]) for r in rows] == [
        ("ranked", "1", ""),
        ("ranked", "2", ""),
        ("ranked", "3", ""),
        ("incomplete", "", "no_previous_year"),
    ]
    assert rows[-1]["candidate_id"] == str(
        with_incomplete.snapshot["incomplete"][0]["candidate"]
    )
