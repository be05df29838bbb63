"""The navigation bar, per role: each entry appears only for those who may use it."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    items = [
        (_("Home"), reverse("home")),
        (_("Regions"), reverse("regions:province_list")),
        (_("API"), reverse("api-docs")),
    ]
    if user.is_authenticated and user.region_scope:
        items.insert(2, (_("My regions"), reverse("regions:mine")))
    if user.is_authenticated and user.is_staff:
        items.append((_("Administration"), reverse("admin:index")))
    path = request.path
    nav = [
        {"label": label, "url": url, "active": url != "/" and path.startswith(url)}
        for label, url in items
    ]
    nav[0]["active"] = path == "/"
    return {"nav_items": nav}
