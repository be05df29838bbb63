"""Request bodies over the largest allowed upload are refused before anything reads
them: 413 for a declared length over the limit, 411 for a body sent without one."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from paritrana.views import error_page

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def max_request_bytes() -> int:
    """The largest body a request may carry: the largest file upload plus room for
    the form around it."""
    largest_file = max(settings.IMPORT_MAX_BYTES, settings.EVIDENCE_MAX_BYTES)
    return int(largest_file + settings.REQUEST_OVERHEAD_BYTES)


class RequestSizeLimitMiddleware:
    """Checks the declared length before any view, form or CSRF check reads the
    body. Without a length Django reads no body at all, so a chunked body is
    refused outright instead of being silently dropped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        stated = request.META.get("CONTENT_LENGTH")
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not stated and request.method in BODY_METHODS:
            return refuse(request, 411, _length_required())
        if declared_length(request) > max_request_bytes():
            return refuse(request, 413, _too_large())
        return self.get_response(request)


def declared_length(request: HttpRequest) -> int:
    """The body length the request states (Content-Length): 0 when none or not a
    number, and 10**15 for more than 15 digits (int() refuses 4.300+ digits)."""
    text = request.META.get("CONTENT_LENGTH") or ""
    if not (text.isascii() and text.isdigit()):
        return 0
    return int(text) if len(text) <= 15 else 10**15


def _too_large() -> str:
    return _(
        "The request is too large: at most %(limit)s can be sent at once (data "
        "files up to %(import)s, evidence files up to %(evidence)s). Make the file "
        "smaller or split it, then try again."
    ) % {
        "limit": filesizeformat(max_request_bytes()),
        "import": filesizeformat(settings.IMPORT_MAX_BYTES),
        "evidence": filesizeformat(settings.EVIDENCE_MAX_BYTES),
    }


def _length_required() -> str:
    return _(
        "The request was sent without its length (Content-Length). Send it again "
        "from the portal's page, or with a client that states the length."
    )


def refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """JSON for the API, the portal's page otherwise; the body is never read."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=status)
    else:
        response = error_page(request, "request_refused.html", status, reason=message)
    response["Connection"] = "close"  # the unread body must not become a request
    return response
