"""The national admin tries other weights on a ranking run: the ranks move with
arrows and the weight sum follows as they type, before anything is saved."""

import pytest
from playwright.sync_api import expect

from scoring.adapter import Scope
from scoring.models import Methodology
from scoring.services.runs import compute_run
from tests.e2e.test_coverage_report import sign_in
from tests.factories import ProvinceFactory, RegulationFactory, UserFactory
from tests.scoring.rankings import kab_round, verify

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_sees_ranks_move_as_they_type(page, screenshot):
    UserFactory(username="admin", role="admin_nasional")
    r = kab_round(ProvinceFactory(), size=3)
    verify(RegulationFactory(candidate=r.entries[0].candidate), r.verifier)
    run = compute_run(Scope(r.edition, r.category, r.province), "desk")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "admin", f"/penilaian/peringkat/{run.pk}/simulasi/")
    total = page.locator("[data-weight-sum]")
    rows = page.locator("[data-whatif-rows] tr")
    first = rows.first.locator(".badge")

    page.locator("#weight-REG\\.1").fill("0")
    expect(total).to_have_text("80,00")
    page.locator("#weight-CAK\\.1").fill("30")
    # REG.1 at 0 may already move the ranks: wait for the answer to CAK.1 too.
    expect(total).to_have_text("100,00")
    expect(rows.last.locator(".badge")).to_have_text("▼2")
    screenshot("whatif")

    assert (total.inner_text(), first.inner_text()) == ("100,00", "▲1")
    assert Methodology.objects.count() == 1
    assert errors == []
