"""Coverage report pages: list, detail with history, entry form, workflow actions."""

from django.http import HttpRequest, HttpResponse


def report_list(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def report_detail(request: HttpRequest, year: str, code: str) -> HttpResponse:
    raise NotImplementedError


def report_edit(request: HttpRequest, year: str, code: str) -> HttpResponse:
    raise NotImplementedError


def report_action(
    request: HttpRequest, year: str, code: str, action: str
) -> HttpResponse:
    raise NotImplementedError
