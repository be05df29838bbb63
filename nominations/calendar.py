"""Interview schedules as iCalendar (.ics) files for calendars of the committee and
the assessors."""

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from nominations.models import InterviewSlot, ProvincialRound

SALT = "nominations.calendar"


def calendar_key(round_: ProvincialRound) -> str:
    """A secret for the round's calendar link, for assessors' calendar programs,
    which cannot sign in: it opens that round's schedule and nothing else."""
    return signing.Signer(salt=SALT).sign(str(round_.pk)).split(":", 1)[1]


def opens(round_: ProvincialRound, key: str) -> bool:
    """Whether the key is the round's calendar key."""
    return bool(key) and constant_time_compare(key, calendar_key(round_))


def slots_calendar(slots: Iterable[InterviewSlot], *, name: str) -> bytes:
    """One event per slot with candidates, named after them (empty slots stay out);
    returns the .ics bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//Paritrana Portal//nominasi//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for slot in slots:
        names = [i.candidate.subject_name for i in slot.interviews.all()]
        if names:
            calendar.add_component(_event(slot, names))
    calendar.add_missing_timezones()  # RFC 5545: a VTIMEZONE for Asia/Jakarta
    for zone in calendar.walk("VTIMEZONE"):
        # The library's note on the zone's validity is English and only for it.
        zone.pop("COMMENT", None)
    return calendar.to_ical()


def _event(slot: InterviewSlot, names: list[str]) -> Event:
    event = Event()
    event.add("uid", f"slot-{slot.pk}@paritrana")
    event.add(
        "summary",
        _("Interview: %(names)s (%(category)s)")
        % {"names": ", ".join(names), "category": slot.category},
    )
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    lines = [str(slot.get_mode_display()), *names]
    if slot.meeting_link:
        lines.append(slot.meeting_link)
        event.add("url", slot.meeting_link)
    if slot.place:
        event.add("location", slot.place)
    event.add("description", "\n".join(lines))
    return event
