"""Language selection (Bahasa Indonesia unless the user chose English), the refusal
of NUL characters before they reach a view or the database, the content security
policy, and refusal reasons for the log."""

from collections.abc import Callable, Iterable
from importlib import import_module
from urllib.parse import unquote

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework.renderers import BrowsableAPIRenderer

from paritrana.api_errors import error_body
from paritrana.request_limits import declared_length
from paritrana.views import error_page


class PortalLocaleMiddleware:
    """Pick the language from the switch's cookie, else Bahasa Indonesia.

    A browser's Accept-Language is not a choice the user made (many Indonesian offices
    run English browsers), so pages ignore it; API clients may still ask with it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    def choose(self, request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in self.languages:
            return chosen
        if request.path.startswith("/api/"):
            asked = translation.get_language_from_request(request)
            if asked in self.languages:
                return asked
        return settings.LANGUAGE_CODE


class PortalCSPMiddleware(CSPMiddleware):
    """The settings' content security policy on HTML pages; `default-src 'none'` on
    everything else (JSON, files), which no browser renders as a page."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if not _is_html(response):
            parts.replace, parts.config = None, NON_HTML_POLICY
        elif isinstance(
            getattr(response, "accepted_renderer", None), BrowsableAPIRenderer
        ):
            # DRF's own page for developers (and its jQuery) set inline styles; inline
            # scripts stay forbidden there too.
            parts.replace = {"style-src": [SELF, UNSAFE_INLINE]}
        return parts


NON_HTML_POLICY = {"default-src": [NONE], "frame-ancestors": [NONE]}


def _is_html(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class RefusalReasonMiddleware:
    """Note an API refusal's own message on the request, for the single log line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if 400 <= response.status_code < 500:
            data = getattr(response, "data", None)
            detail = data.get("detail") if isinstance(data, dict) else None
            if detail:
                request.refusal_reason = str(detail)  # type: ignore[attr-defined]
        return response


NUL = "\x00"
FORM_BODY = "application/x-www-form-urlencoded"


class RefuseNulMiddleware:
    """Refuse with a 400 any request carrying a NUL character in its path, query
    string, headers, cookies or form fields.

    PostgreSQL cannot store or even compare text holding NUL, so such a value
    reaching a query is a server error; nobody types it, only hostile clients send
    it. Multipart bodies are left to the forms (Django's and DRF's text fields refuse
    NUL), so that upload handlers stay free to read them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = nul_in(request)
        if where:
            _forget_session(request)
            return refused_input(request, where)
        return self.get_response(request)


def nul_in(request: HttpRequest) -> str:
    """The part of the request holding a NUL character; empty if none does."""
    if NUL in request.path or NUL in unquote(request.META.get("QUERY_STRING", "")):
        return str(_("the address"))
    headers = (v for k, v in request.META.items() if k.startswith("HTTP_"))
    if any(NUL in str(value) for value in headers):
        return str(_("a header"))
    if any(NUL in name + value for name, value in request.COOKIES.items()):
        return str(_("a cookie"))
    if any(NUL in name + value for name, value in _form_items(request)):
        return str(_("a form field"))
    return ""


def _form_items(request: HttpRequest) -> Iterable[tuple[str, str]]:
    """The fields of a URL-encoded form body (multipart bodies: see the class)."""
    if request.method != "POST" or request.content_type != FORM_BODY:
        return ()
    if declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return ()  # refused as too large by whatever reads it (413 in the API)
    return ((name, value) for name, values in request.POST.lists() for value in values)


def _forget_session(request: HttpRequest) -> None:
    """Give the refused request an empty session, so that nothing looks up a session
    key holding NUL (PostgreSQL refuses the query) and the bad cookie is cleared."""
    if hasattr(request, "session"):
        store = import_module(settings.SESSION_ENGINE).SessionStore
        request.session = store()


def refused_input(request: HttpRequest, where: str) -> HttpResponse:
    """A 400 saying what was refused, as JSON for the API and a page otherwise."""
    message = _(
        "The request was refused: %(where)s contains a NUL character (code 0), "
        "which the portal does not accept. Remove it and try again."
    ) % {"where": where}
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(str(message)), status=400)
    # Before the authentication middleware: the page is shown as to a visitor.
    return error_page(request, "request_refused.html", 400, reason=str(message))
