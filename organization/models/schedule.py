"""The weekly work schedule (Lịch công tác tuần) and the signed schedule of each week."""

import datetime
import uuid

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone

from organization.models.common import unit_field, updated_by_field

# A cancelled entry stays in the calendar feed this long, so phones remove it.
CANCELLED_KEPT_DAYS = 30
# Fields whose change is news to someone who already has the entry in a calendar.
TRACKED_FIELDS = (
    "date",
    "start_time",
    "end_time",
    "content",
    "place",
    "participants",
    "preparer",
    "status",
    "is_citizen_reception",
)


def week_start(day: datetime.date) -> datetime.date:
    """Return the Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


class ScheduleEntryQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Return the entries of one unit's portal."""
        return self.filter(unit=unit)

    def in_week(self, monday: datetime.date):
        """Return the entries of the week starting on `monday` (cancelled ones included)."""
        sunday = monday + datetime.timedelta(days=6)
        return self.filter(date__range=(monday, sunday)).order_by("date", "start_time", "pk")

    def with_leaders(self):
        return self.prefetch_related("leaders")

    def in_feed(self, now: datetime.datetime):
        """Return the entries a calendar feed sends: planned ones, and recent cancellations."""
        cutoff = now - datetime.timedelta(days=CANCELLED_KEPT_DAYS)
        return self.filter(
            models.Q(status=ScheduleEntry.Status.PLANNED)
            | models.Q(status=ScheduleEntry.Status.CANCELLED, changed_at__gte=cutoff)
        ).order_by("date", "start_time", "pk")


class ScheduleEntry(models.Model):
    """One engagement of the week: a meeting, a visit, a day of receiving citizens."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Theo kế hoạch"
        CANCELLED = "cancelled", "Đã hủy"

    unit = unit_field()
    uid = models.UUIDField("mã lịch", default=uuid.uuid4, editable=False, unique=True)
    date = models.DateField("ngày")
    start_time = models.TimeField("giờ bắt đầu", help_text="Ví dụ 07:30.")
    end_time = models.TimeField("giờ kết thúc", null=True, blank=True)
    leaders = models.ManyToManyField(
        "organization.Person",
        verbose_name="lãnh đạo chủ trì",
        blank=True,
        related_name="schedule_entries",
    )
    content = models.TextField("nội dung")
    place = models.CharField("địa điểm", max_length=300, blank=True)
    participants = models.TextField("thành phần", blank=True)
    preparer = models.CharField(
        "đơn vị chuẩn bị", max_length=300, blank=True, help_text="Ví dụ “Văn phòng HĐND và UBND”."
    )
    is_citizen_reception = models.BooleanField(
        "tiếp công dân",
        default=False,
        help_text="Đánh dấu buổi lãnh đạo tiếp công dân; lịch hiện rõ cho người dân.",
    )
    status = models.CharField(
        "tình trạng", max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    sequence = models.PositiveIntegerField("lần sửa", default=0, editable=False)
    changed_at = models.DateTimeField(
        "thay đổi lúc",
        null=True,
        blank=True,
        editable=False,
        help_text="Thời điểm lịch được sửa sau khi đăng; trang lịch ghi “Đã thay đổi”.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()

    objects = ScheduleEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "mục lịch công tác"
        verbose_name_plural = "lịch công tác"
        ordering = ["-date", "start_time", "pk"]
        indexes = [models.Index(fields=["unit", "date"], name="organization_entry_unit_date")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M} – {self.content[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._mark_change()
        super().save(*args, **kwargs)

    def _mark_change(self) -> None:
        """Raise SEQUENCE and stamp the time when a field a calendar shows has changed."""
        stored = type(self)._default_manager.filter(pk=self.pk).values(*TRACKED_FIELDS).first()
        if stored is None:
            return
        if any(stored[name] != getattr(self, name) for name in TRACKED_FIELDS):
            self.sequence += 1
            self.changed_at = timezone.now()

    def clean(self):
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "Giờ kết thúc phải sau giờ bắt đầu."})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def starts(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    def ends(self) -> datetime.datetime | None:
        if self.end_time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))


class SignedSchedule(models.Model):
    """The week's schedule as signed on paper, scanned to PDF, attached to the week view."""

    unit = unit_field()
    title = models.CharField(
        "tên văn bản",
        max_length=200,
        help_text="Ví dụ “Lịch công tác tuần 49 năm 2026 của UBND huyện”.",
    )
    week = models.DateField(
        "tuần (ngày thứ Hai)", help_text="Chọn ngày bất kỳ trong tuần; lưu là ngày thứ Hai."
    )
    document = models.FileField(
        "tệp PDF đã ký",
        upload_to="organization/lich-cong-tac/",
        validators=[FileExtensionValidator(["pdf"], "Chỉ nhận tệp PDF (.pdf).")],
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = updated_by_field()

    class Meta:
        verbose_name = "lịch tuần đã ký"
        verbose_name_plural = "lịch tuần đã ký"
        ordering = ["-week", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.week = week_start(self.week)
        super().save(*args, **kwargs)

    def clean(self):
        if self.document and not self.document.read(5).startswith(b"%PDF-"):
            raise ValidationError({"document": "Tệp này không phải PDF. Hãy chọn tệp PDF đã ký."})
        if self.document:
            self.document.seek(0)


reversion.register(ScheduleEntry)
reversion.register(SignedSchedule)
