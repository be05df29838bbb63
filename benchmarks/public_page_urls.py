"""The portal's addresses and the trivial baseline view of `bench_public_page.py`."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from paritrana.urls import handler400, handler403, handler404, handler500, urlpatterns

TRIVIAL_PATH = "/bench/trivial/"


def trivial(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: the baseline of the benchmark."""
    return HttpResponse(b"ok")


def _results_site(pattern: object) -> bool:
    module = getattr(pattern, "urlconf_name", None)
    return getattr(module, "__name__", "") == "publication.urls.site"


# Where the results site's addresses are: both are looked up past the same patterns.
_at = next(n for n, pattern in enumerate(urlpatterns) if _results_site(pattern))
urlpatterns = [
    *urlpatterns[:_at],
    path(TRIVIAL_PATH.strip("/") + "/", trivial),
    *urlpatterns[_at:],
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
