"""How long the files of uploads that were not saved are kept, and how many a user
may keep at once.

The files of rejected, failed, reverted and never-saved (abandoned) uploads are
removed a number of days after their last step; the batch row stays, with its name,
fingerprint, problems and the date its files were removed. Until then they count in
the uploader's quota, checked before a new file is kept.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Sum
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participants.models import ImportBatch
from review.workflow import ReviewError

Status = ImportBatch.Status
REMOVABLE = (Status.REJECTED, Status.FAILED, Status.REVERTED, Status.VALIDATED)


def retention_days() -> int:
    return int(getattr(settings, "IMPORT_FILE_RETENTION_DAYS", 30))


def quota_files() -> int:
    return int(getattr(settings, "IMPORT_QUOTA_FILES", 50))


def quota_bytes() -> int:
    return int(getattr(settings, "IMPORT_QUOTA_BYTES", 200 * 1024 * 1024))


def kept_unsaved() -> Any:
    """Uploads whose files are kept but were never saved (they count in quotas)."""
    return (
        ImportBatch.objects.filter(files_removed_at=None)
        .exclude(status=Status.COMMITTED)
        .annotate(last_step=Coalesce("finished_at", "created_at"))
    )


def remove_old_files(now: datetime | None = None) -> int:
    """Remove the stored files of uploads not saved whose retention period ended;
    returns how many uploads lost their files."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    expired = kept_unsaved().filter(status__in=REMOVABLE, last_step__lt=cutoff)
    return sum(remove_files(pk) for pk in expired.values_list("pk", flat=True))


def remove_files(batch_id: int) -> bool:
    """Remove a batch's file and plan file from storage and record when, unless it
    was saved or started saving meanwhile; the batch row stays."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch_id, status__in=REMOVABLE, files_removed_at=None)
            .first()
        )
        if batch is None:
            return False
        batch.files_removed_at = timezone.now()
        batch.save(update_fields=["files_removed_at"])
        names = [(field.storage, field.name) for field in (batch.file, batch.plan_file)]
    for storage, name in names:
        if name:
            storage.delete(name)
    return True


def check_quota(user: Any, size: int) -> None:
    """Refuse a new file that would take the user's kept unsaved uploads past the
    quota (count or bytes), saying when room is made."""
    kept = kept_unsaved().filter(uploaded_by=user)
    totals = kept.aggregate(
        count=Count("pk"), size=Sum("file_bytes"), oldest=Min("last_step")
    )
    count, used = totals["count"], totals["size"] or 0
    if quota_files() and count + 1 > quota_files():
        message = _(
            "The file was not kept: you already have %(count)s uploaded files that "
            "were not saved, and the limit is %(limit)s."
        ) % {"count": count, "limit": quota_files()}
    elif quota_bytes() and used + size > quota_bytes():
        message = _(
            "The file was not kept: your uploaded files that were not saved take "
            "%(used)s, and with this file of %(size)s they would pass the limit of "
            "%(limit)s."
        ) % {
            "used": filesizeformat(used),
            "size": filesizeformat(size),
            "limit": filesizeformat(quota_bytes()),
        }
    else:
        return
    raise ReviewError(f"{message} {_room_note(totals['oldest'])}")


def _room_note(oldest: datetime | None) -> str:
    """When the oldest unsaved file is removed, which makes room."""
    when = (oldest or timezone.now()) + timedelta(days=retention_days())
    return _(
        "Files of uploads that were not saved are removed %(days)s days after their "
        "last step; you can upload again from %(date)s, or ask the national admin."
    ) % {
        "days": retention_days(),
        "date": date_format(timezone.localtime(when), "DATE_FORMAT"),
    }
