"""The audit trail page: read-only, for inspectors and superusers; old entries pruned."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from anphu_portal.audit import months_before, record_event
from anphu_portal.models import AuditEvent
from anphu_portal.roles import APPROVER, EDITOR, INSPECTOR
from tests.factories import login_staff, make_staff_user

pytestmark = pytest.mark.django_db

LIST_URL = f"/{settings.ADMIN_PATH}anphu_portal/auditevent/"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def events():
    editor = make_staff_user(EDITOR, username="bientap")
    record_event(
        action=AuditEvent.Action.PUBLISH,
        actor=editor,
        object_type="news.article",
        object_id="7",
        object_label="Khánh thành cầu Vĩnh Hội Đông",
    )
    record_event(
        action=AuditEvent.Action.LOGIN_FAILED, object_type="auth.user", object_label="duyettin"
    )
    return AuditEvent.objects.order_by("pk")


def test_inspector_reads_the_audit_trail(client, events):
    login_staff(client, make_staff_user(INSPECTOR, username="thanhtra"))
    page = client.get(LIST_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Khánh thành cầu Vĩnh Hội Đông" in html and "Đăng nhập sai" in html
    assert client.get(f"{LIST_URL}{events[0].pk}/change/").status_code == 200


@pytest.mark.parametrize("role", [EDITOR, APPROVER])
def test_other_roles_cannot_see_the_audit_trail(client, events, role):
    login_staff(client, make_staff_user(role))
    assert client.get(LIST_URL).status_code == 403


@pytest.mark.parametrize("superuser", [True, False])
def test_nobody_adds_changes_or_deletes_an_entry(client, events, superuser):
    user = make_staff_user(None if superuser else INSPECTOR, superuser=superuser)
    login_staff(client, user)
    event = events[0]
    assert client.get(f"{LIST_URL}add/").status_code == 403
    assert client.get(f"{LIST_URL}{event.pk}/delete/").status_code == 403
    response = client.post(f"{LIST_URL}{event.pk}/change/", {"object_label": "sửa"})
    assert response.status_code == 403
    client.post(LIST_URL, {"action": "delete_selected", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.object_label == "Khánh thành cầu Vĩnh Hội Đông"
    assert 'name="_save"' not in client.get(f"{LIST_URL}{event.pk}/change/").content.decode()


def test_filters_and_search_by_account_and_object(client, events):
    login_staff(client, make_staff_user(superuser=True, username="quantri"))
    by_action = client.get(LIST_URL, {"action__exact": "login_failed"}).content.decode()
    assert "duyettin" in by_action and "Vĩnh Hội Đông" not in by_action
    by_type = client.get(LIST_URL, {"object_type": "news.article"}).content.decode()
    assert "Vĩnh Hội Đông" in by_type and "duyettin" not in by_type
    by_account = client.get(LIST_URL, {"q": "bientap"}).content.decode()
    assert "Vĩnh Hội Đông" in by_account
    by_label = client.get(LIST_URL, {"q": "Vĩnh Hội"}).content.decode()
    assert "Vĩnh Hội Đông" in by_label and "duyettin" not in by_label


def old_and_new_entries():
    with time_machine.travel(datetime(2024, 1, 10, 9, 0, tzinfo=LOCAL)):
        record_event(action=AuditEvent.Action.LOGIN, object_label="cu")
    with time_machine.travel(datetime(2024, 3, 5, 9, 0, tzinfo=LOCAL)):
        record_event(action=AuditEvent.Action.LOGIN, object_label="moi")


def test_prune_deletes_entries_older_than_the_retention(db):
    old_and_new_entries()
    out = StringIO()
    with time_machine.travel(datetime(2026, 2, 20, 8, 0, tzinfo=LOCAL)):
        call_command("prune_audit_events", stdout=out)
    labels = set(AuditEvent.objects.values_list("object_label", flat=True))
    assert labels == {"moi", "nhật ký thao tác"}
    assert "Đã xóa 1 mục" in out.getvalue()
    assert AuditEvent.objects.get(action="delete").detail == "Xóa 1 mục cũ hơn 24 tháng"


def test_prune_follows_the_retention_setting(db, settings):
    settings.AUDIT_RETENTION_MONTHS = 36
    old_and_new_entries()
    with time_machine.travel(datetime(2026, 2, 20, 8, 0, tzinfo=LOCAL)):
        call_command("prune_audit_events", stdout=StringIO())
    assert AuditEvent.objects.count() == 2


def test_prune_refuses_a_retention_below_one_month(db):
    with pytest.raises(CommandError, match="từ 1 trở lên"):
        call_command("prune_audit_events", "--months", "0", stdout=StringIO())


def test_months_before_keeps_the_day_within_the_month():
    moment = datetime(2026, 3, 31, 10, 0, tzinfo=LOCAL)
    assert months_before(moment, 1) == datetime(2026, 2, 28, 10, 0, tzinfo=LOCAL)
    assert months_before(moment, 24) == datetime(2024, 3, 31, 10, 0, tzinfo=LOCAL)
    assert months_before(moment, 13) == datetime(2025, 2, 28, 10, 0, tzinfo=LOCAL)
