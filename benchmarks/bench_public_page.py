"""Requests per second of the published ranking page against a trivial Django view
(issue 12, point 7): the page must reach at least 80 % of the trivial view's rate,
served by the same gunicorn configuration; p50 and p99 latency printed.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/paritrana \
       REDIS_URL=redis://127.0.0.1:6379/0 \
       uv run python benchmarks/bench_public_page.py [PATH] [--connections 16]
       [--duration 10] [--rounds 3] [--workers 2] [--candidates 500] [--profile]

PATH is the page to measure (default: the newest public national release,
`/hasil/rilis/<pk>/`). The script migrates the database DATABASE_URL names and, if
it holds no public national release, writes one with `--candidates` ranked kab/kota
candidates (regions loaded first if missing; the ranking run and its explanation
lines made up with a fixed seed, the snapshot built by `publication.snapshot`). It
collects the static files into var/ (as `make run`), then starts gunicorn with
deploy/gunicorn_config.py and `--workers` workers (`make run`: 2), DEBUG off, with
the settings `public_page_settings` (the portal's, plus `/bench/trivial/`, a view
answering two bytes through the same middleware). Worker recycling (max_requests)
is off unless `--recycle`: it boots Django again every ~1,000 requests, seconds on
a busy machine, noise on whichever address is measured then. After a warm-up it
runs wrk (`apt-get install wrk`) alternately against the trivial view and the
page, `--rounds` times with the same connections, duration and headers (those of a
browser: Accept-Encoding gzip), and prints each round and the medians: requests/s,
p50 and p99 latency, and the ratio page / trivial (target 0.80).
Visitors are anonymous: the page is answered from the public page cache.

`--profile` instead profiles 1,000 cached answers of the page in this process
(cProfile, top 25 by cumulative time), to see where a cache hit spends its time.
"""

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

TARGET = 0.80
HOST = "127.0.0.1"
SEED = "bench-public-page"
# What browsers send; the trivial view's two bytes are answered the same either way.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def environment() -> None:
    """Production-like settings (as `make run`): DEBUG off, plain HTTP on loopback."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    if not os.environ.get("REDIS_URL", "").startswith("redis"):
        sys.exit("Set REDIS_URL to a Redis database (the public page cache).")
    os.environ.update(
        DEBUG="0",
        HTTPS="0",
        ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SETTINGS_MODULE="public_page_settings",
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("SECRET_KEY_FILE", str(ROOT / "var" / "secret_key"))


# The release (not timed)


def national_release(candidates: int) -> Any:
    """The newest public national release; one written if there is none."""
    from publication.models import Release

    found = Release.objects.public().filter(province=None).order_by("-pk").first()
    return found or write_release(candidates)


def write_release(size: int) -> Any:
    """A national kab/kota release of `size` ranked candidates."""
    from django.conf import settings
    from django.db import transaction

    from publication import cache, snapshot
    from publication.models import Release
    from regions import loaders
    from regions.models import Regency

    if not Regency.objects.exists():
        loaders.load_regions(Path(settings.IDN_AREA_DATA_DIR))
    with transaction.atomic():
        category, methodology = create_category()
        run = create_run(category, methodology, create_candidates(category, size))
        release = Release.objects.create(
            run=run,
            edition_id=run.edition_id,
            category_id=run.category_id,
            methodology_id=run.methodology_id,
            number=1,
            changelog="Hasil nasional (data uji kecepatan).",
            snapshot=snapshot.build(run),
            is_demo=True,
        )
    cache.bump()
    return release


def create_category() -> tuple[Any, Any]:
    """An edition, its kab/kota category and the shipped national methodology."""
    import json
    from datetime import date

    from nominations.models import Category, Edition, Stage
    from scoring.services.methodology import create_methodology

    year = 2025 + Edition.objects.count()  # a new award year on each write
    edition = Edition.objects.create(
        name=f"Paritrana Award {year} (uji kecepatan)",
        award_year=year,
        assessment_year=year - 1,
        period_start=date(year, 3, 1),
        period_end=date(year, 11, 30),
    )
    category = Category.objects.create(
        edition=edition, name="Kabupaten/Kota", subject_type="kab_kota"
    )
    path = ROOT / "scoring" / "methodologies" / "kab_kota.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    tier = Stage.Tier.NATIONAL
    return category, create_methodology(document, category=category, tier=tier)


def create_candidates(category: Any, size: int) -> list[Any]:
    """The first `size` kab/kota as advanced candidates of the category."""
    from nominations.models import Candidate
    from regions.models import Regency

    regencies = Regency.objects.order_by("pk")[:size]
    return Candidate.objects.bulk_create(
        Candidate(
            edition=category.edition,
            category=category,
            province_id=regency.province_id,
            regency=regency,
            status=Candidate.Status.ADVANCED,
        )
        for regency in regencies
    )


def create_run(category: Any, methodology: Any, candidates: list[Any]) -> Any:
    """A final national run ranking the candidates, with made-up figures."""
    from scoring.models import Criterion, RankingRun

    rng = random.Random(SEED)  # noqa: S311 - seeded figures, no secret
    codes = list(
        Criterion.objects.filter(aspect__methodology=methodology).values_list(
            "code", flat=True
        )
    )
    totals = sorted((rng.uniform(40, 95) for _ in candidates), reverse=True)
    keys = [str(c.pk) for c in candidates]
    return RankingRun.objects.create(
        edition=category.edition,
        category=category,
        tier=methodology.tier,
        stage=RankingRun.Stage.FINAL,
        methodology=methodology,
        code_version="bench",
        input_hash=f"bench-{category.pk}",
        bundle={
            "ranked": [
                {"key": key, "rank": n + 1, "total": f"{total:.4f}"}
                for n, (key, total) in enumerate(zip(keys, totals, strict=True))
            ],
            "incomplete": [],
        },
        explanations={key: explanation(codes, rng) for key in keys},
        sources={},
    )


def explanation(codes: list[str], rng: random.Random) -> dict[str, Any]:
    """One candidate's lines: a score and contribution per criterion."""
    lines = []
    for code in codes:
        score = rng.uniform(0, 100)
        lines.append(
            {
                "criterion": code,
                "status": "ok",
                "raw": f"{score:.4f}",
                "score": f"{score:.4f}",
                "weight": "10.00",
                "contribution": f"{score / 10:.4f}",
                "formula": f"{score:.2f} x 10 %",
                "reasons": [],
            }
        )
    return {"formula": " + ".join(codes), "lines": lines}


# The server


def collect_static() -> None:
    """The hashed static files the pages name (DEBUG off), as `make run`."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_gunicorn(port: int, workers: int, recycle: bool) -> subprocess.Popen:
    """gunicorn with the project's configuration, the benchmark's settings."""
    # Worker recycling: see the module's docstring.
    recycling = [] if recycle else ["--max-requests", "0"]
    log = open(ROOT / "var" / "bench-public-page.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "paritrana.wsgi",
            "--config",
            str(ROOT / "deploy" / "gunicorn_config.py"),
            "--bind",
            f"{HOST}:{port}",
            "--pythonpath",
            f"{ROOT},{BENCH}",
            *recycling,
        ],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": str(workers)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_until_up(f"http://{HOST}:{port}/healthz/", server)
    return server


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            sys.exit("gunicorn stopped: see var/bench-public-page.log")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not answer within 20 s")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return answer.status, dict(answer.headers), answer.read()


def check_page(url: str) -> str:
    """The page answers 200 from the cache (after a first miss); its sizes."""
    sizes = []
    for encoding in ("identity", ACCEPT_ENCODING):
        for _ in range(3):
            status, headers, body = get(url, **{"Accept-Encoding": encoding})
        if status != 200 or headers.get("X-Paritrana-Cache") != "hit":
            sys.exit(f"{url}: {status}, cache {headers.get('X-Paritrana-Cache')!r}")
        sizes.append(
            f"{len(body):,} bytes ({headers.get('Content-Encoding', encoding)})"
        )
    return ", ".join(sizes)


# The load


@dataclass
class Result:
    rps: float
    p50: float  # milliseconds
    p99: float
    errors: int


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def wrk(url: str, connections: int, duration: int) -> Result:
    """One wrk run on loopback, latency distribution included."""
    output = subprocess.run(
        [
            *("wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"),
            *("-H", f"Accept-Encoding: {ACCEPT_ENCODING}", url),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    if socket_errors:
        print(f"    wrk socket errors: {socket_errors.group(1)}")
    return Result(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50=milliseconds(percentile["50"]),
        p99=milliseconds(percentile["99"]),
        errors=int(errors.group(1)) if errors else 0,
    )


def show(name: str, result: Result) -> None:
    print(
        f"  {name:8} {result.rps:9.1f} req/s   p50 {result.p50:7.2f} ms"
        f"   p99 {result.p99:7.2f} ms"
        + (f"   {result.errors} non-2xx!" if result.errors else "")
    )


def median(results: list[Result]) -> Result:
    return Result(
        rps=statistics.median(r.rps for r in results),
        p50=statistics.median(r.p50 for r in results),
        p99=statistics.median(r.p99 for r in results),
        errors=sum(r.errors for r in results),
    )


def measure(urls: dict[str, str], options: argparse.Namespace) -> dict[str, Result]:
    """Warm up, then alternate the two addresses round by round."""
    for url in urls.values():
        wrk(url, options.connections, 2)
    results: dict[str, list[Result]] = {name: [] for name in urls}
    for n in range(options.rounds):
        print(f"round {n + 1}")
        for name, url in urls.items():
            results[name].append(wrk(url, options.connections, options.duration))
            show(name, results[name][-1])
    return {name: median(found) for name, found in results.items()}


# Profile of the cached answer


def profile(path: str, requests: int = 1000) -> None:
    """cProfile of `requests` anonymous GETs of a cached page, in this process."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(SERVER_NAME=HOST, HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING)
    assert client.get(path).status_code == 200
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    each = (time.perf_counter() - started) / requests * 1e6
    print(f"{requests} cached answers of {path}: {each:.0f} µs each (profiled)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", help="page to measure (default: release)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="as `make run`")
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--recycle", action="store_true", help="keep max_requests (off: noise)"
    )
    options = parser.parse_args()
    environment()
    import django

    django.setup()
    from django.core.management import call_command
    from public_page_urls import TRIVIAL_PATH

    call_command("migrate", verbosity=0)
    release = national_release(options.candidates)
    path = options.path or release.get_absolute_url()
    print(f"release {release.pk}: {len(release.snapshot['ranked'])} ranked candidates")
    collect_static()
    if options.profile:
        profile(path)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    port = free_port()
    server = start_gunicorn(port, options.workers, options.recycle)
    try:
        base = f"http://{HOST}:{port}"
        print(f"page {path}: {check_page(base + path)}")
        urls = {"trivial": base + TRIVIAL_PATH, "page": base + path}
        found = measure(urls, options)
    finally:
        stop(server)
    report(found, options)


def report(found: dict[str, Result], options: argparse.Namespace) -> None:
    print(
        f"medians of {options.rounds} rounds of {options.duration} s, "
        f"{options.connections} connections, {options.workers} gunicorn workers:"
    )
    for name, result in found.items():
        show(name, result)
    ratio = found["page"].rps / found["trivial"].rps
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"ratio page / trivial: {ratio:.2f} (target {TARGET:.2f}: {verdict})")


if __name__ == "__main__":
    main()
