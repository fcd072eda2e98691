"""Tracking without revealing codes, files only to the right role in the right unit."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from anphu_portal.models import Membership, Unit, UnitHost
from anphu_portal.roles import EDITOR, FEEDBACK_STAFF, INSPECTOR, UNIT_ADMIN
from feedback.models import SubmissionAttachment
from tests.factories import login_staff, make_image_file, make_staff_user
from tests.feedback.helpers import make_submission

pytestmark = pytest.mark.django_db

TRACK = "/hoi-dap/tra-cuu/"
ADMIN = f"/{settings.ADMIN_PATH}"


def test_a_wrong_code_and_a_wrong_phone_get_the_same_answer(client):
    item = make_submission()
    unknown = client.post(TRACK, {"code": "HD-2026-999999", "phone_end": "5678"})
    wrong_digits = client.post(TRACK, {"code": item.tracking_code, "phone_end": "0000"})
    assert unknown.status_code == wrong_digits.status_code == 404
    assert page_text(unknown) == page_text(wrong_digits)


def page_text(response) -> str:
    """Return the page without the values typed and the CSRF token."""
    return re.sub(r'value="[^"]*"', "", response.content.decode())


def test_guessing_codes_is_stopped_after_ten_wrong_pairs_even_for_a_right_one(client):
    item = make_submission()
    for n in range(10):
        client.post(TRACK, {"code": f"HD-2026-{n:06d}", "phone_end": "1111"})
    refused = client.post(TRACK, {"code": item.tracking_code, "phone_end": "5678"})
    assert refused.status_code == 429
    assert "sai quá nhiều lần" in refused.content.decode()
    other_address = client.post(
        TRACK, {"code": item.tracking_code, "phone_end": "5678"}, REMOTE_ADDR="203.0.113.7"
    )
    assert other_address.status_code == 200


def test_the_tracking_page_shows_no_contact_data(client):
    item = make_submission()
    page = client.post(TRACK, {"code": item.tracking_code, "phone_end": "5678"})
    text = page.content.decode()
    assert item.subject in text
    for personal in (item.name, item.phone, item.email, item.address):
        assert personal not in text


def test_an_item_is_tracked_only_on_its_own_units_site(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    Unit.load()
    other = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    UnitHost.objects.create(unit=other, host="xa-mau.localhost")
    item = make_submission()
    data = {"code": item.tracking_code, "phone_end": "5678"}
    assert client.post(TRACK, data, HTTP_HOST="xa-mau.localhost").status_code == 404


@pytest.fixture
def attachment():
    item = make_submission()
    return SubmissionAttachment.objects.create(
        submission=item, file=make_image_file("giay-to.jpg"), original_name="giay-to.jpg"
    )


@pytest.mark.parametrize(
    "role,status", [(FEEDBACK_STAFF, 200), (UNIT_ADMIN, 200), (INSPECTOR, 403), (EDITOR, 403)]
)
def test_files_open_only_for_the_feedback_role_and_the_unit_administrator(
    client, attachment, role, status
):
    login_staff(client, make_staff_user(role, username="can-bo"))
    response = client.get(f"/hoi-dap/tep-dinh-kem/{attachment.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_a_visitor_gets_no_file(client, attachment):
    assert client.get(f"/hoi-dap/tep-dinh-kem/{attachment.pk}/").status_code == 403


def test_staff_of_another_unit_do_not_reach_the_file(client, attachment, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    other = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    UnitHost.objects.create(unit=other, host="xa-mau.localhost")
    user = make_staff_user(None, username="xa-mau-tiep-nhan")
    Membership.objects.create(user=user, unit=other, role=Group.objects.get(name=FEEDBACK_STAFF))
    login_staff(client, user)
    url = f"/hoi-dap/tep-dinh-kem/{attachment.pk}/"
    assert client.get(url, HTTP_HOST="xa-mau.localhost").status_code == 404


def test_the_inspector_reads_the_handling_without_contact_data(client):
    item = make_submission()
    login_staff(client, make_staff_user(INSPECTOR, username="thanh-tra"))
    page = client.get(f"{ADMIN}feedback/submission/{item.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert item.subject in text
    for personal in (item.name, item.phone, item.email, item.address):
        assert personal not in text
    history = client.get(f"{ADMIN}feedback/submission/{item.pk}/history/")
    assert history.status_code == 200
    assert item.name not in history.content.decode()


def test_the_feedback_role_sees_contact_data_and_finds_by_phone(client):
    item = make_submission()
    make_submission(phone="0987000111", subject="Câu hỏi khác")
    login_staff(client, make_staff_user(FEEDBACK_STAFF, username="tiep-nhan"))
    found = client.get(f"{ADMIN}feedback/submission/?q=0912.345.678").content.decode()
    assert item.tracking_code in found and "Câu hỏi khác" not in found
    page = client.get(f"{ADMIN}feedback/submission/{item.pk}/change/").content.decode()
    assert item.name in page
