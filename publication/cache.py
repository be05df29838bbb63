"""Public pages and public API answers are cached per release generation and
language. Publishing a release bumps the generation, so every cached answer of
the previous generation is simply never asked for again (and expires).

An embargo ending is a change too: `timeout()` keeps an entry no longer than the
time left until the next embargo ends.

A generation starts at a random number (not 1) when the cache is empty: a worker's
own copy of a page (`publication.views.caching`) is kept under its generation, so a
cache emptied by hand must never bring an old generation's number back.

Each worker reads the generation from the shared cache at most once every
`GENERATION_SECONDS`: a cached page is then answered without asking Redis anything.
Another worker's publication reaches it within that time; the publishing worker
sees its own at once."""

import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

GENERATION_KEY = "publication:generation"
# An entry lives at most this long whatever happens (seconds).
LONGEST = 3600
GENERATION_SECONDS = 1.0


class _Seen:
    """The generation this worker read last and until when (time.monotonic) it
    holds, as one tuple: threads replace it whole."""

    last: tuple[int, float] = (0, 0.0)


def generation() -> int:
    """The current release generation, as this worker read it at most
    `GENERATION_SECONDS` ago."""
    value, until = _Seen.last
    now = time.monotonic()
    if now < until:
        return value
    value = _shared_generation()
    _Seen.last = (value, now + GENERATION_SECONDS)
    return value


def forget() -> None:
    """Read the generation from the shared cache next time."""
    _Seen.last = (0, 0.0)


def _shared_generation() -> int:
    """The shared cache's generation (a new random one when it was emptied)."""
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, _fresh(), timeout=None)
        found = cache.get(GENERATION_KEY) or _fresh()
    return int(found)


def _fresh() -> int:
    # Far below 2**63, so that incr() never overflows.
    return 1 + secrets.randbelow(2**48)


def bump() -> None:
    """A release was published: every cached public answer is out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(GENERATION_KEY, _fresh(), timeout=None)
    forget()


def timeout(now: Any = None) -> int:
    """Seconds an entry may live: until the next embargo ends, at most LONGEST."""
    from publication.models import Release

    now = now or timezone.now()
    ends = (
        Release.objects.filter(embargo_until__gt=now)
        .order_by("embargo_until")
        .values_list("embargo_until", flat=True)
        .first()
    )
    if ends is None:
        return LONGEST
    left = (ends - now) / timedelta(seconds=1)
    return max(1, min(LONGEST, int(left) + 1))


def key(*parts: Any) -> str:
    """A cache key of the current generation."""
    return ":".join(["publication", str(generation()), *map(str, parts)])


def remember(parts: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """The cached value of `parts` in this generation, computed once."""
    name = key(*parts)
    found = cache.get(name)
    if found is None:
        found = compute()
        cache.set(name, found, timeout=timeout())
    return found
