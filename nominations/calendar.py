"""Interview schedules as iCalendar (.ics) files for calendars of the committee and
the assessors."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from nominations.models import InterviewSlot


def slots_calendar(slots: Iterable[InterviewSlot], *, name: str) -> bytes:
    """One event per slot, listing its candidates; returns the .ics bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//Paritrana Portal//nominasi//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for slot in slots:
        calendar.add_component(_event(slot))
    calendar.add_missing_timezones()  # RFC 5545: a VTIMEZONE for Asia/Jakarta
    return calendar.to_ical()


def _event(slot: InterviewSlot) -> Event:
    event = Event()
    event.add("uid", f"slot-{slot.pk}@paritrana")
    event.add("summary", _("Interview: %(category)s") % {"category": slot.category})
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    names = [i.candidate.subject_name for i in slot.interviews.all()]
    lines = [str(slot.get_mode_display()), *names]
    if slot.meeting_link:
        lines.append(slot.meeting_link)
        event.add("url", slot.meeting_link)
    if slot.place:
        event.add("location", slot.place)
    event.add("description", "\n".join(lines))
    return event
