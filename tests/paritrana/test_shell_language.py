"""One date format and one product name per language; the admin texts overridden are
upstream's own msgids."""

from datetime import date, datetime
from pathlib import Path

import django
import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from paritrana.admin_texts import OVERRIDDEN

DJANGO = Path(django.__file__).parent


@pytest.mark.parametrize(
    ("language", "text"), [("id", "3 Des 2026"), ("en", "3 Dec 2026")]
)
def test_dates_read_the_same_from_templates_and_code(language, text):
    day = date(2026, 12, 3)

    with translation.override(language):
        written = [
            date_format(day),
            date_format(day, "j M Y"),
            Template("{{ day|date }}").render(Context({"day": day})),
        ]

    assert written == [text, text, text]


def test_date_and_time_read_with_the_portals_pattern():
    moment = datetime(2026, 12, 3, 14, 5)

    with translation.override("id"):
        written = date_format(moment, "DATETIME_FORMAT")

    assert written == "3 Des 2026, 14:05"


def test_admin_texts_overridden_are_upstream_msgids():
    catalogues = "".join(
        (DJANGO / "contrib" / app / "locale/id/LC_MESSAGES/django.po").read_text()
        for app in ("admin", "auth")
    ).replace('"\n"', "")

    missing = [text for text in OVERRIDDEN if f'msgid "{text}"' not in catalogues]

    assert missing == []


@pytest.mark.django_db
def test_page_header_names_the_product_once_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/wilayah/").content.decode()

    assert page.count("Paritrana Portal") >= 2
    assert "Portal Paritrana" not in page
