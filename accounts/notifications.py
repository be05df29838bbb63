"""Messages to a user that outlive a request: shown in the portal, sent by e-mail."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from accounts.models import Notification


def notify_user(user: Any, message: str, *, url: str = "") -> Notification:
    """Store a notice for the user and mail it when the user has an address."""
    notice = Notification.objects.create(user=user, message=message, url=url)
    if user.email:
        link = f"\n\n{settings.SITE_URL}{url}" if url else ""
        send_mail(
            subject=f"Paritrana Portal: {message}"[:150],
            message=f"{message}{link}",
            from_email=None,
            recipient_list=[user.email],
            fail_silently=True,
        )
    return notice
