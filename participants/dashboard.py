"""Completeness dashboard: how far each Kanwil, branch and province is with a year."""

from django.http import HttpRequest, HttpResponse


def completeness(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def regions(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def export(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError
