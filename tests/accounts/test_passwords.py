"""Password reset requests: counted per address and per e-mail address, the same
answer for any address, the mail sent by a background job."""

import re
from unittest import mock

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from accounts import tasks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/akun/kata-sandi/lupa/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 4
    settings.PASSWORD_RESETS_PER_EMAIL = 2


def ask(client, email, address="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_requests_over_the_email_limit_are_refused_from_any_address(
    client, django_capture_on_commit_callbacks, english
):
    UserFactory(email="sri@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            ask(client, "sri@example.org", address=f"10.0.0.{n}").status_code
            for n in range(3)
        ]

    assert (answers, len(mail.outbox)) == ([302, 302, 429], 2)


def test_the_email_limit_ignores_case_and_spaces(client, english):
    ask(client, "sri@example.org")
    ask(client, "SRI@Example.org ")

    response = ask(client, "Sri@example.org")

    assert response.status_code == 429


def test_requests_over_the_address_limit_are_refused_for_any_email(
    client, django_capture_on_commit_callbacks, english
):
    UserFactory(email="sri@example.org")
    for n in range(4):
        ask(client, f"orang{n}@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        refused = ask(client, "sri@example.org")
        elsewhere = ask(client, "sri@example.org", address="10.0.0.2")

    assert (refused.status_code, elsewhere.status_code) == (429, 302)
    assert [message.to for message in mail.outbox] == [["sri@example.org"]]


def test_refusal_says_what_happened_and_what_to_do(client, english, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English
    for _ in range(2):
        ask(client, "sri@example.org")

    response = ask(client, "sri@example.org")

    assert response.context["form"].non_field_errors() == [
        "Too many reset links were asked for this e-mail address or from this "
        "network. No link was sent. Please wait 60 minutes and try again, or ask "
        "your portal administrator for help."
    ]


def test_known_and_unknown_addresses_get_the_same_answer(client):
    UserFactory(email="sri@example.org")

    known = ask(client, "sri@example.org")
    unknown = ask(client, "budi@example.org")

    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )


def test_the_request_sends_no_mail_itself_but_queues_one_job(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="sri@example.org")

    with (
        mock.patch.object(tasks.task_send_password_reset, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ask(client, "sri@example.org")

    assert mail.outbox == []
    assert delay.call_args_list == [
        mock.call(
            email="sri@example.org",
            domain="testserver",
            use_https=False,
            language="id",
        )
    ]


def test_an_unknown_address_queues_the_same_job(
    client, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.task_send_password_reset, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ask(client, "budi@example.org")

    assert delay.call_count == 1


def test_the_job_mails_a_link_in_the_users_language():
    UserFactory(email="sri@example.org", username="sri")

    sent = tasks.task_send_password_reset(
        email="sri@example.org", domain="portal.example", use_https=True, language="en"
    )

    assert (sent, [message.to for message in mail.outbox]) == (1, [["sri@example.org"]])
    assert re.findall(
        r"https://portal\.example/akun/kata-sandi/atur/", mail.outbox[0].body
    )
    assert mail.outbox[0].subject == "Reset your Paritrana Portal password"


def test_the_job_for_an_unknown_or_inactive_address_sends_nothing():
    UserFactory(email="sri@example.org", is_active=False)

    sent = [
        tasks.task_send_password_reset(
            email=email, domain="portal.example", use_https=True, language="id"
        )
        for email in ("sri@example.org", "budi@example.org")
    ]

    assert (sent, mail.outbox) == ([0, 0], [])


def test_without_a_broker_the_mail_is_still_sent(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="sri@example.org")
    broken = mock.patch.object(
        tasks.task_send_password_reset,
        "delay",
        side_effect=OperationalError("Connection refused"),
    )

    with broken, django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "sri@example.org")

    assert (response.status_code, len(mail.outbox)) == (302, 1)
