"""deploy/gunicorn_config.py with a real gunicorn: no Server banner, and
X-Forwarded-Proto left to Django's TRUSTED_PROXY setting."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k7Qx-2vTn9LbWm4ZpR8sYc1HdJf6GuA3eKo5XiNq0VwBtE_yMhSlCrDjPaUgFzOI"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """A production-configured gunicorn with one worker, stopped afterwards."""
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(var),
        "VAR_DIR": str(var),
        "DEBUG": "0",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }
    command = [sys.executable, "-m", "gunicorn", "paritrana.wsgi"]
    command += ["--config", "deploy/gunicorn_config.py", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        _wait_until_listening(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_listening(port, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            get(port, "/healthz/")
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("gunicorn did not start")


def test_gunicorn_sends_no_server_banner(gunicorn):
    response = get(gunicorn, "/healthz/")

    assert response.getheader("Server") is None


def test_forwarded_proto_from_localhost_is_not_believed_without_a_trusted_proxy(
    gunicorn,
):
    response = get(gunicorn, "/healthz/", **{"X-Forwarded-Proto": "https"})

    assert (response.status, response.getheader("Location")) == (
        301,
        f"https://127.0.0.1:{gunicorn}/healthz/",
    )
