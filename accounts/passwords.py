"""Password reset: counted per address and per e-mail address, and mailed by a
background job so that the answer and its timing say nothing about the account."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from accounts import tasks

logger = logging.getLogger(__name__)
EMAIL_TEMPLATE = "registration/password_reset_email.txt"
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"


def _count(kind: str, value: str) -> int:
    """Add one to the request counter of this address or e-mail; returns the count."""
    key = f"password-reset:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def reset_allowed(*, address: str, email: str) -> bool:
    """Count a reset request; False once the address or the e-mail is over its limit."""
    if _count("address", address) > settings.PASSWORD_RESETS_PER_ADDRESS:
        return False
    return _count("email", email.strip().lower()) <= settings.PASSWORD_RESETS_PER_EMAIL


def request_reset(email: str, *, domain: str, use_https: bool) -> None:
    """Have the reset mail sent by a background job once the request commits."""
    job = {
        "email": email,
        "domain": domain,
        "use_https": use_https,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    transaction.on_commit(lambda: _enqueue(job))


def _enqueue(job: dict) -> None:
    """Queue the mail job; without a broker, send it here rather than lose it."""
    try:
        tasks.task_send_password_reset.delay(**job)
    except OperationalError:
        logger.warning("Broker unreachable: password reset mail sent in the request.")
        tasks.task_send_password_reset.apply(kwargs=job)


def send_reset_mail(email: str, *, domain: str, use_https: bool) -> int:
    """Mail a reset link to each active account with this address; returns how many."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    form.save(
        domain_override=domain,
        use_https=use_https,
        email_template_name=EMAIL_TEMPLATE,
        subject_template_name=SUBJECT_TEMPLATE,
    )
    return len(users)


def limit_message() -> str:
    """Why a reset request was refused, and what to do."""
    return _(
        "Too many reset links were asked for this e-mail address or from this "
        "network. No link was sent. Please wait %(minutes)s minutes and try again, "
        "or ask your portal administrator for help."
    ) % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES}
