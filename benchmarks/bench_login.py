"""Sign-in under brute force (issue 9, point 4): what 50 wrong passwords then the right
one get, and how long a refusal takes for a known and an unknown username.

Usage: uv run python benchmarks/bench_login.py [--runs 21]

Runs on a throw-away SQLite database in a temporary VAR_DIR with the production
password hasher (PBKDF2) and the production lock-out settings. Times are medians.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-login-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ["LOG_LEVEL"] = "ERROR"
os.environ["DJANGO_SETTINGS_MODULE"] = "paritrana.settings"

import django

django.setup()

from axes.models import AccessAttempt  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

PASSWORD = "rahasia-paritrana-9"  # noqa: S105 - of the throwaway users it creates


def post(client: Client, username: str, password: str, address: str) -> int:
    """One sign-in attempt; returns the status code."""
    data = {"username": username, "password": password}
    return client.post("/akun/masuk/", data, REMOTE_ADDR=address).status_code


def brute_force() -> str:
    """50 wrong passwords from one address, then the right one."""
    client = Client()
    statuses = [post(client, "sri", "salah", "10.1.0.1") for _ in range(50)]
    final = post(client, "sri", PASSWORD, "10.1.0.1")
    first_lock = statuses.index(429) + 1 if 429 in statuses else None
    return f"first 429 at attempt {first_lock}; right password then: {final}"


def median_ms(username: str, runs: int) -> float:
    """Median time of one wrong-password refusal, each from a fresh address."""
    times = []
    for run in range(runs):
        AccessAttempt.objects.all().delete()
        started = time.perf_counter()
        post(Client(), username, "salah", f"10.2.{run // 250}.{run % 250}")
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    User.objects.create_user("sri", password=PASSWORD)
    print(brute_force())
    for username in ("sri", "tidak-ada"):
        print(f"wrong password for {username!r}: {median_ms(username, runs):.1f} ms")


if __name__ == "__main__":
    main()
