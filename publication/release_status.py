"""A release's state in words for the people who publish: embargoed until a time
in WIB, public, or superseded by a later public release. The publishing pages
and the run page say it the same way."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from publication.models import Release


def wib(moment: datetime) -> str:
    """A moment as the portal writes it: "5 Des 2026 10.00 WIB"."""
    local = timezone.localtime(moment)
    day = formats.date_format(local, "j M Y")
    return f"{day} {formats.time_format(local, 'TIME_FORMAT')} WIB"


@dataclass(frozen=True)
class ReleaseStatus:
    """The words, the badge's modifier class, and a note on what the public sees."""

    text: str
    badge: str
    note: str = ""


def _successor(release: Release) -> Release | None:
    return getattr(release, "superseded_by", None)


def status_of(release: Release, now: Any = None) -> ReleaseStatus:
    """The release's status now (reads `superseded_by`: select it with the list)."""
    now = now or timezone.now()
    later = _successor(release)
    if release.embargo_until is not None and not release.is_public(now):
        return ReleaseStatus(
            _("Embargoed until %(when)s") % {"when": wib(release.embargo_until)},
            "badge--submitted",
            _(
                "Hidden from the public until then: only those who publish this "
                "scope open its page."
            ),
        )
    if later is not None and later.is_public(now):
        return ReleaseStatus(
            _("Superseded by release %(number)s") % {"number": later.number},
            "badge--neutral",
            _("Still readable by the public, marked as superseded."),
        )
    note = ""
    if later is not None and later.embargo_until is not None:
        note = _("Release %(number)s replaces it on %(when)s.") % {
            "number": later.number,
            "when": wib(later.embargo_until),
        }
    return ReleaseStatus(_("Public"), "badge--approved", note)
