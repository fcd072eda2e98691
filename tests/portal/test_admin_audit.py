"""Admin writes and the editorial workflow leave audit entries, naming objects, never data."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from anphu_portal.models import AuditEvent
from anphu_portal.roles import APPROVER, EDITOR, HOTLINE_STAFF, PROCEDURE_STAFF
from hotline.models import Contact
from news.models import Article
from news.workflow import publish_article, submit_for_review, unpublish_article
from procedures.models import Procedure
from tests.factories import (
    login_staff,
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_staff_user,
)
from tests.procedures.test_admin import procedure_form

pytestmark = pytest.mark.django_db


def log_in(client, role, username):
    user = make_staff_user(role, username=username)
    login_staff(client, user)
    return user


def article_data(category, **fields):
    data = {
        "title": "Huyện An Phú ra quân mùa khô",
        "slug": "huyen-an-phu-ra-quan-mua-kho",
        "summary": "Lễ ra quân diễn ra sáng nay.",
        "body": "<p>Nội dung.</p>",
        "category": str(category.pk),
        "author": "",
        "source": "",
        "cover_alt": "",
        "cover_caption": "",
    }
    return {**data, **fields}


def actions_of(obj):
    events = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return list(events.order_by("pk").values_list("action", flat=True))


def test_adding_and_changing_an_article_in_admin_are_audited(client):
    editor = log_in(client, EDITOR, "bientap")
    category = make_category()
    client.post(reverse("admin:news_article_add"), article_data(category))
    article = Article.objects.get()
    url = reverse("admin:news_article_change", args=[article.pk])
    data = article_data(category, title="Tiêu đề mới", _submit="Gửi duyệt")
    assert client.post(url, data).status_code == 302

    assert actions_of(article) == ["create", "change", "submit"]
    event = AuditEvent.objects.filter(action="create").get()
    assert event.actor == editor and event.ip_address == "127.0.0.1"
    assert event.object_label == "Huyện An Phú ra quân mùa khô"


def test_publishing_through_the_form_is_audited(client):
    approver = log_in(client, APPROVER, "duyettin")
    article = make_article("Chờ duyệt", status="pending")
    url = reverse("admin:news_article_change", args=[article.pk])
    data = article_data(article.category, title="Chờ duyệt", slug=article.slug, _publish="Xuất bản")
    assert client.post(url, data).status_code == 302
    assert actions_of(article) == ["change", "publish"]
    assert AuditEvent.objects.get(action="publish").actor == approver


def test_workflow_actions_write_submit_publish_and_unpublish(client):
    editor = make_staff_user(EDITOR, username="bientap")
    approver = log_in(client, APPROVER, "duyettin")
    article = make_article("Tin mới", status="draft")
    assert submit_for_review(article=article, user=editor)
    changelist = reverse("admin:news_article_changelist")
    for action in ("publish_selected", "unpublish_selected"):
        client.post(changelist, {"action": action, "_selected_action": [article.pk]})

    assert actions_of(article) == ["submit", "publish", "unpublish"]
    submit, publish, unpublish = AuditEvent.objects.exclude(action="login").order_by("pk")
    assert submit.actor == editor and submit.ip_address is None  # no request: a service call
    assert publish.actor == unpublish.actor == approver
    assert publish.ip_address == "127.0.0.1"


def test_a_refused_publish_writes_no_entry():
    editor = make_staff_user(EDITOR, username="bientap")
    article = make_article("Tin mới", status="pending")
    with pytest.raises(PermissionDenied):
        publish_article(article=article, user=editor)
    with pytest.raises(PermissionDenied):
        unpublish_article(article=make_article("Tin khác"), user=editor)
    assert not AuditEvent.objects.exists()
    assert Article.objects.get(pk=article.pk).status == "pending"


def test_deleting_a_contact_is_audited_by_name_without_its_numbers(client):
    log_in(client, HOTLINE_STAFF, "duongdaynong")
    contact = make_contact(name="Ông Huỳnh Hưng Thượng", phones="0919272108")
    pk = contact.pk
    response = client.post(reverse("admin:hotline_contact_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302 and not Contact.objects.exists()

    event = AuditEvent.objects.get(action="delete")
    assert (event.action, event.object_type, event.object_id) == (
        "delete",
        "hotline.contact",
        str(pk),
    )
    assert event.object_label == "Ông Huỳnh Hưng Thượng"
    stored = " ".join([event.object_label, event.detail])
    assert "0919" not in stored and "angiang.gov.vn" not in stored


def test_bulk_delete_action_writes_one_entry_per_row(client):
    log_in(client, HOTLINE_STAFF, "duongdaynong")
    group = make_contact_group()
    contacts = [make_contact(group, name=f"Cán bộ {i}") for i in range(3)]
    data = {
        "action": "delete_selected",
        "_selected_action": [c.pk for c in contacts],
        "post": "yes",
    }
    response = client.post(reverse("admin:hotline_contact_changelist"), data)
    assert response.status_code == 302 and not Contact.objects.exists()
    deleted = AuditEvent.objects.filter(action="delete").order_by("object_label")
    assert list(deleted.values_list("object_label", flat=True)) == [
        "Cán bộ 0",
        "Cán bộ 1",
        "Cán bộ 2",
    ]


def test_adding_a_procedure_is_audited_and_stamped(client):
    officer = log_in(client, PROCEDURE_STAFF, "thutuc")
    response = client.post(reverse("admin:procedures_procedure_add"), procedure_form())
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert procedure.created_by == officer == procedure.updated_by
    assert actions_of(procedure) == ["create"]
