"""The national admin reorders the tie-break chain with the move buttons, adds a
link and sets the aggregation; the saved methodology has them in that order."""

import pytest

from nominations.models import Stage
from scoring.demo import illustrative_document
from scoring.services.methodology import create_methodology
from tests.e2e.test_coverage_report import sign_in
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_reorders_and_extends_the_chain(page, screenshot):
    UserFactory(username="admin", role="admin_nasional")
    methodology = create_methodology(
        illustrative_document("kab_kota"),
        category=CategoryFactory(),
        tier=Stage.Tier.PROVINCIAL,
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "admin", f"/penilaian/metodologi/versi/{methodology.pk}/ubah/")

    rows = page.locator("[data-tie-row]")
    rows.nth(1).locator("[data-move='-1']").click()
    orders = [rows.nth(n).locator("[data-tie-order]").input_value() for n in range(3)]
    rows.nth(2).locator("select").first.select_option("criterion:WAW.2")
    page.locator("#aggregation-method").select_option("median")
    screenshot("methodology-tie-breaks")
    page.locator("[data-methodology-form] button[type=submit]").click()
    page.wait_for_url("**/penilaian/metodologi/versi/*/")

    methodology.refresh_from_db()
    chain = list(methodology.tie_breaks.values_list("key", flat=True))
    assert (orders, chain, methodology.aggregation) == (
        ["1", "2", "3"],
        ["coverage_growth_pp", "WAW.1", "WAW.2"],
        "median",
    )
    assert "Median" in page.locator("[data-aggregation]").inner_text()
    assert errors == []
