"""Sign-in lock-out (django-axes, on in these tests): per username from anywhere, per
address across usernames, on the portal and the admin sign-in alike."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db.models import F

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
LOGIN = "/akun/masuk/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_FAILURES_PER_USER = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def sign_in(client, username, password, *, url=LOGIN, address="10.0.0.1"):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, *, url=LOGIN, addresses=("10.0.0.1",)):
    for attempt in range(times):
        address = addresses[attempt % len(addresses)]
        sign_in(client, username, "salah", url=url, address=address)


def let_cooloff_pass():
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))


def test_below_the_user_limit_the_right_password_signs_in(client):
    UserFactory(username="sri")
    fail(client, "sri", 2)

    response = sign_in(client, "sri", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/")


def test_user_limit_refuses_the_right_password_from_any_address(client):
    UserFactory(username="sri")
    fail(client, "sri", 3, addresses=("10.0.0.1", "10.0.0.2", "10.0.0.3"))

    response = sign_in(client, "sri", PASSWORD, address="10.9.9.9")

    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)
    assert "accounts/locked_out.html" in [t.name for t in response.templates]


def test_user_lockout_ends_after_the_cooloff(client):
    user = UserFactory(username="sri")
    fail(client, "sri", 3)
    sign_in(client, "sri", PASSWORD)

    let_cooloff_pass()
    response = sign_in(client, "sri", PASSWORD)

    assert (response.status_code, client.session["_auth_user_id"]) == (
        302,
        str(user.pk),
    )


def test_address_limit_refuses_every_username_from_that_address(client):
    UserFactory(username="budi")
    for name in ("a", "b", "c", "d", "e", "f"):
        fail(client, name, 1, addresses=("10.0.0.7",))

    locked = sign_in(client, "budi", PASSWORD, address="10.0.0.7")
    elsewhere = sign_in(client, "budi", PASSWORD, address="10.0.0.8")

    assert (locked.status_code, elsewhere.status_code) == (429, 302)


def test_address_below_its_limit_is_not_locked_by_other_usernames(client):
    UserFactory(username="budi")
    for name in ("a", "b", "c", "d", "e"):
        fail(client, name, 1, addresses=("10.0.0.7",))

    response = sign_in(client, "budi", PASSWORD, address="10.0.0.7")

    assert response.status_code == 302


def test_admin_login_is_locked_per_user_and_opens_after_the_cooloff(client):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    fail(client, "admin", 3, url=ADMIN_LOGIN, addresses=("10.0.0.1", "10.0.0.2"))

    locked = sign_in(client, "admin", PASSWORD, url=ADMIN_LOGIN, address="10.0.0.3")
    let_cooloff_pass()
    opened = sign_in(client, "admin", PASSWORD, url=ADMIN_LOGIN, address="10.0.0.3")

    assert (locked.status_code, opened.status_code, opened["Location"]) == (
        429,
        302,
        "/",
    )


def test_admin_login_is_locked_per_address(client):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    for name in ("a", "b", "c", "d", "e", "f"):
        fail(client, name, 1, url=ADMIN_LOGIN, addresses=("10.0.0.7",))

    response = sign_in(client, "admin", PASSWORD, url=ADMIN_LOGIN, address="10.0.0.7")

    assert response.status_code == 429


def test_failures_on_portal_and_admin_sign_in_count_together(client):
    UserFactory(username="sri", is_staff=True)
    fail(client, "sri", 2)
    fail(client, "sri", 1, url=ADMIN_LOGIN)

    response = sign_in(client, "sri", PASSWORD)

    assert response.status_code == 429


def page_text(response):
    """The page without its per-request CSRF token."""
    return re.sub(r'value="[^"]{40,}"', "", response.content.decode())


def test_unknown_username_gets_the_same_refusal_as_a_known_one(client, english):
    UserFactory(username="sri")

    known = sign_in(client, "sri", "salah")
    unknown = sign_in(client, "budi", "salah")

    assert (known.status_code, known.context["form"].errors) == (
        unknown.status_code,
        unknown.context["form"].errors,
    )


def test_unknown_username_is_locked_out_like_a_known_one(client, english):
    UserFactory(username="sri")
    fail(client, "sri", 3, addresses=("10.0.0.1",))
    fail(client, "budi", 3, addresses=("10.0.0.2",))

    known = sign_in(client, "sri", PASSWORD, address="10.0.0.1")
    unknown = sign_in(client, "budi", PASSWORD, address="10.0.0.2")

    assert (known.status_code, unknown.status_code) == (429, 429)
    assert page_text(known) == page_text(unknown)


def test_unknown_username_costs_a_password_hash(client, monkeypatch):
    hashed = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher,
        "encode",
        lambda self, *args: hashed.append(1) or encode(self, *args),
    )

    sign_in(client, "tidak-ada", "salah")

    assert hashed == [1]


def test_lockout_page_says_when_to_try_again(client, english, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English
    fail(client, "sri", 3)
    attempt_time = AccessAttempt.objects.get().attempt_time

    response = sign_in(client, "sri", PASSWORD)

    unlocked_at = (attempt_time + timedelta(minutes=15)).astimezone(JAKARTA)
    assert response.context["unlocked_at"] == unlocked_at
    assert f"Please try again after {unlocked_at:%H:%M}" in response.content.decode()


def test_lockout_page_is_in_the_users_language(client):
    fail(client, "sri", 3)

    response = sign_in(client, "sri", PASSWORD)

    assert response["Content-Language"] == "id"


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(client, settings):
    settings.TRUSTED_PROXY = 0
    UserFactory(username="budi")
    for number, name in enumerate(("a", "b", "c", "d", "e", "f")):
        client.post(
            LOGIN,
            {"username": name, "password": "salah"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    response = sign_in(client, "budi", PASSWORD, address="10.0.0.7")

    assert response.status_code == 429
