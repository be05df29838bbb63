"""The public pages' cache: an anonymous GET of a public page is answered from the
cache of the current release generation and language (`publication.cache`), so a
published ranking is served without touching the database's ranking tables, or any
table once cached. Signed-in users get the page rendered for them (their menu).

A cached page must not carry anything personal: no CSRF token (the language switch
of a public page is a plain link), no messages, no cookie.

Speed (docs/publication.md): a page is kept gzip-compressed, once, when first
rendered (a national ranking is over a megabyte of HTML, about a tenth of that
compressed), and sent compressed to every client that accepts gzip (browsers do;
the reverse proxy then has nothing left to compress). Each worker keeps its own copy
of the pages it served (`LocalCopies`), under the generation's key: a hit costs one
small read of the generation, not the transfer of the page. Compressing is safe here
only because a cached page holds no secret (BREACH needs one)."""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache as store
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from publication import cache

View = Callable[..., HttpResponse]
# What one worker keeps of compressed pages (bytes); the least recently used go.
LOCAL_BYTES = 16 * 1024 * 1024


class Page(NamedTuple):
    """A cached page: its gzip-compressed body, its type and when it expires (as
    `time.time()`), the same moment for the shared entry and the worker's copy."""

    body: bytes
    content_type: str
    expires_at: float


class LocalCopies:
    """A worker's own copies of cached pages, least recently used first, at most
    `limit` bytes. Keys hold the generation: a publication makes them unreachable."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.pages: OrderedDict[str, Page] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, name: str, now: float) -> Page | None:
        with self.lock:
            found = self.pages.get(name)
            if found is None or found.expires_at <= now:
                return None
            self.pages.move_to_end(name)
            return found

    def put(self, name: str, page: Page) -> None:
        with self.lock:
            old = self.pages.pop(name, None)
            self.size -= len(old.body) if old else 0
            if len(page.body) > self.limit:
                return
            self.pages[name] = page
            self.size += len(page.body)
            while self.size > self.limit:
                self.size -= len(self.pages.popitem(last=False)[1].body)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0


local = LocalCopies(LOCAL_BYTES)


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 that used no CSRF token (one would be the first visitor's)."""
    return (
        response.status_code == 200
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and not response.has_header("Content-Encoding")
    )


def _digest(request: HttpRequest) -> str:
    """The path as a fixed-length key part: a crafted long path makes no
    oversized cache key."""
    return hashlib.sha256(request.path.encode()).hexdigest()


def _signed_in(request: HttpRequest) -> bool:
    """Whether a user signed in; without a session cookie nobody did, and the
    session (and the user) need not be loaded."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(request.user.is_authenticated)


def cached_page(name: str) -> Page | None:
    """The page under `name`: the worker's copy, else the shared cache's."""
    now = time.time()
    found = local.get(name, now)
    if found is None:
        found = store.get(name)
        if not isinstance(found, Page) or found.expires_at <= now:
            return None
        local.put(name, found)
    return found


def keep(name: str, response: HttpResponse) -> None:
    """Compress the rendered page and keep it until `cache.timeout()`."""
    seconds = cache.timeout()
    page = Page(
        gzip.compress(response.content, mtime=0),
        response["Content-Type"],
        time.time() + seconds,
    )
    store.set(name, page, seconds)
    local.put(name, page)


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip (`gzip;q=0` refuses it)."""
    for part in header.lower().split(","):
        coding, _semicolon, parameters = part.partition(";")
        if coding.strip() not in ("gzip", "x-gzip", "*"):
            continue
        quality = parameters.strip().removeprefix("q=").strip() or "1"
        return quality.strip("0.") != ""
    return False


def answer(request: HttpRequest, page: Page) -> HttpResponse:
    """The cached page, compressed if the client accepts gzip."""
    if accepts_gzip(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(page.body, content_type=page.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(page.body)
        response = HttpResponse(body, content_type=page.content_type)
    response["X-Paritrana-Cache"] = "hit"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def public_page(view: View) -> View:
    """Cache the view's answers to anonymous GET requests per generation,
    language and path. The public pages read no query string: a request with one
    is answered fresh and not kept, so crafted query strings neither fill the
    cache nor get echoed (in a link) to the next visitor."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
            or _signed_in(request)
        ):
            return view(request, *args, **kwargs)
        name = cache.key("page", translation.get_language(), _digest(request))
        found = cached_page(name)
        if found is not None:
            return answer(request, found)
        response = view(request, *args, **kwargs)
        if _cacheable(request, response):
            keep(name, response)
            response["X-Paritrana-Cache"] = "miss"
            patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper
