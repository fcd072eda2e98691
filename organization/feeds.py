"""iCalendar feeds of the weekly schedule, for phone calendars (RFC 5545, via icalendar)."""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from organization.models import ScheduleEntry

PRODUCT_ID = "-//Cong thong tin dien tu//Lich cong tac//VI"
# An entry without an end time is shown as lasting this long.
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def build_calendar(*, name: str, entries, host: str) -> bytes:
    """Return the iCalendar text of the entries, with their time zone."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        calendar.add_component(build_event(entry, host=host))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def build_event(entry: ScheduleEntry, *, host: str) -> icalendar.Event:
    """Return one entry as a VEVENT: a UID that never changes, SEQUENCE for each change."""
    event = icalendar.Event()
    event.add("uid", f"{entry.uid}@{host}")
    event.add("dtstamp", entry.updated_at.astimezone(datetime.UTC))
    starts = timezone.localtime(entry.starts())
    event.add("dtstart", starts)
    event.add(
        "dtend", timezone.localtime(entry.ends()) if entry.end_time else starts + DEFAULT_LENGTH
    )
    summary = entry.content.splitlines()[0] if entry.content else "Lịch công tác"
    if entry.is_citizen_reception:
        summary = f"Tiếp công dân: {summary}"
    event.add("summary", summary)
    details = [entry.content]
    leaders = ", ".join(f"{leader.name} ({leader.title})" for leader in entry.leaders.all())
    if leaders:
        details.append(f"Chủ trì: {leaders}")
    if entry.participants:
        details.append(f"Thành phần: {entry.participants}")
    if entry.preparer:
        details.append(f"Chuẩn bị: {entry.preparer}")
    event.add("description", "\n".join(details))
    if entry.place:
        event.add("location", entry.place)
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.is_cancelled else "CONFIRMED")
    if entry.changed_at:
        event.add("last-modified", entry.changed_at.astimezone(datetime.UTC))
    return event
