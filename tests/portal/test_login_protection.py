"""Wrong passwords lock one username from one address for an hour, and nothing more."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from anphu_portal.models import AuditEvent
from anphu_portal.roles import EDITOR
from tests.factories import PASSWORD, login_staff, make_staff_user

pytestmark = pytest.mark.django_db

LOGIN_URL = f"/{settings.ADMIN_PATH}login/"
OFFICE = "203.0.113.10"
PHONE_NETWORK = "198.51.100.20"


def post_login(client, username, password, ip=OFFICE):
    data = {"username": username, "password": password, "next": f"/{settings.ADMIN_PATH}"}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=ip)


def fail_five_times(client, username, ip=OFFICE):
    return [post_login(client, username, "sai-mat-khau", ip).status_code for _ in range(5)]


@pytest.fixture
def editor():
    return make_staff_user(EDITOR, username="bientap")


def test_fifth_wrong_password_shows_the_vietnamese_lockout_page(client, editor):
    statuses = fail_five_times(client, "bientap")
    assert statuses[:4] == [200] * 4
    response = post_login(client, "bientap", "sai-mat-khau")
    assert statuses[4] == 429 and response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "trong 1 giờ" in page and "bientap" in page


def test_right_password_is_refused_while_locked(client, editor):
    fail_five_times(client, "bientap")
    response = post_login(client, "bientap", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_same_user_from_another_address_can_still_log_in(client, editor):
    fail_five_times(client, "bientap", ip=OFFICE)
    response = post_login(client, "bientap", PASSWORD, ip=PHONE_NETWORK)
    assert response.status_code == 302
    assert response["Location"] == f"/{settings.ADMIN_PATH}"


def test_another_user_from_the_locked_address_can_log_in(client, editor):
    make_staff_user(EDITOR, username="bientap2")
    fail_five_times(client, "bientap", ip=OFFICE)
    response = post_login(client, "bientap2", PASSWORD, ip=OFFICE)
    assert response.status_code == 302
    assert client.get(f"/{settings.ADMIN_PATH}").status_code == 200


def test_lock_ends_after_one_hour(client, editor):
    fail_five_times(client, "bientap")
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert post_login(client, "bientap", PASSWORD).status_code == 302


def test_four_failures_then_success_start_the_count_again(client, editor):
    for _ in range(4):
        post_login(client, "bientap", "sai-mat-khau")
    assert post_login(client, "bientap", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_superuser_unlocks_in_admin_and_the_user_logs_in(client, editor):
    fail_five_times(client, "bientap")
    attempt = AccessAttempt.objects.get(username="bientap", ip_address=OFFICE)
    admin_client = client.__class__()
    login_staff(admin_client, make_staff_user(superuser=True, username="quantri"))

    listing = admin_client.get(f"/{settings.ADMIN_PATH}axes/accessattempt/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "bientap" in html and "Đang bị khóa" in html and "Số lần sai" in html
    assert "Trạng thái" in html
    index = admin_client.get(f"/{settings.ADMIN_PATH}").content.decode()
    assert "Chống dò mật khẩu" in index and "Lượt đăng nhập sai" in index
    delete_url = f"/{settings.ADMIN_PATH}axes/accessattempt/{attempt.pk}/delete/"
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    unlock = AuditEvent.objects.get(detail="Mở khóa đăng nhập")
    assert (unlock.actor_name, unlock.object_label) == ("quantri", "bientap")

    assert post_login(client, "bientap", PASSWORD).status_code == 302


def test_staff_without_rights_cannot_see_the_lockout_list(client, editor):
    login_staff(client, editor)
    assert client.get(f"/{settings.ADMIN_PATH}axes/accessattempt/").status_code == 403


def test_failures_and_lockout_are_audited_without_the_password(client, editor):
    fail_five_times(client, "bientap")
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.count() == 5
    assert {event.object_label for event in failed} == {"bientap"}
    assert {event.ip_address for event in failed} == {OFFICE}
    locked = AuditEvent.objects.get(action=AuditEvent.Action.LOCKED_OUT)
    assert locked.object_label == "bientap"
    for event in AuditEvent.objects.all():
        assert "sai-mat-khau" not in f"{event.object_label} {event.detail}"
    assert "sai-mat-khau" not in AccessAttempt.objects.get().post_data


def test_login_and_logout_are_audited(client, editor):
    post_login(client, "bientap", PASSWORD)
    client.post(f"/{settings.ADMIN_PATH}logout/")
    actions = list(
        AuditEvent.objects.filter(actor=editor).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["login", "logout"]
    assert AuditEvent.objects.get(action="login").ip_address == OFFICE
