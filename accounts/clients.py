"""Who is asking: the client's network address, trusting proxies only when told to."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - logged for an unreadable address, never bound


def _valid(address: str) -> str | None:
    """The address in its canonical form, or None when it is not an IP address."""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or behind TRUSTED_PROXY
    proxies the X-Forwarded-For entry the outermost trusted proxy appended."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
    proxies = settings.TRUSTED_PROXY
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")[:2000].split(",")
    if len(forwarded) < proxies or not forwarded[0].strip():
        return remote
    return _valid(forwarded[-proxies]) or remote
