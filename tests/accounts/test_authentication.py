"""API authentication: portal tokens as Bearer (or Token), 401 with a challenge for
anonymous calls, 403 for signed-in users without permission."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import tokens
from accounts.models import ApiToken
from regions.models import Province

pytestmark = pytest.mark.django_db

CHALLENGE = 'Bearer realm="api"'
PROVINCES = "/api/v1/provinces/"
CANDIDATES = "/api/v1/candidates/"
REPORTS = "/api/v1/coverage-reports/"


def api_with(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_a_token_signs_the_client_in(world, keyword):
    _token, key = tokens.issue_token(world.users["petugas_a"], name="x", days=30)

    response = api_with(f"{keyword} {key}").get(CANDIDATES)

    assert response.status_code == 200


def test_use_of_a_token_is_recorded(world):
    token, key = tokens.issue_token(world.users["petugas_a"], name="x", days=30)

    api_with(f"Bearer {key}").get(CANDIDATES)

    token.refresh_from_db()
    assert token.last_used_at is not None


def refusal(response):
    return (response.status_code, response.get("WWW-Authenticate"))


def test_an_expired_token_is_refused_with_401(world):
    token, key = tokens.issue_token(world.users["petugas_a"], name="x", days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    response = api_with(f"Bearer {key}").get(CANDIDATES)

    assert refusal(response) == (401, CHALLENGE)


def test_a_revoked_token_is_refused_with_401(world):
    token, key = tokens.issue_token(world.users["petugas_a"], name="x", days=30)
    tokens.revoke_token(token)

    response = api_with(f"Bearer {key}").get(CANDIDATES)

    assert refusal(response) == (401, CHALLENGE)


def test_the_token_of_a_deactivated_user_is_refused_with_401(world):
    user = world.users["petugas_a"]
    _token, key = tokens.issue_token(user, name="x", days=30)
    user.is_active = False
    user.save()

    response = api_with(f"Bearer {key}").get(CANDIDATES)

    assert refusal(response) == (401, CHALLENGE)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer a b",
        "Bearer prt_tidak-ada",
        "Token nope",
        "Bearer prt_\u00b2\u00b2",
        "Bearer prt_" + "a" * 5000,
    ],
)
def test_malformed_or_unknown_tokens_are_refused_with_401(world, header):
    response = api_with(header).post(PROVINCES, {"code": "99", "name": "X"})

    assert refusal(response) == (401, CHALLENGE)
    assert Province.objects.filter(code="99").exists() is False


def test_other_authorization_schemes_are_anonymous(world):
    response = api_with("Basic c3JpOnNhbGFo").get(PROVINCES)

    assert response.status_code == 200


def test_anonymous_write_is_401_with_a_challenge(world):
    response = APIClient().post(PROVINCES, {"code": "99", "name": "X"}, format="json")

    assert refusal(response) == (401, CHALLENGE)


def test_anonymous_read_of_a_signed_in_only_list_is_401_with_a_challenge(world):
    response = APIClient().get(CANDIDATES)

    assert refusal(response) == (401, CHALLENGE)


def test_signed_in_user_without_permission_still_gets_403(world):
    _token, key = tokens.issue_token(world.users["panitia_a"], name="x", days=30)

    response = api_with(f"Bearer {key}").post(
        REPORTS, {"region": "15.01", "year": 2024}, format="json"
    )

    assert response.status_code == 403


def test_a_token_needs_no_csrf_token(world):
    _token, key = tokens.issue_token(world.users["petugas_a"], name="x", days=30)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    response = client.post(REPORTS, {"region": "15.71", "year": 2024}, format="json")

    assert response.status_code == 201
