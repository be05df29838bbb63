"""API tokens: issued with a bounded expiry, stored as a digest, found while usable."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_issue_token_returns_a_key_stored_only_as_its_digest():
    user = UserFactory(petugas=True)

    token, key = tokens.issue_token(user, name="Sistem cabang", days=30)

    stored = ApiToken.objects.values().get()
    assert stored["digest"] == hashlib.sha256(key.encode()).hexdigest()
    assert key not in [str(value) for value in stored.values()]
    assert (token.prefix, len(key) >= 40) == (key[:12], True)
    assert key.startswith("prt_")


def test_issue_token_keys_differ():
    user = UserFactory(petugas=True)

    keys = {tokens.issue_token(user, name="x", days=1)[1] for _ in range(5)}

    assert len(keys) == 5


@pytest.mark.parametrize(("days", "expected"), [(30, 30), (0, 1), (-5, 1), (9999, 365)])
def test_issue_token_bounds_the_expiry(settings, days, expected):
    settings.API_TOKEN_MAX_DAYS = 365
    before = timezone.now()

    token, _key = tokens.issue_token(UserFactory(), name="x", days=days)

    lifetime = token.expires_at - before
    assert timedelta(days=expected) <= lifetime < timedelta(days=expected, minutes=1)


def test_find_token_finds_a_usable_token():
    token, key = tokens.issue_token(UserFactory(petugas=True), name="x", days=30)

    assert tokens.find_token(key) == token


@pytest.mark.parametrize(
    "key",
    ["", "prt_", "prt_tidak-ada", "Token", "prt_" + "a" * 500, "bukan-token"],
)
def test_find_token_refuses_unknown_keys(key):
    tokens.issue_token(UserFactory(petugas=True), name="x", days=30)

    assert tokens.find_token(key) is None


def test_find_token_refuses_an_expired_token():
    token, key = tokens.issue_token(UserFactory(petugas=True), name="x", days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    assert tokens.find_token(key) is None


def test_find_token_refuses_a_revoked_token():
    token, key = tokens.issue_token(UserFactory(petugas=True), name="x", days=30)

    tokens.revoke_token(token)

    assert (tokens.find_token(key), token.is_revoked) == (None, True)


def test_find_token_refuses_the_token_of_a_deactivated_user():
    user = UserFactory(petugas=True)
    _token, key = tokens.issue_token(user, name="x", days=30)
    user.is_active = False
    user.save()

    assert tokens.find_token(key) is None


def test_revoke_token_twice_keeps_the_first_time():
    token, _key = tokens.issue_token(UserFactory(), name="x", days=30)
    tokens.revoke_token(token)
    first = token.revoked_at

    tokens.revoke_token(token)

    assert token.revoked_at == first


def test_record_use_writes_at_most_every_few_minutes(django_assert_num_queries):
    token, _key = tokens.issue_token(UserFactory(), name="x", days=30)
    tokens.record_use(token)
    first = token.last_used_at

    with django_assert_num_queries(0):
        tokens.record_use(token)
    token.last_used_at = first - timedelta(minutes=6)
    tokens.record_use(token)

    assert token.last_used_at > first
    assert ApiToken.objects.get().last_used_at == token.last_used_at


def test_token_expiry_and_name_show_in_its_string():
    token, key = tokens.issue_token(UserFactory(), name="Sistem cabang", days=30)

    assert (str(token), token.is_expired) == (f"Sistem cabang ({key[:12]}…)", False)
