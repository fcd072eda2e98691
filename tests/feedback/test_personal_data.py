"""Erasing citizens' personal data: closed items after the keeping period, one citizen on request."""

import json
from datetime import timedelta

import pytest
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone
from mailer.models import Message
from reversion.models import Version

from anphu_portal.audit import AuditEvent
from anphu_portal.registry import portal
from feedback.models import Status, Submission, SubmissionAttachment
from tests.factories import make_image_file
from tests.feedback.helpers import make_submission

pytestmark = pytest.mark.django_db


def close(item, *, days_ago: int):
    Submission.objects.filter(pk=item.pk).update(
        status=Status.ANSWERED, closed_at=timezone.now() - timedelta(days=days_ago)
    )


def test_closed_items_past_24_months_lose_contact_data_everywhere(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    old = make_submission()
    recent = make_submission(phone="0987000111", email="khac@example.com")
    SubmissionAttachment.objects.create(
        submission=old, file=make_image_file(), original_name="a.jpg"
    )
    send_mail("Trả lời", "Nội dung", None, [old.email])
    close(old, days_ago=800)
    close(recent, days_ago=30)

    call_command("erase_closed_feedback", verbosity=0)

    old.refresh_from_db()
    assert (old.name, old.phone, old.email, old.address) == ("(đã xóa)", "", "", "")
    assert old.subject and old.content  # the anonymous text stays for the figures
    assert old.attachments.count() == 0
    for version in Version.objects.get_for_object(old):
        assert "binh@example.com" not in version.serialized_data
        assert "0912345678" not in version.serialized_data
    assert Message.objects.count() == 0
    recent.refresh_from_db()
    assert recent.phone == "0987000111"
    assert not any("0912345678" in e.detail + e.object_label for e in AuditEvent.objects.all())


def test_the_clean_up_is_registered_with_the_portal():
    old = make_submission()
    close(old, days_ago=800)
    portal.personal_data_cleanups["feedback"](timezone.now())
    old.refresh_from_db()
    assert old.personal_data_erased


def test_one_citizens_data_is_exported_then_erased(tmp_path):
    mine = make_submission()
    other = make_submission(phone="0987000111", email="khac@example.com")
    target = tmp_path / "du-lieu.json"

    call_command("export_citizen_data", "--phone", "0912.345.678", "--output", str(target))
    exported = json.loads(target.read_text())
    assert [item["tracking_code"] for item in exported["items"]] == [mine.tracking_code]
    assert exported["items"][0]["name"] == "Trần Văn Bình"

    call_command("erase_citizen_data", "--phone", "0912345678", verbosity=0)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.personal_data_erased and mine.phone == ""
    assert other.phone == "0987000111"


def test_files_held_for_a_re_shown_form_are_deleted_after_their_hour(client):
    from feedback.models import PendingUpload
    from feedback.personal_data import purge_pending_uploads

    kept = PendingUpload.objects.create(file=make_image_file("moi.jpg"), original_name="moi.jpg")
    old = PendingUpload.objects.create(file=make_image_file("cu.jpg"), original_name="cu.jpg")
    PendingUpload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    storage, name = old.file.storage, old.file.name
    assert purge_pending_uploads() == 1
    assert list(PendingUpload.objects.all()) == [kept]
    assert not storage.exists(name)
