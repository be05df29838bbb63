"""Messages to a user that outlive a request: shown in the portal, sent by e-mail.

A notice is stored with its text in every portal language (`Notification.texts`), so
the page shows it in the reader's current language and the e-mail goes out in the
recipient's `User.language`. The e-mail is a background job queued once the
transaction commits: the request never waits on the mail server, and a failed
delivery is retried by the job instead of being lost.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from accounts import tasks
from accounts.models import Notification

logger = logging.getLogger(__name__)

# A message: a plain text, or a function rendering it in the language now active.
Message = str | Callable[[], str]
MESSAGE_LENGTH = Notification._meta.get_field("message").max_length or 300


def notify_user(user: Any, message: Message, *, url: str = "") -> Notification:
    """Store a notice for the user and mail it when the user has an address."""
    return notify([user], message, url=url)[0]


def notify(
    users: Iterable[Any], message: Message, *, url: str = ""
) -> list[Notification]:
    """Store one notice per user (one query) and queue a mail for each user with an
    address once the transaction commits; returns the notices."""
    texts = in_every_language(message)
    default = texts[settings.LANGUAGE_CODE]
    notices = Notification.objects.bulk_create(
        Notification(user=user, message=default[:MESSAGE_LENGTH], texts=texts, url=url)
        for user in users
    )
    mailed = [notice.pk for notice in notices if notice.user.email]
    if mailed:
        transaction.on_commit(lambda: _enqueue_mails(mailed))
    return notices


def in_every_language(message: Message) -> dict[str, str]:
    """The message rendered in each language of the portal, by language code."""
    if not callable(message):
        return {code: message for code, _name in settings.LANGUAGES}
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(message())
    return texts


def _enqueue_mails(notification_ids: list[int]) -> None:
    """Queue one mail job per notice; without a broker, send here rather than lose
    the mail."""
    for notification_id in notification_ids:
        try:
            tasks.task_mail_notification.delay(notification_id=notification_id)
        except OperationalError:
            logger.warning("Broker unreachable: notification mailed in the request.")
            tasks.task_mail_notification.apply(
                kwargs={"notification_id": notification_id}
            )


def mail_notification(notification_id: int) -> int:
    """Mail a stored notice in its recipient's language, once; returns mails sent.

    A mail server error propagates so that the job retries it."""
    notice = (
        Notification.objects.select_related("user")
        .filter(pk=notification_id, mailed_at__isnull=True)
        .first()
    )
    if notice is None or not notice.user.email:
        return 0
    with translation.override(notice.user.language):
        message = notice.text
        link = f"\n\n{settings.SITE_URL}{notice.url}" if notice.url else ""
        subject = _("Paritrana Portal: %(message)s") % {"message": message}
        footer = _("All your notifications: %(url)s") % {
            "url": settings.SITE_URL + reverse("accounts:notifications")
        }
        sent = send_mail(
            subject=" ".join(subject.split())[:150],
            message=f"{message}{link}\n\n-- \n{footer}\n",
            from_email=None,
            recipient_list=[notice.user.email],
        )
    Notification.objects.filter(pk=notice.pk).update(mailed_at=timezone.now())
    return sent
