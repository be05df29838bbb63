"""Interview schedules as .ics (nominations.calendar.slots_calendar), read back with
icalendar. Slots are read from the database, as a view would pass them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from nominations.calendar import slots_calendar
from nominations.models import Candidate, Interview, InterviewSlot
from tests.factories import (
    CandidateFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

WIB = ZoneInfo("Asia/Jakarta")
NINE = datetime(2025, 9, 10, 9, 0, tzinfo=WIB)
LINK = "https://meet.example.org/paritrana-jambi"


@pytest.fixture
def round_a(world):
    return ProvincialRoundFactory(province=world.prov_a)


def _read(round_, name="Wawancara Jambi"):
    """The round's slots from the database, as .ics, parsed back."""
    slots = InterviewSlot.objects.filter(round=round_)
    return Calendar.from_ical(slots_calendar(slots, name=name))


def _interviewed(world, slot, regency):
    candidate = CandidateFactory(
        category=slot.category, regency=regency, status=Candidate.Status.SHORTLISTED
    )
    Interview.objects.create(candidate=candidate, slot=slot)


def _booked(world, **fields):
    """A slot with a candidate (Kabupaten Kerinci) scheduled in it."""
    slot = InterviewSlotFactory(**fields)
    _interviewed(world, slot, world.reg_a1)
    return slot


def test_slots_calendar_names_the_calendar(round_a):
    calendar = _read(round_a)

    assert (
        str(calendar["X-WR-CALNAME"]),
        str(calendar["X-WR-TIMEZONE"]),
        str(calendar["VERSION"]),
        calendar.walk("VEVENT"),
    ) == ("Wawancara Jambi", "Asia/Jakarta", "2.0", [])


def test_slots_calendar_has_one_event_per_slot(world, round_a):
    first = _booked(world, round=round_a)
    second = _booked(world, round=round_a, starts_at=NINE + timedelta(hours=2))

    calendar = _read(round_a)

    assert [(str(e["UID"]), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")] == [
        (
            f"slot-{first.pk}@paritrana",
            f"Interview: Kabupaten Kerinci ({first.category})",
        ),
        (
            f"slot-{second.pk}@paritrana",
            f"Interview: Kabupaten Kerinci ({second.category})",
        ),
    ]


def test_slots_calendar_events_start_and_end_at_the_slot_times(world, round_a):
    _booked(world, round=round_a)

    (event,) = _read(round_a).walk("VEVENT")

    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        NINE,
        NINE + timedelta(hours=1),
    )


def test_slots_calendar_writes_times_in_asia_jakarta(world, round_a):
    _booked(world, round=round_a)

    (event,) = _read(round_a).walk("VEVENT")

    start, end = event["DTSTART"], event["DTEND"]
    assert (start.params.get("TZID"), start.dt, end.params.get("TZID"), end.dt) == (
        "Asia/Jakarta",
        datetime(2025, 9, 10, 9, 0, tzinfo=WIB),
        "Asia/Jakarta",
        datetime(2025, 9, 10, 10, 0, tzinfo=WIB),
    )


def test_slots_calendar_defines_the_asia_jakarta_timezone(world, round_a):
    _booked(world, round=round_a)

    calendar = _read(round_a)

    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_slots_calendar_stamps_every_event(world, round_a):
    _booked(world, round=round_a)
    _booked(world, round=round_a, starts_at=NINE + timedelta(hours=2))

    calendar = _read(round_a)

    assert ["DTSTAMP" in event for event in calendar.walk("VEVENT")] == [True, True]


def test_slots_calendar_describes_the_mode_and_the_candidates(world, round_a):
    slot = InterviewSlotFactory(round=round_a)
    _interviewed(world, slot, world.reg_a1)
    _interviewed(world, slot, world.reg_a2)

    (event,) = _read(round_a).walk("VEVENT")

    assert str(event["DESCRIPTION"]) == (
        "In person (luring)\nKabupaten Kerinci\nKota Jambi"
    )


def test_slots_calendar_gives_the_place_of_an_in_person_slot(world, round_a):
    _booked(world, round=round_a, place="Ruang Pola Kantor Gubernur Jambi")

    (event,) = _read(round_a).walk("VEVENT")

    assert (str(event["LOCATION"]), "URL" in event) == (
        "Ruang Pola Kantor Gubernur Jambi",
        False,
    )


def test_slots_calendar_gives_the_link_of_an_online_slot(world, round_a):
    slot = InterviewSlotFactory(
        round=round_a, mode=InterviewSlot.Mode.DARING, place="", meeting_link=LINK
    )
    _interviewed(world, slot, world.reg_a2)

    (event,) = _read(round_a).walk("VEVENT")

    assert (
        str(event["URL"]),
        "LOCATION" in event,
        str(event["DESCRIPTION"]),
    ) == (LINK, False, f"Online (daring)\nKota Jambi\n{LINK}")


def test_slots_calendar_gives_place_and_link_of_a_hybrid_slot(world, round_a):
    _booked(
        world,
        round=round_a,
        mode=InterviewSlot.Mode.HYBRID,
        place="Ruang Pola Kantor Gubernur Jambi",
        meeting_link=LINK,
    )

    (event,) = _read(round_a).walk("VEVENT")

    assert (str(event["LOCATION"]), str(event["URL"])) == (
        "Ruang Pola Kantor Gubernur Jambi",
        LINK,
    )


def test_slots_calendar_leaves_out_empty_slots(world, round_a):
    booked = _booked(world, round=round_a)
    InterviewSlotFactory(round=round_a, starts_at=NINE + timedelta(hours=2))

    calendar = _read(round_a)

    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        f"slot-{booked.pk}@paritrana"
    ]


def test_slots_calendar_time_zone_carries_no_english_comment(world, round_a):
    _booked(world, round=round_a)

    (zone,) = _read(round_a).walk("VTIMEZONE")

    assert ("COMMENT" in zone, str(zone["TZID"])) == (False, "Asia/Jakarta")
