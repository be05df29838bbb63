"""Language selection, the content security policy and refusal reasons for the log."""

from collections.abc import Callable

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework.renderers import BrowsableAPIRenderer


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
