"""One body shape for every error the API answers, and the view for unknown addresses.

A 400 always carries `detail`, `errors` and `warnings` (rows of `field`, `rule` and
`message`), as the coverage-report API has done from the start; every other error
carries at least `detail`. The schema documents these shapes (`paritrana.schema`)."""

from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def handle_api_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's answer to `exc`, with a 400's messages as `errors` rows."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            _("The request is larger than the portal accepts; send less data at once.")
        )
    response = exception_handler(exc, context)
    if isinstance(exc, exceptions.ParseError) and response is not None:
        response.data = _unreadable_body(exc)
    elif response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = error_body(response.data)
    return response


def _unreadable_body(exc: exceptions.ParseError) -> dict[str, Any]:
    """A body that is not JSON (or form data): said plainly, the parser's note kept."""
    message = _(
        "The request body could not be read; check its quotes, commas and "
        "brackets. Nothing was changed."
    )
    row = {"field": "", "rule": "parse_error", "message": f"{message} ({exc.detail})"}
    return {"detail": message, "errors": [row], "warnings": []}


def error_body(detail: Any) -> dict[str, Any]:
    """A 400's body: `detail`, then one `errors` row per message, no `warnings`."""
    if isinstance(detail, Mapping) and {"errors", "warnings"} <= detail.keys():
        return dict(detail)  # already in shape
    rows = [
        {
            "field": ".".join(path),
            "rule": str(getattr(error, "code", None) or "invalid"),
            "message": _message(path, error),
        }
        for path, error in flatten_errors(detail)
    ]
    summary = rows[0]["message"] if len(rows) == 1 else None
    return {
        "detail": summary or _("The request was refused; correct the errors listed."),
        "errors": rows,
        "warnings": [],
    }


def _message(path: tuple[str, ...], error: Any) -> str:
    if not path:
        return str(error)
    field = ".".join(path)
    return _("%(field)s: %(problem)s") % {"field": field, "problem": error}


def flatten_errors(detail: Any, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    """(path, message) for each message of DRF's nested error structure."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            named = key in (api_settings.NON_FIELD_ERRORS_KEY, "detail")
            yield from flatten_errors(value, path if named else (*path, str(key)))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list):
                yield from flatten_errors(item, (*path, str(index)))
            else:
                yield path, item
    else:
        yield path, detail


@extend_schema(exclude=True)
@api_view(ALL_METHODS)
@authentication_classes([])
@permission_classes([])
def not_found(request: Request, *args: Any, **kwargs: Any) -> Response:
    """A JSON 404 for an address under /api/ that names no endpoint or object."""
    raise exceptions.NotFound()
