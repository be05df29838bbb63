"""Messages to a user that outlive a request: shown in the portal, sent by e-mail.

A notice is stored with its text in every portal language (`Notification.texts`), so
the page shows it in the reader's current language and the e-mail goes out in the
recipient's `User.language`. The e-mail is a background job queued once the
transaction commits: the request never waits on the mail server, and a failed
delivery is retried by the job instead of being lost.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from kombu.exceptions import OperationalError

from accounts import tasks
from accounts.models import Notification, User

logger = logging.getLogger(__name__)

# A message: a plain text, or a function rendering it in the language now active.
Message = str | Callable[[], str]
MESSAGE_LENGTH = Notification._meta.get_field("message").max_length or 300
# Notices older than this that were never mailed (the user had no address) stay in
# the portal only.
MAIL_BACKLOG = timedelta(days=7)


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
        transaction.on_commit(lambda: _enqueue_mails(mailed), robust=True)
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
    """Queue a mail job per notice (the first to run mails them all); without a
    broker, send here rather than lose the mail."""
    for notification_id in notification_ids:
        try:
            tasks.task_mail_notification.apply_async(
                kwargs={"notification_id": notification_id},
                countdown=settings.NOTIFICATION_MAIL_DELAY_SECONDS,
            )
        except OperationalError:
            logger.warning("Broker unreachable: notification mailed in the request.")
            tasks.task_mail_notification.apply(
                kwargs={"notification_id": notification_id}
            )


def mail_notification(notification_id: int) -> int:
    """Mail the notice's recipient, in their language, every notice of the last
    week not mailed yet: a burst of steps (an API client submitting many reports)
    makes one mail, not hundreds. Returns mails sent (0 when another job already
    mailed them). A mail server error propagates so that the job retries it."""
    user = User.objects.filter(notifications=notification_id).first()
    if user is None or not user.email:
        return 0
    with transaction.atomic():
        # Locked and skipped by a parallel job for the same person (PostgreSQL).
        notices = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                user=user,
                mailed_at__isnull=True,
                created_at__gte=timezone.now() - MAIL_BACKLOG,
            )
            .order_by("created_at", "pk")
        )
        if not notices:
            return 0
        with translation.override(user.language):
            subject, body = _mail_text(notices)
        send_mail(subject, body, from_email=None, recipient_list=[user.email])
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
            mailed_at=timezone.now()
        )
    return 1


def _mail_text(notices: list[Notification]) -> tuple[str, str]:
    """The subject and body of one mail telling these notices."""
    lines = []
    for notice in notices:
        link = f"\n{settings.SITE_URL}{notice.url}" if notice.url else ""
        lines.append(f"{notice.text}{link}")
    if len(notices) == 1:
        subject = _("Paritrana Portal: %(message)s") % {"message": notices[0].text}
    else:
        subject = ngettext(
            "Paritrana Portal: %(count)d new notification",
            "Paritrana Portal: %(count)d new notifications",
            len(notices),
        ) % {"count": len(notices)}
    footer = _("All your notifications: %(url)s") % {
        "url": settings.SITE_URL + reverse("accounts:notifications")
    }
    body = "\n\n".join(lines) + f"\n\n-- \n{footer}\n"
    return " ".join(subject.split())[:150], body
