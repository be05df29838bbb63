"""API authentication for machine clients by token."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts import tokens

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` (or `Token <token>`) with a portal API token."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        """The token's user and the token, None without a token header."""
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as 'Authorization: Bearer <token>', one word.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = tokens.find_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _(
                    "The API token is unknown, expired or revoked, or its user is "
                    "deactivated. Issue a new token under My account."
                )
            )
        tokens.record_use(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        """The challenge sent with 401 answers."""
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token scheme in the API schema."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A portal API token, issued under My account → API tokens.",
        }
