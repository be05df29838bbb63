"""The API token pages under /akun/token/: issue (key shown once), list, revoke."""

import hashlib

import pytest

from accounts import tokens
from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/akun/token/"


def revoke_url(token):
    return f"/akun/token/{token.pk}/cabut/"


def test_token_page_requires_login(client):
    response = client.get(PAGE)

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/masuk/?next=/akun/token/",
    )


@pytest.mark.parametrize(
    ("user_key", "status"),
    [
        ("no_role", 403),
        ("penilai", 200),
        ("panitia_a", 200),
        ("petugas_a", 200),
        ("verifikator_kanwil_a", 200),
        ("admin", 200),
        ("superuser", 200),
    ],
)
def test_token_page_is_for_users_with_a_role(client, world, user_key, status):
    client.force_login(world.users[user_key])

    response = client.get(PAGE)

    assert response.status_code == status


def test_issuing_shows_the_key_once_and_stores_only_its_digest(client):
    user = UserFactory(petugas=True)
    client.force_login(user)

    issued = client.post(PAGE, {"name": "Sistem cabang", "days": 30})
    again = client.get(PAGE)

    key = issued.context["issued"]["key"]
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (user, "Sistem cabang")
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert (key in issued.content.decode(), key in again.content.decode()) == (
        True,
        False,
    )
    assert "no-store" in issued["Cache-Control"]


@pytest.mark.parametrize(
    "data",
    [{"name": "", "days": 30}, {"name": "x", "days": 0}, {"name": "x", "days": 366}],
)
def test_issuing_refuses_a_missing_name_or_an_unbounded_expiry(client, data):
    client.force_login(UserFactory(petugas=True))

    response = client.post(PAGE, data)

    assert (response.status_code, response.context["issued"]) == (200, None)
    assert ApiToken.objects.count() == 0


def test_token_page_lists_only_the_users_own_tokens(client):
    user = UserFactory(petugas=True)
    mine, _key = tokens.issue_token(user, name="milik saya", days=30)
    tokens.issue_token(UserFactory(petugas=True), name="milik orang lain", days=30)
    client.force_login(user)

    response = client.get(PAGE)

    assert list(response.context["tokens"]) == [mine]


def test_revoking_an_own_token_stops_it(client):
    user = UserFactory(petugas=True)
    token, key = tokens.issue_token(user, name="x", days=30)
    client.force_login(user)

    response = client.post(revoke_url(token))

    assert (response.status_code, response["Location"]) == (302, PAGE)
    assert tokens.find_token(key) is None


def test_revoking_another_users_token_is_404_and_changes_nothing(client):
    token, key = tokens.issue_token(UserFactory(petugas=True), name="x", days=30)
    client.force_login(UserFactory(petugas=True))

    response = client.post(revoke_url(token))

    assert (response.status_code, tokens.find_token(key)) == (404, token)


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999"])
def test_revoking_an_unknown_token_is_404(client, pk):
    client.force_login(UserFactory(petugas=True))

    response = client.post(f"/akun/token/{pk}/cabut/")

    assert response.status_code == 404


def test_revoking_by_get_is_not_allowed(client):
    user = UserFactory(petugas=True)
    token, key = tokens.issue_token(user, name="x", days=30)
    client.force_login(user)

    response = client.get(revoke_url(token))

    assert (response.status_code, tokens.find_token(key)) == (405, token)


def test_profile_links_the_token_page_for_users_with_a_role(client, world):
    client.force_login(world.users["petugas_a"])
    with_role = client.get("/akun/").content.decode()
    client.force_login(world.users["no_role"])
    without_role = client.get("/akun/").content.decode()

    assert (PAGE in with_role, PAGE in without_role) == (True, False)
