"""Signing out: a POST, answered by a page that confirms it and offers the sign-in."""

import pytest

pytestmark = pytest.mark.django_db


def test_sign_out_leads_to_a_page_that_confirms_it(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.post("/akun/keluar/", follow=True)

    assert response.redirect_chain == [("/akun/keluar/selesai/", 302)]
    assert response.context["user"].is_authenticated is False
    assert b'href="/akun/masuk/"' in response.content


def test_sign_out_stays_a_post(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.get("/akun/keluar/")

    assert response.status_code == 405
    assert client.get("/akun/").status_code == 200


def test_signed_out_page_sends_someone_still_signed_in_home(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.get("/akun/keluar/selesai/")

    assert (response.status_code, response["Location"]) == (302, "/")
