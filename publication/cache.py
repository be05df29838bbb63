"""Public pages and public API answers are cached per release generation and
language. Publishing a release bumps the generation, so every cached answer of
the previous generation is simply never asked for again (and expires).

An embargo ending is a change too: `timeout()` keeps an entry no longer than the
time left until the next embargo ends."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

GENERATION_KEY = "publication:generation"
# An entry lives at most this long whatever happens (seconds).
LONGEST = 3600


def generation() -> int:
    """The current release generation (1 when the cache was emptied)."""
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        found = cache.get(GENERATION_KEY) or 1
    return int(found)


def bump() -> None:
    """A release was published: every cached public answer is out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(GENERATION_KEY, 2, timeout=None)


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
