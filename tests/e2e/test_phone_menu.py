"""On a phone (390 × 844), signed in: a compact header and a menu behind a button;
without JavaScript the menu stays open."""

from pathlib import Path

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page of a signed-in Kanwil verifier, with or without JS."""
    contexts = []

    def open_page(*, javascript: bool = True):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport=PHONE,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.goto("/akun/masuk/")
        page.locator("input[name=username]").fill("verifikator")
        page.locator("input[name=password]").fill("rahasia-paritrana-9")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url("**/")
        return page

    UserFactory(username="verifikator", verifikator_kanwil=True, first_name="Ratna")
    yield open_page
    for context in contexts:
        context.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def chrome_height(page) -> float:
    """The height of the header and the menu bar, in CSS pixels."""
    return page.evaluate(
        "document.querySelector('.site-nav').getBoundingClientRect().bottom"
    )


def test_phone_header_and_closed_menu_leave_the_screen_to_the_page(phone):
    page = phone()

    shoot(page, "phone-menu-closed")

    assert chrome_height(page) < 200
    assert page.locator("#site-menu").is_visible() is False


def test_phone_menu_button_opens_and_closes_the_menu(phone):
    page = phone()
    button = page.get_by_role("button", name="Menu")

    button.click()
    shoot(page, "phone-menu-open")
    opened = (
        button.get_attribute("aria-expanded"),
        page.locator("#site-menu").is_visible(),
    )
    button.click()

    assert opened == ("true", True)
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator("#site-menu").is_visible() is False


def test_phone_menu_without_javascript_is_open(phone):
    page = phone(javascript=False)

    shoot(page, "phone-menu-no-js")

    assert page.locator("#site-menu").is_visible() is True
    assert page.locator(".site-nav__toggle").is_visible() is False


def test_desktop_menu_shows_without_a_button(phone):
    page = phone()

    page.set_viewport_size({"width": 1366, "height": 900})

    assert page.locator("#site-menu").is_visible() is True
    assert page.locator(".site-nav__toggle").is_visible() is False


def test_api_documentation_leads_back_to_the_portal(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    shoot(page, "api-docs")

    page.get_by_role("link", name="English").click()
    page.wait_for_selector(".swagger-ui .info")
    title = page.title()
    page.get_by_role("link", name="← Paritrana Portal").click()
    context.close()

    assert title == "API documentation · Paritrana Portal"
