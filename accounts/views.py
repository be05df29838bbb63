from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Notification

NOTICES_PER_PAGE = 50


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's role, area and account links."""
    return render(request, "accounts/profile.html")


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notices, newest first; the ones shown count as read from now on."""
    user: Any = request.user
    notices = Notification.objects.filter(user=user).order_by("-created_at", "-pk")
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    unread = [notice.pk for notice in page if notice.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    context = {"page": page, "unread": set(unread)}
    return render(request, "accounts/notifications.html", context)
