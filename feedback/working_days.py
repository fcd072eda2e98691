"""Due dates counted in working days: weekends and the days off kept in admin are skipped."""

import datetime

ANSWER_WORKING_DAYS = 10


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """Return the date `days` working days after `start` (Saturday, Sunday, Holiday skipped)."""
    from feedback.models import Holiday

    # A generous window of days off to look up at once: two weeks of holiday per 10 days.
    horizon = start + datetime.timedelta(days=days * 3 + 30)
    days_off = set(
        Holiday.objects.filter(date__gt=start, date__lte=horizon).values_list("date", flat=True)
    )
    current, counted = start, 0
    while counted < days:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in days_off:
            counted += 1
    return current
