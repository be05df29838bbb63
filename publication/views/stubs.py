"""Placeholders of public pages being built: each answers 404 until its view lands."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def not_yet(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
