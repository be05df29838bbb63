"""Sign-in lock-out (django-axes): separate limits per username and per address, and
the lock-out page in the portal's look."""

from datetime import datetime
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


class LockoutHandler(AxesDatabaseHandler):
    """Counts failures per username (from anywhere) and per address (any username)."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        """Failures measured against the per-user limit; the address count is shifted
        so that it reaches that limit exactly when it reaches the address limit."""
        by_user, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        shift = settings.LOGIN_FAILURES_PER_ADDRESS - settings.LOGIN_FAILURES_PER_USER
        return max(by_user, by_address - shift)


def unlocked_at(request: Any, credentials: dict | None = None) -> datetime:
    """When the last counted failure of this username or address stops counting."""
    latest = [
        attempts.aggregate(latest=Max("attempt_time"))["latest"]
        for attempts in LockoutHandler().get_user_attempts(request, credentials)
    ]
    last = max((moment for moment in latest if moment), default=timezone.now())
    return last + settings.AXES_COOLOFF_TIME


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The lock-out page (429): the same for known and unknown usernames."""
    context = {
        "unlocked_at": unlocked_at(request, credentials),
        "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
    }
    return render(request, "accounts/locked_out.html", context, status=429)
