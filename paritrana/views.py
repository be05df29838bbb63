"""Project-level views that belong to no app: health and the error pages."""

import re
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def health(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 otherwise."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", **checks}, status=status
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _cache_ok() -> bool:
    try:
        cache.set("health-check", "1", 5)
        return cache.get("health-check") == "1"
    except Exception:
        return False


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: the request could not be understood (its own message is not shown)."""
    return error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 with the refusal's own message."""
    return error_page(request, "403.html", 403, reason=_message(exception))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 with the portal's own message, never Django's technical one."""
    message = _message(exception)
    if message and TECHNICAL_404.fullmatch(message):
        message = ""
    return error_page(request, "404.html", 404, reason=message)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without a valid security token (e.g. an old open page)."""
    message = _(
        "The form could not be sent because its security check has expired or your "
        "browser blocks cookies. Go back, reload the page and send the form again."
    )
    return error_page(request, "403.html", 403, reason=str(message))


def server_error(request: HttpRequest) -> HttpResponse:
    """500 from a self-contained template: no database, no context processors."""
    context = {"csp_nonce": _nonce(request), "back_url": _back_url(request)}
    html = loader.get_template("500.html").render(context)
    return HttpResponseServerError(html)


# get_object_or_404's message names a model in English: not for the portal's users.
TECHNICAL_404 = re.compile(r"No .+ matches the given query\.")


def error_page(
    request: HttpRequest, template: str, status: int, *, reason: str = ""
) -> HttpResponse:
    """An error page in the portal's look with the refusal's own message."""
    if not hasattr(request, "user"):
        # Refused before the authentication middleware ran (e.g. an unknown host).
        request.user = AnonymousUser()
    context = {"reason": reason, "back_url": _back_url(request)}
    return render(request, template, context, status=status)


def _message(exception: Exception) -> str:
    """The exception's own message when it has one written for people."""
    argument = exception.args[0] if exception.args else ""
    return str(argument) if isinstance(argument, str | Promise) else ""


def _back_url(request: HttpRequest) -> str:
    """The page the visitor came from, when it is a page of this portal."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:
        return ""
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    return referer if same_site and referer != request.build_absolute_uri() else ""


def _nonce(request: HttpRequest) -> str:
    try:
        return str(getattr(request, "csp_nonce", ""))
    except Exception:
        return ""


def set_language_link(request: HttpRequest, code: str) -> HttpResponse:
    """Switch language by a plain link (GET), so that a public page carries no
    CSRF token and can be cached; back to `next` when it is a page of this site."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(Any, settings.LANGUAGE_COOKIE_SAMESITE),
    )
    return response


def _safe_next(request: HttpRequest) -> str:
    """`next` when it is a path of this site, else the home page."""
    target = request.GET.get("next", "")
    same_site = (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=False
        )
    )
    return target if same_site else "/"
