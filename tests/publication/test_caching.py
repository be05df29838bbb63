import gzip
import hashlib
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache as store
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from publication import cache
from publication.views import caching
from publication.views.caching import LocalCopies, Page, accepts_gzip, public_page

pytestmark = pytest.mark.django_db

BODY = "<p>Peringkat nasional</p>" * 200


@pytest.fixture(autouse=True)
def empty_cache():
    caching.local.clear()
    cache.forget()
    yield
    caching.local.clear()


@pytest.fixture
def page():
    """A public page counting its renderings."""
    calls = []

    @public_page
    def view(request):
        calls.append(request.path)
        return HttpResponse(BODY)

    view.calls = calls
    return view


def get(view, user=None, path="/hasil/", **headers):
    request = RequestFactory().get(path, headers=headers)
    request.user = user or AnonymousUser()
    return view(request)


def test_public_page_hit_is_compressed_for_clients_accepting_gzip(page):
    first = get(page, accept_encoding="gzip, deflate, br")

    second = get(page, accept_encoding="gzip, deflate, br")

    assert (first["X-Paritrana-Cache"], first.content.decode()) == ("miss", BODY)
    assert second["X-Paritrana-Cache"] == "hit"
    assert second["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.content).decode() == BODY
    assert "Accept-Encoding" in second["Vary"]
    assert page.calls == ["/hasil/"]


@pytest.mark.parametrize("header", ["", "identity", "br, gzip;q=0", "gzip;q=0.000"])
def test_public_page_hit_is_plain_for_clients_refusing_gzip(page, header):
    get(page)

    response = get(page, accept_encoding=header)

    assert response["X-Paritrana-Cache"] == "hit"
    assert not response.has_header("Content-Encoding")
    assert response.content.decode() == BODY


def test_public_page_hit_asks_the_database_nothing(page, django_assert_num_queries):
    get(page)

    with django_assert_num_queries(0):
        response = get(page)

    assert response["X-Paritrana-Cache"] == "hit"


def test_public_page_hit_comes_from_the_workers_copy(page):
    get(page)
    for name in list(caching.local.pages):
        store.delete(name)

    response = get(page)

    assert response["X-Paritrana-Cache"] == "hit"
    assert page.calls == ["/hasil/"]


def test_public_page_fills_the_workers_copy_from_the_shared_cache(page):
    get(page)
    caching.local.clear()

    response = get(page)

    assert response["X-Paritrana-Cache"] == "hit"
    assert len(caching.local.pages) == 1


def test_public_page_is_rendered_again_after_a_publication_here(page):
    get(page)

    cache.bump()
    response = get(page)

    assert response["X-Paritrana-Cache"] == "miss"
    assert page.calls == ["/hasil/", "/hasil/"]


def test_public_page_sees_another_workers_publication_within_a_second(
    page, monkeypatch
):
    get(page)
    store.incr(cache.GENERATION_KEY)  # another worker published
    within = get(page)["X-Paritrana-Cache"]
    later = time.monotonic() + cache.GENERATION_SECONDS
    monkeypatch.setattr(cache.time, "monotonic", lambda: later)

    after = get(page)["X-Paritrana-Cache"]

    assert (within, after) == ("hit", "miss")


def test_public_page_is_rendered_again_once_the_cache_was_emptied(page):
    get(page)
    store.delete(cache.GENERATION_KEY)
    cache.forget()

    response = get(page)

    assert response["X-Paritrana-Cache"] == "miss"


def test_public_page_copy_expires_with_its_entry(page, monkeypatch):
    get(page)
    later = time.time() + cache.LONGEST + 1
    monkeypatch.setattr(caching.time, "time", lambda: later)

    response = get(page)

    assert response["X-Paritrana-Cache"] == "miss"


def test_public_page_renders_an_entry_of_another_shape_again(page):
    name = cache.key("page", "id", hashlib.sha256(b"/hasil/").hexdigest())
    store.set(name, (BODY.encode(), "text/html"))

    response = get(page)

    assert response["X-Paritrana-Cache"] == "miss"
    assert response.content.decode() == BODY


def test_public_page_is_rendered_for_signed_in_users(page, django_user_model):
    user = django_user_model(username="sri")
    get(page)

    response = get(page, user=user, cookie=f"{settings.SESSION_COOKIE_NAME}=k")

    assert not response.has_header("X-Paritrana-Cache")
    assert page.calls == ["/hasil/", "/hasil/"]


def test_public_page_is_cached_for_a_visitor_with_an_old_session_cookie(page):
    get(page)

    response = get(page, cookie=f"{settings.SESSION_COOKIE_NAME}=expired")

    assert response["X-Paritrana-Cache"] == "hit"


def test_public_page_loads_no_session_for_a_visitor_without_one(page):
    request = RequestFactory().get("/hasil/")
    request.user = SimpleLazyObject(pytest.fail)

    response = page(request)

    assert response["X-Paritrana-Cache"] == "miss"


def test_public_page_keeps_no_compressed_answer(page):
    @public_page
    def compressed(request):
        response = HttpResponse(gzip.compress(b"x"))
        response["Content-Encoding"] = "gzip"
        return response

    get(compressed)

    assert not get(compressed).has_header("X-Paritrana-Cache")


def test_generation_is_random_after_the_cache_was_emptied():
    first = cache.generation()
    store.delete(cache.GENERATION_KEY)
    cache.forget()

    second = cache.generation()

    assert first != second
    assert 0 < second <= 2**48


def test_local_copies_drop_the_least_recently_used_past_their_limit():
    copies = LocalCopies(limit=10)
    far = time.time() + 60
    copies.put("a", Page(b"1234", "text/html", far))
    copies.put("b", Page(b"1234", "text/html", far))
    copies.get("a", time.time())

    copies.put("c", Page(b"1234", "text/html", far))
    copies.put("huge", Page(b"x" * 11, "text/html", far))

    assert (list(copies.pages), copies.size) == (["a", "c"], 8)


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("GZIP;Q=0.5", True),
        ("*", True),
        ("br, x-gzip", True),
        ("gzip;q=0", False),
        ("deflate", False),
        ("gzip\u0660", False),
        ("", False),
    ],
)
def test_accepts_gzip(header, accepted):
    assert accepts_gzip(header) is accepted


def test_a_query_string_is_answered_fresh_and_not_kept(page):
    """Public pages read no query string: crafted ones neither fill the cache
    nor reach the next visitor."""
    for n in range(3):
        response = get(page, path=f"/hasil/?x={n}")
        assert not response.has_header("X-Paritrana-Cache")

    assert get(page)["X-Paritrana-Cache"] == "miss"
    assert len(page.calls) == 4
