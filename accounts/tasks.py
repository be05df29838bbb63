"""Background jobs of accounts."""

from smtplib import SMTPException

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


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def task_mail_notification(*, notification_id: int) -> int:
    """Mail the notice's recipient, in their language, what was not mailed to them
    yet; returns mails sent. Mailed notices are marked, so running the job twice
    sends one mail."""
    from accounts.notifications import mail_notification

    return mail_notification(notification_id)
