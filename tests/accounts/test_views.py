import re

import pytest
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kopi-tubruk-2025"


def test_login_with_right_password_signs_in_and_goes_home(client):
    user = UserFactory(username="sri")

    response = client.post("/akun/masuk/", {"username": "sri", "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_wrong_password_shows_form_error_and_keeps_signed_out(client):
    UserFactory(username="sri")

    response = client.post("/akun/masuk/", {"username": "sri", "password": "salah"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["__all__"]
    assert "_auth_user_id" not in client.session


def test_login_follows_a_safe_next_url(client):
    UserFactory(username="sri")

    response = client.post(
        "/akun/masuk/?next=/wilayah/saya/", {"username": "sri", "password": PASSWORD}
    )

    assert response["Location"] == "/wilayah/saya/"


def test_logout_by_get_is_not_allowed(client):
    client.force_login(UserFactory())

    response = client.get("/akun/keluar/")

    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_logout_by_post_signs_out(client):
    client.force_login(UserFactory())

    response = client.post("/akun/keluar/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/keluar/selesai/",
    )
    assert "_auth_user_id" not in client.session


def test_password_change_requires_login(client):
    response = client.get("/akun/kata-sandi/ubah/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/masuk/?next=/akun/kata-sandi/ubah/",
    )


def test_password_change_sets_new_password_and_keeps_user_signed_in(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/akun/kata-sandi/ubah/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    user.refresh_from_db()
    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/kata-sandi/ubah/selesai/",
    )
    assert user.check_password(NEW_PASSWORD) is True
    assert client.get("/akun/kata-sandi/ubah/selesai/").status_code == 200


def test_password_change_with_wrong_old_password_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/akun/kata-sandi/ubah/",
        {
            "old_password": "salah",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    assert user.check_password(PASSWORD) is True


def test_password_reset_sends_one_email_with_a_link_to_set_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="sri@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/kata-sandi/lupa/", {"email": "sri@example.org"})

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/kata-sandi/lupa/terkirim/",
    )
    assert [message.to for message in mail.outbox] == [[user.email]]
    uids = re.findall(
        r"http://testserver/akun/kata-sandi/atur/([^/\s]+)/[^/\s]+/",
        mail.outbox[0].body,
    )
    assert uids == [urlsafe_base64_encode(force_bytes(user.pk))]


def test_password_reset_for_unknown_email_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="sri@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/kata-sandi/lupa/", {"email": "budi@example.org"})

    assert (response.status_code, mail.outbox) == (302, [])


def test_password_reset_link_lets_the_user_choose_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="sri@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/akun/kata-sandi/lupa/", {"email": "sri@example.org"})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]

    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    user.refresh_from_db()
    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/kata-sandi/atur/selesai/",
    )
    assert user.check_password(NEW_PASSWORD) is True


def test_password_reset_pages_render(client):
    urls = [
        "/akun/kata-sandi/lupa/",
        "/akun/kata-sandi/lupa/terkirim/",
        "/akun/kata-sandi/atur/selesai/",
    ]

    statuses = [client.get(url).status_code for url in urls]

    assert statuses == [200, 200, 200]


def test_password_reset_with_a_bad_token_does_not_offer_the_form(client):
    UserFactory(email="sri@example.org")

    response = client.get("/akun/kata-sandi/atur/MQ/bad-token/")

    assert (response.status_code, response.context["validlink"]) == (200, False)


def test_profile_requires_login(client):
    response = client.get("/akun/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/masuk/?next=/akun/",
    )


def test_profile_shows_the_signed_in_user(client, world):
    officer = world.users["petugas_a"]
    client.force_login(officer)

    response = client.get("/akun/")

    assert (response.status_code, response.context["user"]) == (200, officer)


@pytest.mark.parametrize(
    ("user_key", "urls"),
    [
        (
            "anonymous",
            ["/", "/hasil/", "/wilayah/", "/wilayah/cari/", "/cakupan/", "/api/docs/"],
        ),
        (
            "penilai",
            ["/", "/hasil/", "/wilayah/", "/wilayah/cari/", "/cakupan/", "/api/docs/"],
        ),
        (
            "petugas_a",
            [
                "/",
                "/hasil/",
                "/wilayah/",
                "/wilayah/cari/",
                "/wilayah/saya/",
                "/cakupan/",
                "/cakupan/unggah/",
                "/nominasi/",
                "/nominasi/pemberi-kerja/",
                "/api/docs/",
            ],
        ),
        (
            "staff_admin",
            [
                "/",
                "/hasil/",
                "/wilayah/",
                "/wilayah/cari/",
                "/cakupan/",
                "/cakupan/kelengkapan/",
                "/cakupan/unggah/",
                "/nominasi/",
                "/nominasi/pemberi-kerja/",
                "/publikasi/",
                "/api/docs/",
                "/admin/",
            ],
        ),
    ],
)
def test_navigation_shows_my_regions_and_admin_only_to_those_who_may_use_them(
    client, world, user_key, urls
):
    world.users["staff_admin"] = UserFactory(admin=True, is_staff=True)
    if user_key != "anonymous":
        client.force_login(world.users[user_key])

    response = client.get("/wilayah/")

    assert [item["url"] for item in response.context["nav_items"]] == urls


def test_navigation_marks_the_longest_matching_entry_active(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.get("/wilayah/saya/")

    assert [
        (item["url"], item["active"]) for item in response.context["nav_items"]
    ] == [
        ("/", False),
        ("/hasil/", False),
        ("/wilayah/", False),
        ("/wilayah/cari/", False),
        ("/wilayah/saya/", True),
        ("/cakupan/", False),
        ("/cakupan/unggah/", False),
        ("/nominasi/", False),
        ("/nominasi/pemberi-kerja/", False),
        ("/api/docs/", False),
    ]


def test_navigation_of_a_superuser_is_the_national_admins(client, world):
    """A superuser holds every permission, but has no area of their own."""
    client.force_login(UserFactory(admin=True, is_staff=True, is_superuser=True))

    response = client.get("/wilayah/")

    assert [item["url"] for item in response.context["nav_items"]] == [
        "/",
        "/hasil/",
        "/wilayah/",
        "/wilayah/cari/",
        "/cakupan/",
        "/cakupan/kelengkapan/",
        "/cakupan/unggah/",
        "/nominasi/",
        "/nominasi/pemberi-kerja/",
        "/publikasi/",
        "/api/docs/",
        "/admin/",
    ]
