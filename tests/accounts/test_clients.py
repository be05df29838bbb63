"""The client's address: X-Forwarded-For counts only behind trusted proxies."""

import pytest
from django.test import RequestFactory

from accounts.clients import client_address


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY = 0

    address = client_address(request_from("203.0.113.9", "198.51.100.1"))

    assert address == "203.0.113.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.1"),
        (1, "bukan-alamat", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_trusted_proxies_the_outermost_proxys_entry_counts(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY = proxies

    address = client_address(request_from("10.0.0.1", forwarded))

    assert address == expected


def test_a_missing_or_broken_remote_address_is_a_placeholder(settings):
    settings.TRUSTED_PROXY = 0

    address = client_address(request_from("\x00"))

    assert address == "0.0.0.0"
