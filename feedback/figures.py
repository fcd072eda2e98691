"""Figures of questions and feedback for editors, and the monthly XLSX export."""

import datetime
import io
from statistics import median

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from feedback.models import Kind, Status, Submission

CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM = 720, 260, 40, 220


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_back(day: datetime.date, count: int) -> list[datetime.date]:
    """Return the first days of the `count` months ending with `day`'s month, oldest first."""
    months, current = [], month_start(day)
    for _ in range(count):
        months.append(current)
        current = month_start(current - datetime.timedelta(days=1))
    return list(reversed(months))


def answer_days(items) -> list[float]:
    """Return, for each answered item, the days from receipt to answer."""
    return [
        (answered - created).total_seconds() / 86400
        for created, answered in items.filter(answered_at__isnull=False).values_list(
            "created_at", "answered_at"
        )
    ]


def unit_figures(*, unit, today: datetime.date | None = None) -> dict:
    """Return counts per kind and status, the median days to answer, overdue, per month."""
    today = today or timezone.localdate()
    items = Submission.objects.for_unit(unit)
    by_kind = dict(items.values_list("kind").annotate(n=Count("pk")))
    by_status = dict(items.values_list("status").annotate(n=Count("pk")))
    days = answer_days(items)
    months = months_back(today, 12)
    rows = (
        items.filter(created_at__date__gte=months[0])
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    received = {timezone.localtime(row["month"]).date(): row["n"] for row in rows}
    per_month = [{"month": month, "received": received.get(month, 0)} for month in months]
    return {
        "total": items.count(),
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in Kind.choices],
        "by_status": [(label, by_status.get(value, 0)) for value, label in Status.choices],
        "median_days": round(median(days), 1) if days else None,
        "overdue": items.overdue(today).count(),
        "per_month": per_month,
        "chart": month_chart(per_month),
    }


def month_chart(per_month: list[dict]) -> dict:
    """Return the geometry of an SVG bar chart of items received per month."""
    highest = max([row["received"] for row in per_month] + [1])
    step = (CHART_WIDTH - CHART_LEFT) / len(per_month)
    bars = []
    for index, row in enumerate(per_month):
        height = round(row["received"] / highest * (CHART_BOTTOM - 20))
        bars.append(
            {
                "x": round(CHART_LEFT + index * step + step * 0.15),
                "y": CHART_BOTTOM - height,
                "width": round(step * 0.7),
                "height": height,
                "label_x": round(CHART_LEFT + index * step + step / 2),
                "month": row["month"],
                "value": row["received"],
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bottom": CHART_BOTTOM,
        "left": CHART_LEFT,
        "bars": bars,
        "highest": highest,
    }


def month_workbook(*, unit, month: datetime.date) -> bytes:
    """Return an XLSX file of one month's items: no personal data, one row per item."""
    start = month_start(month)
    end = month_start(start + datetime.timedelta(days=32))
    items = (
        Submission.objects.for_unit(unit)
        .filter(created_at__date__gte=start, created_at__date__lt=end)
        .order_by("created_at", "pk")
    )
    book = Workbook()
    sheet = book.active
    sheet.title = f"{start:%m-%Y}"
    headers = [
        "Mã tra cứu",
        "Ngày tiếp nhận",
        "Loại",
        "Lĩnh vực",
        "Hình thức",
        "Tiêu đề",
        "Trạng thái",
        "Hạn trả lời",
        "Ngày trả lời",
        "Số ngày trả lời",
        "Quá hạn",
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    today = timezone.localdate()
    for item in items:
        answered = timezone.localtime(item.answered_at).date() if item.answered_at else None
        days = (item.answered_at - item.created_at).days if item.answered_at else None
        sheet.append(
            [
                item.tracking_code,
                timezone.localtime(item.created_at).date(),
                item.get_kind_display(),
                item.get_field_display(),
                item.get_channel_display(),
                item.subject,
                item.get_status_display(),
                item.due_date,
                answered,
                days,
                "Có" if item.is_overdue(today) else "",
            ]
        )
    for column in ("B", "H", "I"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
