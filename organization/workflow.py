"""Writes of the organization app, shared by the admin, the demo command and the tests."""

import datetime

from django.db import transaction

from organization.models import ScheduleEntry

ONE_WEEK = datetime.timedelta(days=7)


@transaction.atomic
def copy_to_next_week(*, entries, user=None) -> list[ScheduleEntry]:
    """Copy entries to the same weekday and time a week later, as new planned entries."""
    copies = []
    for entry in entries.prefetch_related("leaders"):
        copy = ScheduleEntry.objects.create(
            unit_id=entry.unit_id,
            date=entry.date + ONE_WEEK,
            start_time=entry.start_time,
            end_time=entry.end_time,
            content=entry.content,
            place=entry.place,
            participants=entry.participants,
            preparer=entry.preparer,
            is_citizen_reception=entry.is_citizen_reception,
            updated_by=user,
        )
        copy.leaders.set(entry.leaders.all())
        copies.append(copy)
    return copies
