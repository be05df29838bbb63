"""API throttles that count a client by the same address the sign-in lockout
uses (`accounts.clients`): DRF's own reading believes any X-Forwarded-For, so a
client could pick a fresh identity per request."""

from typing import Any

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from accounts.clients import client_address


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients, by address (scope `anon`, rate PUBLIC_API_RATE)."""

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class SignedInThrottle(UserRateThrottle):
    """Signed-in clients by user, anonymous ones by address (scope `user`)."""

    def get_ident(self, request: Any) -> str:
        return client_address(request)
