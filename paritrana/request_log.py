"""One log line per refused request, instead of a traceback or two."""

import json
import logging
from urllib.parse import quote

from django.http import HttpRequest
from django.urls import Resolver404

REASON_MAX_LENGTH = 300


class RefusalFilter(logging.Filter):
    """Rewrite the first record of a 4xx answer as one line; drop later ones.

    Django logs a refused request with its traceback (PermissionDenied, Http404), and a
    suspicious one twice (django.security.* with a traceback, then django.request);
    5xx records pass unchanged and keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        status = getattr(record, "status_code", None)
        if not isinstance(request, HttpRequest) or not isinstance(status, int):
            return True
        if status >= 500 or getattr(record, "refusal", False):
            return True
        if request.__dict__.setdefault("_refusal_record", record) is not record:
            return False
        reason = _reason(record, request)[:REASON_MAX_LENGTH]
        record.msg = "%s %s %s user=%s reason=%s"
        record.args = (
            quote(request.method or "-"),
            quote(request.path, safe="/:@!$&'()*+,;=-._~"),
            status,
            _user_id(request),
            json.dumps(reason, ensure_ascii=False),
        )
        record.exc_info = record.exc_text = record.stack_info = None
        record.refusal = True
        return True


def _reason(record: logging.LogRecord, request: HttpRequest) -> str:
    """The refusal's own message: the exception's, the API answer's, or Django's."""
    exception = record.exc_info[1] if record.exc_info else None
    if isinstance(exception, Resolver404):
        return "no page at this address"
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        return str(exception.args[0])
    return str(getattr(request, "refusal_reason", "") or record.getMessage())


def _user_id(request: HttpRequest) -> str:
    """The signed-in user's id, or '-' (never an error while logging)."""
    user = request.__dict__.get("user")
    try:
        return str(user.pk) if user is not None and user.is_authenticated else "-"
    except Exception:
        return "-"
