"""The navigation bar, per role: each entry appears only for those who hold its
permission (the apps' `rules.py`); and the number of unread notifications for the
header."""

from typing import Any

import rules
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu entries of this user, and the unread notifications."""
    user = request.user
    # The public menu: results, regions and the approved coverage figures.
    items = [
        (_("Home"), reverse("home")),
        (_("Results"), reverse("results:index")),
        (_("Regions"), reverse("regions:province_list")),
        (_("Search regions"), reverse("regions:search")),
        (_("Coverage data"), reverse("participants:list")),
        (_("API"), reverse("api-docs")),
    ]
    # The rule itself, not `user.has_perm`: a superuser holds every permission but
    # has no area of their own.
    if rules.has_perm("regions.view_own_regions", user):
        items.insert(4, (_("My regions"), reverse("regions:mine")))
    if rules.has_perm("participants.see_completeness_in_menu", user):
        items.insert(-1, (_("Completeness"), reverse("participants:completeness")))
    if user.has_perm("participants.upload_coverage"):
        items.insert(-1, (_("Upload"), reverse("participants:uploads")))
    if user.has_perm("nominations.view_editions"):
        items.insert(-1, (_("Award"), reverse("nominations:editions")))
    if user.has_perm("nominations.follow_compliance"):
        items.insert(-1, (_("Employers"), reverse("nominations:employers")))
    # The rule alone: asking `user.has_perm` of a role without it would load the
    # user's Django permissions (two queries) on every page.
    if rules.has_perm("publication.manage_releases", user):
        items.insert(-1, (_("Publication"), reverse("releases:list")))
    if user.is_authenticated and user.is_staff:
        items.append((_("Administration"), reverse("admin:index")))
    # The entry whose URL is the longest prefix of this page is the current one.
    path = request.path
    matches = [
        url for _l, url in items if path == url or (url != "/" and path.startswith(url))
    ]
    current = max(matches, key=len, default="")
    nav = [
        {"label": label, "url": url, "active": url == current} for label, url in items
    ]
    return {"nav_items": nav, **_notifications(user)}


def _notifications(user: Any) -> dict[str, Any]:
    """The unread count, counted (one query) only when a page shows it."""
    if not user.is_authenticated:
        return {}

    def unread() -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": unread}
