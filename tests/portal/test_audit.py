"""The audit trail's writing service."""

from django.test import RequestFactory

from anphu_portal.audit import record_event
from anphu_portal.models import AuditEvent
from tests.factories import make_category, make_staff_user


def test_record_event_names_actor_object_and_client_address(db):
    user = make_staff_user(username="bientap")
    category = make_category("Cải cách hành chính")
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    request.user = user

    record_event(action=AuditEvent.Action.CHANGE, request=request, obj=category)

    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_name, event.action) == (user, "bientap", "change")
    assert event.object_type == "news.category"
    assert event.object_id == str(category.pk)
    assert event.object_label == "Cải cách hành chính"
    assert event.ip_address == "203.0.113.9"


def test_record_event_keeps_the_name_when_the_account_is_deleted(db):
    user = make_staff_user(username="cu")
    record_event(action=AuditEvent.Action.LOGIN, actor=user)
    user.delete()
    event = AuditEvent.objects.get()
    assert event.actor is None
    assert event.actor_name == "cu"
