"""The writes of the feedback app: receive an item, record its handling, forward it."""

import reversion
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags

from anphu_portal.audit import Action, record_event
from anphu_portal.notifications import mail_role
from anphu_portal.roles import FEEDBACK_STAFF
from feedback.models import (
    OPEN_STATUSES,
    Channel,
    PendingUpload,
    Status,
    Submission,
    SubmissionAttachment,
    SubmissionNote,
    TrackingCounter,
)
from feedback.working_days import ANSWER_WORKING_DAYS, add_working_days

TRACKING_PREFIX = "HD"


def next_tracking_code(*, unit, year: int) -> str:
    """Return the next code of the unit and year ("HD-2026-000123"), never given twice.

    One UPDATE raises the counter; the row stays locked until the caller's transaction
    ends, so two submissions at once get two numbers.
    """
    counters = TrackingCounter.objects.filter(unit=unit, year=year)
    if not counters.exists():
        try:
            with transaction.atomic():
                TrackingCounter.objects.create(unit=unit, year=year)
        except IntegrityError:
            pass  # another request created it first
    with transaction.atomic():
        counters.update(last=F("last") + 1)
        number = counters.values_list("last", flat=True).get()
    return f"{TRACKING_PREFIX}-{year}-{number:06d}"


def default_due_date(received_at=None):
    """Return the answer's default due date: 10 working days after the day of receipt."""
    day = timezone.localdate(received_at or timezone.now())
    return add_working_days(day, ANSWER_WORKING_DAYS)


def create_submission(
    *,
    unit,
    data: dict,
    uploads=(),
    held: list[PendingUpload] = (),
    channel: str = Channel.WEB,
    user=None,
    request=None,
) -> Submission:
    """Save a new item with its files, give it a tracking code and queue the mails.

    `uploads` are uploaded files already validated; `held` are files kept from an
    earlier attempt of the same form, moved onto the item.
    """
    now = timezone.now()
    with transaction.atomic(), reversion.create_revision():
        submission = Submission(unit=unit, channel=channel, created_at=now, **data)
        submission.tracking_code = next_tracking_code(unit=unit, year=timezone.localdate(now).year)
        submission.due_date = default_due_date(now)
        submission.updated_by = user
        submission.save()
        for pending in held:
            SubmissionAttachment.objects.create(
                submission=submission,
                file=pending.file.name,
                original_name=pending.original_name,
                size=pending.size,
            )
            pending.delete()  # the row only; the file now belongs to the attachment
        for upload in uploads:
            SubmissionAttachment.objects.create(
                submission=submission, file=upload, original_name=upload.name, size=upload.size
            )
        reversion.set_comment(f"Tiếp nhận qua {submission.get_channel_display().lower()}")
        if user is not None:
            reversion.set_user(user)
        record_event(action=Action.CREATE, actor=user, request=request, obj=submission)
        transaction.on_commit(lambda: mail_new_submission(submission))
    return submission


def mail_new_submission(submission: Submission) -> None:
    """Queue the receipt to the citizen (when they gave an address) and the staff's notice."""
    if submission.email:
        send_mail(
            f"Đã nhận {submission.get_kind_display().lower()} {submission.tracking_code}",
            f"Kính gửi ông/bà {submission.name},\n\n"
            f"{submission.unit.unit_name} đã nhận {submission.get_kind_display().lower()} "
            f"“{submission.subject}”.\nMã tra cứu: {submission.tracking_code}\n"
            f"Hạn trả lời: {submission.due_date:%d/%m/%Y}\n\n"
            "Ông/bà tra cứu kết quả tại trang Hỏi đáp, mục “Tra cứu”, bằng mã tra cứu và 4 số "
            "cuối số điện thoại đã khai.\n",
            None,
            [submission.email],
        )
    mail_role(
        role=FEEDBACK_STAFF,
        unit=submission.unit,
        subject=f"Câu hỏi, phản ánh mới {submission.tracking_code}",
        # The tracking code and subject only: contact data stays in the admin.
        body=f"Có {submission.get_kind_display().lower()} mới “{submission.subject}” "
        f"({submission.tracking_code}), hạn trả lời {submission.due_date:%d/%m/%Y}. "
        "Vui lòng đăng nhập trang quản trị để xử lý.",
    )


def record_handling(*, submission: Submission, previous_status: str | None) -> None:
    """Stamp when an item was answered or closed, and queue the answer to the citizen.

    Called after staff saved the item in admin, inside the save's transaction.
    """
    now = timezone.now()
    fields = []
    if submission.status == Status.ANSWERED and previous_status != Status.ANSWERED:
        submission.answered_at = now
        fields.append("answered_at")
        transaction.on_commit(lambda: mail_answer(submission))
    if submission.status in OPEN_STATUSES:
        if submission.closed_at is not None:
            submission.closed_at = None
            fields.append("closed_at")
    elif submission.closed_at is None:
        submission.closed_at = now
        fields.append("closed_at")
    if fields:
        Submission.objects.filter(pk=submission.pk).update(
            **{name: getattr(submission, name) for name in fields}
        )


def mail_answer(submission: Submission) -> None:
    """Queue the answer to the citizen, when they gave an e-mail address."""
    if not submission.email:
        return
    send_mail(
        f"Trả lời {submission.tracking_code}: {submission.subject}",
        f"Kính gửi ông/bà {submission.name},\n\n"
        f"{submission.unit.unit_name} trả lời {submission.get_kind_display().lower()} "
        f"“{submission.subject}” ({submission.tracking_code}):\n\n"
        f"{strip_tags(submission.answer)}\n",
        None,
        [submission.email],
    )


def add_note(*, submission: Submission, text: str, user) -> SubmissionNote:
    """Add an internal note to an item."""
    return SubmissionNote.objects.create(submission=submission, text=text, author=user)


def forward_submission(*, submission: Submission, to_unit, user, request=None) -> Submission:
    """Hand an item to another unit of the platform: a new item there, this one closed."""
    if to_unit.pk == submission.unit_id:
        raise ValueError("Không thể chuyển cho chính đơn vị đang xử lý.")
    data = {
        name: getattr(submission, name)
        for name in (
            "kind",
            "name",
            "phone",
            "email",
            "address",
            "field",
            "subject",
            "content",
            "consent",
            "publish_requested",
        )
    }
    with transaction.atomic():
        copy = create_submission(
            unit=to_unit, data=data, channel=submission.channel, user=user, request=request
        )
        for attachment in submission.attachments.all():
            SubmissionAttachment.objects.create(
                submission=copy,
                file=_copy_file(attachment.file),
                original_name=attachment.original_name,
                size=attachment.size,
            )
        add_note(
            submission=copy,
            text=f"Chuyển đến từ {submission.unit.unit_name} ({submission.tracking_code}).",
            user=user,
        )
        with reversion.create_revision():
            previous = submission.status
            submission.status = Status.FORWARDED
            submission.forwarded_to = to_unit
            submission.updated_by = user
            submission.save()
            reversion.set_user(user)
            reversion.set_comment(f"Chuyển tới {to_unit.unit_name} ({copy.tracking_code})")
            record_handling(submission=submission, previous_status=previous)
        add_note(
            submission=submission,
            text=f"Đã chuyển tới {to_unit.unit_name}, mã tra cứu mới {copy.tracking_code}.",
            user=user,
        )
        record_event(
            action=Action.CHANGE,
            actor=user,
            request=request,
            obj=submission,
            detail=f"chuyển tới đơn vị {to_unit.slug}",
        )
    return copy


def _copy_file(field_file):
    from django.core.files.base import ContentFile

    with field_file.open("rb") as handle:
        content = ContentFile(handle.read(), name=field_file.name.rsplit("/", 1)[-1])
    return content
