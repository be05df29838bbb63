import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from paritrana.secret_key import (
    DEVELOPMENT_KEY,
    read_or_create_key_file,
    read_secret_key,
)

GOOD_KEY = "k7Qx-2vTn9LbWm4ZpR8sYc1HdJf6GuA3eKo5XiNq0VwBtE_yMhSlCrDjPaUgFzOI"


def test_development_key_only_with_debug():
    assert read_secret_key("", debug=True) == DEVELOPMENT_KEY


@pytest.mark.parametrize(
    "key",
    [
        "",
        "change-me-to-a-long-random-string",
        "django-insecure-" + GOOD_KEY,
        GOOD_KEY[:49],
        "ab" * 40,
    ],
)
def test_weak_keys_are_refused_without_debug(key):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        read_secret_key(key, debug=False)


def test_a_long_random_key_is_accepted_without_debug():
    assert read_secret_key(f" {GOOD_KEY}\n", debug=False) == GOOD_KEY


def test_key_file_is_created_once_with_owner_only_access(tmp_path):
    path = tmp_path / "var" / "secret_key"

    first = read_or_create_key_file(path)
    second = read_or_create_key_file(path)

    assert (first, len(first) >= 50, stat.S_IMODE(path.stat().st_mode)) == (
        second,
        True,
        0o600,
    )
    assert list(path.parent.iterdir()) == [path]


def test_key_file_serves_when_no_key_is_set(tmp_path):
    path = tmp_path / "secret_key"

    key = read_secret_key("", key_file=str(path), debug=False)

    assert key == path.read_text().strip()


def test_set_key_wins_over_the_key_file(tmp_path):
    path = tmp_path / "secret_key"

    key = read_secret_key(GOOD_KEY, key_file=str(path), debug=False)

    assert (key, path.exists()) == (GOOD_KEY, False)
