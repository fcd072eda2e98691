"""Erasing and exporting citizens' personal data (Nghị định 13/2023).

Erasure is the one deliberate exception to "every delete is recoverable": the contact
data leaves the items, their stored history versions, their files and the mail queue and
log. The subject, the content, the answer and the figures stay, without a name.
"""

import calendar
import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from mailer.models import Message, MessageLog
from reversion.models import Version

from anphu_portal.audit import Action, record_event
from feedback.forms import HELD_MAX_AGE
from feedback.models import (
    OPEN_STATUSES,
    PERSONAL_FIELDS,
    PendingUpload,
    Submission,
    SubmissionAttachment,
)

ERASED_NAME = "(đã xóa)"
DEFAULT_KEEP_MONTHS = 24


@dataclass
class ErasureReport:
    submissions: int = 0
    versions: int = 0
    attachments: int = 0
    mails: int = 0


def keep_months() -> int:
    return int(getattr(settings, "FEEDBACK_KEEP_PERSONAL_DATA_MONTHS", DEFAULT_KEEP_MONTHS))


def months_before(moment, months: int):
    """Return the same day and time `months` months earlier (the 31st becomes the 28th–30th)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def erase_closed_feedback(now=None, *, months: int | None = None) -> ErasureReport:
    """Erase the personal data of items closed more than `months` months before `now`."""
    now = now or timezone.now()
    purge_pending_uploads(now)
    cutoff = months_before(now, keep_months() if months is None else months)
    items = Submission.objects.exclude(status__in=OPEN_STATUSES).filter(
        closed_at__lt=cutoff, personal_data_erased=False
    )
    return erase_submissions(items)


def purge_pending_uploads(now=None) -> int:
    """Delete the files held for re-shown forms once their hour is over; return how many."""
    expired = PendingUpload.objects.filter(
        created_at__lt=(now or timezone.now()) - timedelta(seconds=HELD_MAX_AGE)
    )
    count = 0
    for upload in expired:
        upload.file.delete(save=False)
        upload.delete()
        count += 1
    return count


def citizen_items(*, phone: str = "", email: str = "", unit=None):
    """Return the items sent with this phone number or e-mail address (in one unit if given)."""
    if not phone and not email:
        return Submission.objects.none()
    items = Submission.objects.filter(personal_data_erased=False)
    if unit is not None:
        items = items.for_unit(unit)
    match = Submission.objects.none()
    if phone:
        match |= items.filter(phone=phone)
    if email:
        match |= items.filter(email__iexact=email)
    return match


def erase_submissions(items) -> ErasureReport:
    """Erase contact data, attachments, history values and mails of the given items."""
    report = ErasureReport()
    for submission in list(items):
        with transaction.atomic():
            _erase_one(submission, report)
    return report


def _erase_one(submission: Submission, report: ErasureReport) -> None:
    email = submission.email
    for attachment in submission.attachments.all():
        attachment.file.delete(save=False)
        report.attachments += 1
    attachment_ids = list(submission.attachments.values_list("pk", flat=True))
    submission.attachments.all().delete()
    Submission.objects.filter(pk=submission.pk).update(
        name=ERASED_NAME, phone="", email="", address="", personal_data_erased=True
    )
    report.versions += _erase_versions(Submission, [submission.pk], PERSONAL_FIELDS)
    report.versions += _erase_versions(
        SubmissionAttachment, attachment_ids, ("file", "original_name")
    )
    if email:
        report.mails += erase_mails(email)
    report.submissions += 1
    record_event(
        action=Action.DELETE,
        obj=submission,
        detail="xóa thông tin cá nhân của người gửi",
    )


def _erase_versions(model, ids, fields) -> int:
    """Blank `fields` in every stored version of these rows; return how many changed."""
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    versions = Version.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in ids]
    )
    changed = 0
    for version in versions:
        data = json.loads(version.serialized_data)
        for entry in data:
            for name in fields:
                if name in entry.get("fields", {}):
                    entry["fields"][name] = ""
        version.serialized_data = json.dumps(data, ensure_ascii=False)
        version.object_repr = version.object_repr if model is Submission else ERASED_NAME
        version.save(update_fields=["serialized_data", "object_repr"])
        changed += 1
    return changed


def erase_mails(email: str) -> int:
    """Delete queued and logged mails addressed to `email`; return how many."""
    address = email.lower()
    doomed = 0
    for model in (Message, MessageLog):
        ids = [
            row.pk
            for row in model.objects.all().only("pk", "message_data").iterator()
            if address in {to.lower() for to in (row.to_addresses or [])}
        ]
        doomed += model.objects.filter(pk__in=ids).delete()[0]
    return doomed


def export_citizen_data(*, phone: str = "", email: str = "", unit=None) -> dict:
    """Return everything kept about one citizen, as data for a JSON file."""
    items = citizen_items(phone=phone, email=email, unit=unit).select_related("unit")
    return {
        "exported_at": timezone.localtime().isoformat(),
        "items": [
            {
                "tracking_code": item.tracking_code,
                "unit": item.unit.unit_name,
                "kind": item.get_kind_display(),
                "channel": item.get_channel_display(),
                "name": item.name,
                "phone": item.phone,
                "email": item.email,
                "address": item.address,
                "field": item.get_field_display(),
                "subject": item.subject,
                "content": item.content,
                "status": item.get_status_display(),
                "answer": item.answer,
                "received_at": timezone.localtime(item.created_at).isoformat(),
                "attachments": [a.original_name for a in item.attachments.all()],
            }
            for item in items
        ],
    }
