"""The admin sees and revokes API tokens, never their secrets."""

import pytest

from accounts import tokens
from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/apitoken/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_tokens_without_their_key_or_digest(admin_client):
    token, key = tokens.issue_token(UserFactory(), name="Sistem cabang", days=30)

    page = admin_client.get(CHANGELIST).content.decode()
    detail = admin_client.get(f"{CHANGELIST}{token.pk}/change/").content.decode()

    assert ("Sistem cabang" in page, token.prefix in detail) == (True, True)
    assert [secret in page + detail for secret in (key, token.digest)] == [
        False,
        False,
    ]


def test_admin_revokes_selected_tokens(admin_client):
    token, key = tokens.issue_token(UserFactory(), name="x", days=30)

    response = admin_client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": [token.pk]}
    )

    assert (response.status_code, tokens.find_token(key)) == (302, None)
    assert ApiToken.objects.get().revoked_at is not None


def test_admin_cannot_create_tokens(admin_client):
    response = admin_client.get(f"{CHANGELIST}add/")

    assert response.status_code == 403
