"""Public results pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from publication.models import Release


def release(request: HttpRequest, pk: int) -> HttpResponse:
    """One release: its ranking as published."""
    found = get_object_or_404(Release, pk=pk)
    if not (
        found.is_public() or request.user.has_perm("publication.view_unreleased", found)
    ):
        raise Http404
    return render(request, "publication/site/release.html", {"release": found})
