"""Background jobs of accounts."""

from celery import shared_task
from django.utils import translation


@shared_task
def task_send_password_reset(
    *, email: str, domain: str, use_https: bool, language: str
) -> int:
    """Send the password reset mail in the user's language; returns mails sent."""
    from accounts.passwords import send_reset_mail

    with translation.override(language):
        return send_reset_mail(email, domain=domain, use_https=use_https)
