"""A visitor's journey through the published results, in Bahasa Indonesia and in
English: the results page, the national ranking, a candidate's page, then a
certificate's code typed into the verification page (a valid one, a revoked one
and an unknown one). axe-core finds no serious or critical violation on the way."""

from typing import Any

import pytest
from django.db import transaction

from nominations.models import Candidate, Edition, Stage
from publication.services.certificates import issue_one, revoke_as
from publication.services.releases import publish
from tests.e2e.axe import assert_accessible
from tests.scoring.final_rankings import final_round, final_run

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "id": {
        "valid": "Piagam sah",
        "revoked": "Piagam ini telah dicabut",
        "unknown": "Kode tidak dikenal",
        "verify": "Verifikasi",
    },
    "en": {
        "valid": "Valid certificate",
        "revoked": "This certificate has been revoked",
        "unknown": "Unknown code",
        "verify": "Verify",
    },
}


@pytest.fixture
def page(browser, live_server):
    """A visitor's page that lets axe-core in (an inline script, which the
    portal's policy blocks; test_content_security_policy.py checks the policy)."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", bypass_csp=True
    )
    yield context.new_page()
    context.close()


def _certificate(candidate: Candidate, title: str) -> Any:
    Candidate.objects.filter(pk=candidate.pk).update(
        status=Candidate.Status.NATIONAL_WINNER, national_title=title
    )
    candidate.refresh_from_db()
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=candidate.edition_id)
        return issue_one(candidate, None)


@pytest.fixture
def published(world) -> dict[str, Any]:
    """A national ranking of 2026 published, its first two candidates national
    winners with certificates, the second revoked."""
    r = final_round(
        world.prov_a,
        3,
        tier=Stage.Tier.NATIONAL,
        status=Candidate.Status.ADVANCED,
        award_year=2026,
    )
    release = publish(final_run(r, None), by=world.users["admin"], changelog="Hasil.")
    first, second = (
        Candidate.objects.get(pk=int(row["key"]))
        for row in release.snapshot["ranked"][:2]
    )
    valid = _certificate(first, "Terbaik I")
    revoked = revoke_as(
        _certificate(second, "Terbaik II"), by=None, reason="Data pemenang dikoreksi."
    )
    return {"release": release, "first": first, "valid": valid, "revoked": revoked}


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_visitor_reads_the_ranking_and_verifies_certificates(
    page, screenshot, published, language
):
    text = TEXT[language]
    page.goto(f"/bahasa/{language}/?next=/hasil/")
    assert page.locator("html").get_attribute("lang") == language

    page.locator(
        f'a[href="/hasil/2026/nasional/{published["release"].category_id}/"]'
    ).first.click()
    page.wait_for_url("**/nasional/**")
    screenshot(f"journey-national-{language}")
    assert_accessible(page)

    page.locator(f'a[href="/hasil/kandidat/{published["first"].pk}/"]').first.click()
    page.wait_for_url("**/kandidat/**")
    assert published["first"].subject_name in page.locator("h1").inner_text()
    screenshot(f"journey-candidate-{language}")
    assert_accessible(page)

    for state in ("valid", "revoked"):
        page.goto("/v/")
        page.locator("input[name=code]").fill(published[state].code.lower())
        page.get_by_role("button", name=text["verify"]).click()
        assert page.locator("h1").inner_text() == text[state]
        assert published[state].number in page.content()
        screenshot(f"journey-certificate-{state}-{language}")
        assert_accessible(page)

    page.goto("/v/")
    page.locator("input[name=code]").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name=text["verify"]).click()
    assert page.locator("h1").inner_text() == text["unknown"]
    assert_accessible(page)
