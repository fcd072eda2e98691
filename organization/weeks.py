"""Which week the schedule shows: ?tuan=2026-W49 or a date, in Asia/Ho_Chi_Minh."""

import datetime
import re

from django.utils import timezone

from organization.models.schedule import week_start

ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
WEEK_PARAMETER_HINT = (
    "Tuần không hợp lệ. Hãy chọn tuần bằng nút “Tuần trước”, “Tuần sau”, "
    "hoặc ghi theo mẫu ?tuan=2026-W49 hay một ngày như 02/12/2026."
)


class BadWeek(ValueError):
    """The ?tuan= parameter names no week."""


def today() -> datetime.date:
    return timezone.localdate()


def parse_week(raw: str | None) -> datetime.date:
    """Return the Monday of the week named by ?tuan= (this week when empty)."""
    raw = (raw or "").strip()
    if not raw:
        return week_start(today())
    try:
        if match := ISO_WEEK.match(raw):
            return datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        if match := ISO_DATE.match(raw):
            return week_start(datetime.date(int(match[1]), int(match[2]), int(match[3])))
        if match := VN_DATE.match(raw):
            return week_start(datetime.date(int(match[3]), int(match[2]), int(match[1])))
    except ValueError as error:
        raise BadWeek(raw) from error
    raise BadWeek(raw)


def week_label(monday: datetime.date) -> str:
    """Return the ISO name of the week, as ?tuan= takes it: 2026-W49."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
