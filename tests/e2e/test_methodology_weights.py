"""The national admin edits a methodology's weights and sees the ranked sum as
they type; saving a frozen version makes a new one."""

import pytest

from nominations.models import Stage
from scoring.demo import illustrative_document
from scoring.models import Methodology
from scoring.services.methodology import create_methodology, freeze
from tests.e2e.test_coverage_report import sign_in
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_sees_the_weight_sum_as_they_type(page, screenshot):
    UserFactory(username="admin", role="admin_nasional")
    methodology = freeze(
        create_methodology(
            illustrative_document("kab_kota"),
            category=CategoryFactory(),
            tier=Stage.Tier.PROVINCIAL,
        )
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    edit = f"/penilaian/metodologi/versi/{methodology.pk}/ubah/"
    sign_in(page, "admin", edit)
    total = page.locator("[data-weight-sum]")
    shown = [total.inner_text()]

    page.locator("#weight-REG\\.1").fill("25")
    shown.append(total.inner_text())
    off = "weight-sum--off" in (total.get_attribute("class") or "")
    page.locator("#weight-CAK\\.1").fill("5")
    shown.append(total.inner_text())
    page.locator("#independent-INO\\.3").check()
    shown.append(total.inner_text())
    page.locator("#independent-INO\\.3").uncheck()
    screenshot("methodology-weights")
    page.locator("[data-methodology-form] button[type=submit]").click()
    page.wait_for_url("**/penilaian/metodologi/versi/*/")

    new = Methodology.objects.get(version=2)
    assert (shown, off) == (["100", "105", "100", "94"], True)
    assert new.aspects.get(code="REG").criteria.get().weight == 25
    assert page.url.endswith(new.get_absolute_url())
    assert errors == []
