"""Settings as production and `make run` load them (each in its own process), and
the behaviour they give."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k7Qx-2vTn9LbWm4ZpR8sYc1HdJf6GuA3eKo5XiNq0VwBtE_yMhSlCrDjPaUgFzOI"
SHOWN = [
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST",
]
SHOW = (
    "import json, django; from django.conf import settings; django.setup(); "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN!r}}}))"
)


def run(tmp_path, *args, **env):
    """Run python with production-like environment variables plus env."""
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "VAR_DIR": str(tmp_path)}
    base |= {"DJANGO_SETTINGS_MODULE": "paritrana.settings", "DEBUG": "0"}
    base |= {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "paritrana.example.go.id"}
    variables = {**base, **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={name: value for name, value in variables.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown(tmp_path, **env):
    result = run(tmp_path, "-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def example_secret_key():
    lines = (ROOT / ".env.example").read_text().splitlines()
    return next(line.split("=", 1)[1] for line in lines if line.startswith("SECRET_"))


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


@pytest.mark.parametrize(
    "key",
    [example_secret_key(), "django-insecure-" + GOOD_KEY, GOOD_KEY[:40], None],
    ids=["example", "django-insecure", "short", "missing"],
)
def test_refuses_to_start_with_a_weak_key_when_debug_is_off(tmp_path, key):
    result = run(tmp_path, "-c", SHOW, SECRET_KEY=key)

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_and_the_proxy_is_not_trusted(tmp_path):
    values = shown(tmp_path)

    assert values == {
        "DEBUG": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_AGE": 3600,
        "SESSION_SAVE_EVERY_REQUEST": True,
    }


def test_forwarded_proto_is_read_only_behind_a_trusted_proxy(tmp_path):
    values = shown(tmp_path, TRUSTED_PROXY="1")

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_plain_http_on_localhost_keeps_cookies_usable(tmp_path):
    values = shown(tmp_path, HTTPS="0", SESSION_IDLE_MINUTES="15")

    assert [values[name] for name in SHOWN[1:8]] == [
        None,
        False,
        0,
        False,
        False,
        False,
        "Lax",
    ]
    assert values["SESSION_COOKIE_AGE"] == 15 * 60


def test_make_runs_key_file_is_generated_once_and_used(tmp_path):
    key_file = tmp_path / "secret_key"
    show_key = (
        "import django; from django.conf import settings; print(settings.SECRET_KEY)"
    )

    first = run(
        tmp_path, "-c", show_key, SECRET_KEY=None, SECRET_KEY_FILE=str(key_file)
    )
    second = run(
        tmp_path, "-c", show_key, SECRET_KEY=None, SECRET_KEY_FILE=str(key_file)
    )

    assert first.stdout == second.stdout == key_file.read_text()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=None)
def test_untrusted_forwarded_proto_does_not_make_a_request_secure(client):
    response = client.get("/healthz/", HTTP_X_FORWARDED_PROTO="https")

    assert (response.status_code, response["Location"]) == (
        301,
        "https://testserver/healthz/",
    )


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_trusted_proxys_forwarded_proto_is_believed(client):
    response = client.get("/healthz/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200


@pytest.mark.django_db
def test_every_request_renews_the_idle_timeout(client, settings):
    client.force_login(UserFactory())

    response = client.get("/akun/")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == settings.SESSION_IDLE_MINUTES * 60


@pytest.mark.django_db
def test_an_idle_session_ends(client):
    client.force_login(UserFactory())
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/akun/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/masuk/?next=/akun/",
    )
