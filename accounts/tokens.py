"""API tokens for machine clients: issue (the secret is shown once), look up by
digest, record use, revoke."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import ApiToken, User

TOKEN_MARK = "prt_"  # noqa: S105 - the public prefix of every token, not a secret
PREFIX_LENGTH = 12  # "prt_" and the secret's first 8 characters
MAX_TOKEN_LENGTH = 200
# Last use is written at most this often per token, so that reads stay reads.
LAST_USED_EVERY = timedelta(minutes=5)


def digest_of(key: str) -> str:
    """The SHA-256 hex digest under which a token's key is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User, *, name: str, days: int) -> tuple[ApiToken, str]:
    """Create a token valid for `days` days; returns it and its key (shown once)."""
    days = max(1, min(days, settings.API_TOKEN_MAX_DAYS))
    key = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:PREFIX_LENGTH],
        digest=digest_of(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, key


def find_token(key: str) -> ApiToken | None:
    """The usable token (not revoked or expired, active user) with this key."""
    if not key.startswith(TOKEN_MARK) or len(key) > MAX_TOKEN_LENGTH:
        return None
    usable = ApiToken.objects.usable().select_related("user")
    return usable.filter(digest=digest_of(key)).first()


def record_use(token: ApiToken) -> None:
    """Note the token's last use, writing at most once per LAST_USED_EVERY."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def revoke_token(token: ApiToken) -> None:
    """Revoke the token from now on; revoking twice keeps the first time."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db(fields=["revoked_at"])
