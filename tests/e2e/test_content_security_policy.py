"""Pages, Swagger UI and the Django admin work under the content security policy."""

import pytest

from tests.factories import CoverageReportFactory, RegencyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def violations(page):
    """Console messages about the content security policy, as the pages load."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def sign_in(page, username):
    page.goto("/akun/masuk/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("rahasia-paritrana-9")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/")


def test_swagger_ui_renders_without_policy_violations(page, violations):
    page.goto("/api/docs/")

    page.locator(".swagger-ui .info .title").wait_for()
    assert violations == []


def test_portal_pages_and_admin_have_no_policy_violations(page, violations):
    CoverageReportFactory(regency=RegencyFactory(code="21.05"), year=2023)
    UserFactory(username="admin", admin=True, is_staff=True, is_superuser=True)
    sign_in(page, "admin")

    pages = ["/", "/wilayah/", "/cakupan/kelengkapan/", "/admin/", "/tidak-ada/"]
    for path in [*pages, "/api/v1/provinces/"]:
        page.goto(path, wait_until="networkidle")

    assert violations == []
