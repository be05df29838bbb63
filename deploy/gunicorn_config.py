"""gunicorn settings for the portal, used by `make run` and the Docker image.

Environment: GUNICORN_BIND (default 0.0.0.0:8000; `make run` passes --bind),
WEB_CONCURRENCY (workers, read by gunicorn itself), GUNICORN_TIMEOUT (seconds),
GUNICORN_ACCESS_LOG=1 for an access log (the reverse proxy keeps one in production).
"""

import os
from collections.abc import Callable

from gunicorn.http import wsgi

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Small uploads (below IMPORT_BACKGROUND_BYTES) are checked and saved in the request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
max_requests = 1000
max_requests_jitter = 100
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG") == "1" else None
errorlog = "-"
# No runtime-management socket in the home folder: restarts go through the process.
control_socket_disable = True
# Whether a request came over HTTPS is Django's decision (TRUSTED_PROXY), not the
# server's: gunicorn would otherwise believe X-Forwarded-Proto from 127.0.0.1.
secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = "127.0.0.1"


def _without_server_header(
    default_headers: Callable[[wsgi.Response], list[str]],
) -> Callable[[wsgi.Response], list[str]]:
    """gunicorn always names itself in a Server header; send no Server header."""

    def headers(self: wsgi.Response) -> list[str]:
        return [
            line for line in default_headers(self) if not line.startswith("Server:")
        ]

    return headers


wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)
