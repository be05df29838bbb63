"""The portal's addresses and the trivial baseline view of `bench_public_page.py`."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from paritrana.urls import handler400, handler403, handler404, handler500, urlpatterns

TRIVIAL_PATH = "/bench/trivial/"


def trivial(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: the baseline of the benchmark."""
    return HttpResponse(b"ok")


urlpatterns = [path(TRIVIAL_PATH.strip("/") + "/", trivial), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
