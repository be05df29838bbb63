"""The public pages' cache: an anonymous GET of a public page is answered from the
cache of the current release generation and language (`publication.cache`), so a
published ranking is served without touching the database's ranking tables, or any
table once cached. Signed-in users get the page rendered for them (their menu).

A cached page must not carry anything personal: no CSRF token (the language switch
of a public page is a plain link), no messages, no cookie."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache as store
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from publication import cache

View = Callable[..., HttpResponse]


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 that used no CSRF token (one would be the first visitor's)."""
    return (
        response.status_code == 200
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


def _digest(request: HttpRequest) -> str:
    """The full path as a fixed-length key part: a crafted long path or query
    string makes no oversized cache key."""
    return hashlib.sha256(request.get_full_path().encode()).hexdigest()


def public_page(view: View) -> View:
    """Cache the view's answers to anonymous GET requests per generation,
    language and full path (query string included)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        name = cache.key("page", translation.get_language(), _digest(request))
        found = store.get(name)
        if found is not None:
            content, content_type = found
            response = HttpResponse(content, content_type=content_type)
            response["X-Paritrana-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if _cacheable(request, response):
            store.set(
                name, (response.content, response["Content-Type"]), cache.timeout()
            )
            response["X-Paritrana-Cache"] = "miss"
        return response

    return wrapper
