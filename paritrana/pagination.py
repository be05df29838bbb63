"""Page-number pagination of the API's lists, bounded so that no page grows past a
few megabytes (figures in docs/api.md)."""

from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class PortalPagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 200 (rows of at
    most about 1 kB: regions, offices, editions, candidates, employers), or up to
    the view's own `max_page_size` where its rows are larger."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        self.max_page_size = getattr(view, "max_page_size", type(self).max_page_size)
        return super().paginate_queryset(queryset, request, view)
