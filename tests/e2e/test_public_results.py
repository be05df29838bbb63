"""A visitor reads the published results (the home page, the latest results, a
national ranking and a release) on a phone and on a desktop, in Bahasa Indonesia
and in English; axe-core finds no serious or critical violation on any of them."""

import pytest

from nominations.models import Candidate, Stage
from publication.services.releases import publish
from tests.e2e.axe import assert_accessible
from tests.scoring.final_rankings import final_round, final_run

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 900)}


@pytest.fixture
def page(browser, live_server):
    """A visitor's page that lets axe-core in: it is injected as an inline script,
    which the portal's policy rightly blocks (test_content_security_policy.py
    checks the policy itself)."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", bypass_csp=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def releases(world):
    """Jambi's provincial results and a national ranking (demo data) of 2025."""
    admin = world.users["admin"]
    jambi = final_round(world.prov_a, 3)
    provincial = publish(
        final_run(jambi, world.prov_a), by=admin, changelog="Hasil babak provinsi."
    )
    national = final_round(
        world.prov_a,
        4,
        tier=Stage.Tier.NATIONAL,
        status=Candidate.Status.ADVANCED,
        award_year=2026,
    )
    release = publish(
        final_run(national, None), by=admin, changelog="Hasil nasional.", demo=True
    )
    return {"provincial": provincial, "national": release}


def pages(releases):
    national = releases["national"]
    return {
        "home": "/",
        "index": "/hasil/",
        "national": f"/hasil/2026/nasional/{national.category_id}/",
        "release": f"/hasil/rilis/{releases['provincial'].pk}/",
    }


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_results_are_accessible(page, screenshot, releases, viewport, language):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/bahasa/{language}/?next=/hasil/")

    for name, path in pages(releases).items():
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        screenshot(f"results-{name}-{viewport}-{language}")
        assert_accessible(page)


def test_a_visitor_opens_a_breakdown_and_reads_the_demo_notice(
    page, screenshot, releases
):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(pages(releases)["national"])

    page.locator("details summary").first.click()
    screenshot("results-breakdown-open-phone")

    assert page.locator("details").first.get_attribute("open") is not None
    assert page.get_by_role("note").first.is_visible()
