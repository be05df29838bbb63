"""Language selection (Bahasa Indonesia unless the user chose English), and the
refusal of NUL characters before they reach a view or the database."""

from collections.abc import Callable, Iterable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


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
    return ((name, value) for name, values in request.POST.lists() for value in values)


def refused_input(request: HttpRequest, where: str) -> HttpResponse:
    """A 400 saying what was refused, as JSON for the API and a page otherwise."""
    message = _(
        "The request was refused: %(where)s contains a NUL character (code 0), "
        "which the portal does not accept. Remove it and try again."
    ) % {"where": where}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    page = render_to_string("400.html", {"message": message})
    return HttpResponseBadRequest(page)
