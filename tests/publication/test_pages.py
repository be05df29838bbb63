"""The public candidate, methodology and map pages: who sees them (public releases
only), what they show (the snapshot's lines, approved figures, verified evidence
without files) and in how many queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation

from nominations.models import Candidate
from nominations.models.dossiers import Verification
from participants.models import CoverageReport
from publication import cache, candidates, coverage_map
from publication.charts import bar_chart
from publication.services.releases import publish
from publication.templatetags.public_results import province_results_path
from publication.tilemap import TILES
from review.models import ReviewStatus
from scoring.services.methodology import new_version
from scoring.services.runs import compute_run, run_scope
from scoring.templatetags.scoring_numbers import figure
from tests.factories import (
    CandidateFactory,
    CoverageReportFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    ProvinceFactory,
    RegulationFactory,
)
from tests.scoring.final_rankings import final_round

pytestmark = pytest.mark.django_db

VERIFIED = Verification.VERIFIED


@pytest.fixture
def english(english, client):
    """English in the test and in the pages the client fetches."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


def page(pk: int) -> str:
    return f"/hasil/kandidat/{pk}/"


def first(release) -> Candidate:
    return Candidate.objects.get(pk=release.snapshot["ranked"][0]["candidate"])


# Visibility


def test_candidate_page_answers_for_a_released_candidate(client, release, english):
    candidate = first(release)

    response = client.get(page(candidate.pk))

    assert response.status_code == 200
    assert response.context["subject"]["name"] == candidate.subject_name
    assert [a.release for a in response.context["appearances"]] == [release]


def test_candidate_pages_hidden_during_the_embargo(client, jambi_round):
    admin = jambi_round.world.users["admin"]
    later = timezone.now() + timedelta(days=1)
    embargoed = publish(jambi_round.run, by=admin, changelog="x", embargo_until=later)
    candidate = first(embargoed)

    assert client.get(page(candidate.pk)).status_code == 404
    assert (
        client.get(f"/hasil/metodologi/{embargoed.methodology_id}/").status_code == 404
    )


def test_an_unreleased_candidate_is_not_found(client, release):
    other = CandidateFactory(category=first(release).category)

    assert client.get(page(other.pk)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/hasil/kandidat/0/",
        "/hasil/kandidat/999999/",
        "/hasil/kandidat/99999999999999999999999/",
        "/hasil/kandidat/-1/",
        "/hasil/kandidat/%00/",
        "/hasil/kandidat/%D9%A3/",
        "/hasil/metodologi/0/",
        "/hasil/metodologi/99999999999999999999999/",
        "/hasil/metodologi/%00/",
    ],
)
def test_hostile_paths_are_refused(client, world, path):
    assert client.get(path).status_code in (400, 404)


@pytest.mark.parametrize(
    ("query", "status"),
    [("?year=%D9%A3&page=-1&x=" + "9" * 500, 200), ("?year=%00", 400)],
)
def test_hostile_query_strings_change_nothing(client, world, query, status):
    response = client.get("/hasil/peta/" + query)

    assert response.status_code == status


def test_a_methodology_unused_by_any_release_is_not_found(client, release):
    unused = final_round(release.province, 1, award_year=2031)

    methodology = unused.category.methodologies.get()

    assert client.get(f"/hasil/metodologi/{methodology.pk}/").status_code == 404


# The candidate page's content


def test_breakdown_equals_the_snapshot_lines(client, release):
    row = release.snapshot["ranked"][0]

    response = client.get(page(row["candidate"]))

    shown = response.context["appearances"][0]
    assert shown.row["lines"] == row["lines"]
    assert shown.is_ranked
    assert not shown.is_superseded
    html = response.content.decode()
    with translation.override("id"):
        for line in row["lines"]:
            assert f'<td class="num">{figure(line["contribution"])}</td>' in html
        assert str(figure(row["total"])) in html


def test_a_correction_replaces_the_earlier_row(client, release, jambi_round):
    admin = jambi_round.world.users["admin"]
    new_version(release.methodology)
    corrected = compute_run(run_scope(jambi_round.run), "final")
    correction = publish(corrected, by=admin, changelog="Koreksi.", reason="Data.")

    response = client.get(page(first(release).pk))

    shown = response.context["appearances"]
    assert [(a.release, a.is_superseded) for a in shown] == [(correction, False)]
    assert client.get(f"/hasil/metodologi/{release.methodology_id}/").status_code == 200


def test_evidence_shows_only_verified_items_without_files(client, release, english):
    candidate = first(release)
    shown = RegulationFactory(candidate=candidate, verification=VERIFIED)
    RegulationFactory(candidate=candidate, title="Draf belum diverifikasi")
    InnovationFactory(
        candidate=candidate, name="Inovasi Terverifikasi", verification=VERIFIED
    )
    InnovationFactory(
        candidate=candidate, name="Inovasi Ditolak", verification=Verification.REJECTED
    )

    response = client.get(page(candidate.pk))

    html = response.content.decode()
    assert response.context["regulations"] == [
        {
            "kind": "perda",
            "kind_label": "Perda (regional law)",
            "number": shown.number,
            "issued_on": shown.issued_on,
            "title": shown.title,
        }
    ]
    assert [i["name"] for i in response.context["innovations"]] == [
        "Inovasi Terverifikasi"
    ]
    assert "Draf belum diverifikasi" not in html
    assert "Inovasi Ditolak" not in html
    assert ".pdf" not in html
    assert "/nominasi/" not in html


def test_regulation_dates_in_indonesian(client, release):
    candidate = first(release)
    RegulationFactory(candidate=candidate, verification=VERIFIED)

    response = client.get(page(candidate.pk), HTTP_ACCEPT_LANGUAGE="id")

    assert "1 Februari 2024" in response.content.decode()


def test_chart_shows_approved_reports_only(client, release):
    candidate = first(release)
    CoverageReportFactory(
        regency=candidate.regency, year=2021, status=ReviewStatus.SUBMITTED
    )
    approved = CoverageReport.objects.approved().filter(regency=candidate.regency)

    response = client.get(page(candidate.pk))

    years = [row.year for row in response.context["coverage"]]
    assert years == sorted(approved.values_list("year", flat=True))
    assert 2021 not in years
    bars = response.context["coverage_chart"].bars
    assert [bar.label for bar in bars] == [str(year) for year in years]
    assert '<title id="coverage-chart-title">' in response.content.decode()


def test_candidate_page_links_region_and_coverage(client, release):
    candidate = first(release)

    html = client.get(page(candidate.pk)).content.decode()

    assert f'href="/wilayah/{candidate.regency_id}/"' in html
    assert f'href="/cakupan/?q={candidate.regency_id}"' in html


def test_candidate_page_queries_are_bounded(
    client, release, django_assert_max_num_queries
):
    candidate = first(release)
    for _n in range(3):
        RegulationFactory(candidate=candidate, verification=VERIFIED)
        InnovationFactory(candidate=candidate, verification=VERIFIED)

    with django_assert_max_num_queries(10):
        assert client.get(page(candidate.pk)).status_code == 200


# What the candidate page reads, for the kinds the Jambi round lacks


def test_employer_compliance_is_approved_only(world):
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
    candidate = CandidateFactory(regency=None, employer=employer)
    EmployerComplianceFactory(
        employer=employer, year=2022, status=ReviewStatus.APPROVED
    )
    EmployerComplianceFactory(
        employer=employer, year=2023, status=ReviewStatus.SUBMITTED
    )

    rows = candidates.compliance_history(candidate)

    assert [(r.year, r.registration_pct) for r in rows] == [(2022, Decimal("96.00"))]
    assert candidates.coverage_region(candidate) == "15.01"


def test_a_region_candidate_has_no_compliance(world):
    candidate = CandidateFactory(regency=world.reg_a1)

    assert candidates.compliance_history(candidate) == []


# The methodology page


def test_methodology_page_explains_the_frozen_methodology(client, release, english):
    methodology = release.methodology

    response = client.get(f"/hasil/metodologi/{methodology.pk}/")

    html = response.content.decode()
    codes = [
        c["code"]
        for a in release.snapshot["methodology"]["document"]["aspects"]
        for c in a["criteria"]
    ]
    assert response.status_code == 200
    assert all(f"<td>{code}</td>" in html for code in codes)
    assert "weights of the ranked criteria sum to 100.00" in html
    assert "Illustrative methodology." in html
    assert "If totals are equal:" in html or "equal totals share a rank" in html
    assert f'href="/data/rilis/{release.pk}/metodologi.json"' in html
    assert response.context["sources"]


def test_methodology_page_queries_are_bounded(
    client, release, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(f"/hasil/metodologi/{release.methodology_id}/")


# The map


def test_tilemap_places_38_provinces_apart():
    assert len(TILES) == 38
    assert len({(t.row, t.column) for t in TILES.values()}) == 38
    assert set(TILES) >= {"11", "31", "51", "65", "96"}


def test_map_classes_from_approved_reports_of_the_latest_year(world):
    bali = ProvinceFactory(code="51", name="Bali")
    CoverageReportFactory(regency=world.reg_a1, year=2024, status="approved")
    CoverageReportFactory(
        regency=world.reg_a2,
        year=2024,
        status="approved",
        peserta_pu=500,
        peserta_bpu=500,
    )
    CoverageReportFactory(regency=world.reg_b1, year=2023, status="approved")
    CoverageReportFactory(
        regency=None, province=bali, year=2024, status="approved", peserta_pu=8_500
    )
    CoverageReportFactory(regency=world.reg_b1, year=2024, status="submitted")

    year = coverage_map.latest_year()
    figures = {f.code: f for f in coverage_map.province_figures(year)}

    assert year == 2024
    # Jambi: (6 000 + 1 000) ÷ 20 000; Kepri's 2024 report is not approved.
    assert (figures["15"].coverage_pct, figures["15"].klass) == (Decimal("35.00"), 2)
    assert (figures["21"].coverage_pct, figures["21"].klass) == (None, None)
    assert (figures["51"].coverage_pct, figures["51"].klass) == (Decimal("110.00"), 5)


def test_map_page_shows_legend_and_no_data(client, world, english):
    CoverageReportFactory(regency=world.reg_a1, year=2024, status="approved")

    response = client.get("/hasil/peta/")

    html = response.content.decode()
    assert [k for k, _, _ in response.context["legend"]] == [1, 2, 3, 4, 5]
    assert (
        'class="tile tile--c4" href="/wilayah/15/" aria-label="Jambi: 60.00 %"' in html
    )
    assert 'aria-label="Kepulauan Riau: no data"' in html
    assert "80 % and above" in html


def test_map_queries_are_bounded(client, world, django_assert_max_num_queries):
    for regency in (world.reg_a1, world.reg_a2, world.reg_b1):
        CoverageReportFactory(regency=regency, year=2024, status="approved")

    with django_assert_max_num_queries(4):
        client.get("/hasil/peta/")


def test_bar_chart_scales_to_the_ceiling():
    chart = bar_chart([("2023", Decimal(50)), ("2024", None)], ceiling=Decimal(100))

    assert [(b.label, b.height) for b in chart.bars] == [
        ("2023", "94.0"),
        ("2024", "0.0"),
    ]
    assert chart.width == "320"


# Caching


def test_pages_are_cached_until_the_next_release(client, release, monkeypatch):
    """The pages render a CSRF token (the language switch) today, which is never
    cached: a minimal render shows the view is wrapped and cacheable."""
    calls = []

    def render(request, template, context):
        calls.append(template)
        return HttpResponse("ok")

    monkeypatch.setattr("publication.views.pages.render", render)
    path = page(first(release).pk)

    answers = [client.get(path)["X-Paritrana-Cache"] for _ in range(2)]
    cache.bump()  # as publishing does
    after = client.get(path)["X-Paritrana-Cache"]

    assert (answers, after, len(calls)) == (["miss", "hit"], "miss", 2)


# Region pages


def test_region_pages_link_public_coverage_figures(client, world):
    province = client.get("/wilayah/15/").content.decode()
    regency = client.get("/wilayah/15.01/").content.decode()

    assert 'href="/cakupan/?province=15" data-coverage-link' in province
    assert 'href="/hasil/peta/"' in province
    assert 'href="/cakupan/?q=15.01" data-coverage-link' in regency


def test_results_link_names_the_province_results_page(release):
    year = release.edition.award_year
    assert province_results_path(release.province_id) == f"/hasil/{year}/provinsi/15/"
    # No public results: no link rather than a broken one.
    assert province_results_path("99") == ""


def test_demo_releases_say_so(client, jambi_round, english):
    admin = jambi_round.world.users["admin"]
    demo = publish(jambi_round.run, by=admin, changelog="Demo.", demo=True)

    candidate_page = client.get(page(first(demo).pk)).content.decode()
    methodology_page = client.get(f"/hasil/metodologi/{demo.methodology_id}/")

    assert "Demo data." in candidate_page
    assert "Demo data." in methodology_page.content.decode()
