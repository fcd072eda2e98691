"""The article form's buttons: save a draft, submit, publish and take down, by role and state."""

import re

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from anphu_portal.models import AuditEvent
from anphu_portal.roles import APPROVER, EDITOR, INSPECTOR
from news.models import Article, Category
from tests.factories import login_staff, make_article, make_category, make_staff_user

pytestmark = pytest.mark.django_db


def login(client, role):
    user = make_staff_user(role)
    login_staff(client, user)
    return user


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def buttons_on(page: str) -> dict[str, str]:
    """Return the submit buttons of a change form page, by name: their labels."""
    found = re.findall(r'<input type="submit" value="([^"]*)"[^>]*name="(_\w+)"', page)
    return {name: label for label, name in found}


def opened_token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="portal_edit_token" value="(\d+)"', page).group(1)


def form_data(article, **fields):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "category": str(article.category_id),
        "author": "",
        "source": "",
        "cover_alt": "",
        "cover_caption": "",
    }
    return {**data, **fields}


def new_article_data(**fields):
    data = {
        "title": "Ra quân làm thủy lợi mùa khô",
        "slug": "ra-quan-lam-thuy-loi-mua-kho",
        "summary": "Lễ ra quân diễn ra sáng nay.",
        "body": "<p>Nội dung.</p>",
        "category": str((Category.objects.first() or make_category()).pk),
    }
    return {**data, **fields}


def actions_of(article):
    events = AuditEvent.objects.filter(object_type="news.article", object_id=str(article.pk))
    return list(events.order_by("pk").values_list("action", flat=True))


def test_editor_sees_save_draft_and_submit_and_the_status_read_only(client):
    login(client, EDITOR)
    page = client.get(reverse("admin:news_article_add")).content.decode()
    assert buttons_on(page) == {
        "_save": "Lưu nháp",
        "_continue": "Lưu và tiếp tục chỉnh sửa",
        "_submit": "Gửi duyệt",
    }
    assert 'name="status"' not in page and "Bản nháp" in page

    draft = make_article("Bản nháp của tôi", status="draft")
    page = client.get(change_url(draft)).content.decode()
    assert {"_save", "_submit"} <= buttons_on(page).keys()
    assert "_publish" not in buttons_on(page)


def test_editor_sees_no_submit_button_on_a_pending_article(client):
    login(client, EDITOR)
    pending = make_article("Đang chờ", status="pending")
    buttons = buttons_on(client.get(change_url(pending)).content.decode())
    assert buttons["_save"] == "Lưu" and "_submit" not in buttons and "_publish" not in buttons


def test_approver_sees_publish_on_a_pending_article_and_take_down_on_a_published_one(client):
    login(client, APPROVER)
    pending = make_article("Đang chờ", status="pending")
    buttons = buttons_on(client.get(change_url(pending)).content.decode())
    assert buttons["_publish"] == "Xuất bản" and "_unpublish" not in buttons

    published = make_article("Đã đăng")
    buttons = buttons_on(client.get(change_url(published)).content.decode())
    assert buttons["_unpublish"] == "Gỡ xuống" and "_publish" not in buttons


def test_inspector_sees_no_buttons(client):
    login(client, INSPECTOR)
    article = make_article("Chờ duyệt", status="pending")
    response = client.get(change_url(article))
    assert response.status_code == 200 and buttons_on(response.content.decode()) == {}


def test_editor_submits_a_draft_with_the_button(client):
    editor = login(client, EDITOR)
    draft = make_article("Bản nháp", status="draft")
    data = form_data(draft, title="Bản nháp đã xong", _submit="Gửi duyệt")
    response = client.post(change_url(draft), data, follow=True)
    assert "Đã gửi tin bài cho người duyệt tin." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "pending" and draft.title == "Bản nháp đã xong"
    assert draft.updated_by == editor
    assert actions_of(draft) == ["change", "submit"]
    # The edit and the step are one version in the history.
    assert Version.objects.get_for_object(draft).count() == 1


def test_editor_writes_and_submits_a_new_article_in_one_step(client):
    login(client, EDITOR)
    response = client.post(reverse("admin:news_article_add"), new_article_data(_submit="Gửi"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == "pending" and actions_of(article) == ["create", "submit"]


def test_save_draft_keeps_the_status(client):
    login(client, EDITOR)
    draft = make_article("Bản nháp", status="draft")
    assert client.post(change_url(draft), form_data(draft, _save="Lưu nháp")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft" and "submit" not in actions_of(draft)


def test_approver_publishes_the_reviewed_version_with_the_button(client):
    approver = login(client, APPROVER)
    pending = make_article("Chờ duyệt", status="pending")
    token = opened_token(client, change_url(pending))
    data = form_data(pending, _publish="Xuất bản", portal_edit_token=token)
    response = client.post(change_url(pending), data, follow=True)
    assert "Đã xuất bản tin bài." in response.content.decode()
    pending.refresh_from_db()
    assert pending.is_published() and pending.updated_by == approver
    assert actions_of(pending) == ["change", "publish"]
    revision = Version.objects.get_for_object(pending).get().revision
    assert revision.user == approver and revision.comment == "Xuất bản"
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_approver_takes_down_a_published_article_with_the_button(client):
    login(client, APPROVER)
    published = make_article("Đã đăng")
    response = client.post(change_url(published), form_data(published, _unpublish="Gỡ xuống"))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == "draft" and not Article.objects.published().exists()
    assert actions_of(published) == ["change", "unpublish"]


def test_editor_forging_the_publish_button_is_refused_and_nothing_changes(client):
    login(client, EDITOR)
    pending = make_article("Chờ duyệt", status="pending")
    data = form_data(pending, title="Sửa lén", _publish="Xuất bản")
    assert client.post(change_url(pending), data).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending" and pending.title == "Chờ duyệt"
    assert actions_of(pending) == []

    response = client.post(reverse("admin:news_article_add"), new_article_data(_publish="x"))
    assert (
        response.status_code == 403 and not Article.objects.filter(title__startswith="Ra").exists()
    )


def test_editor_forging_take_down_of_a_published_article_is_refused(client):
    login(client, EDITOR)
    published = make_article("Đã đăng")
    data = form_data(published, _unpublish="Gỡ xuống")
    assert client.post(change_url(published), data).status_code == 403
    published.refresh_from_db()
    assert published.is_published()


@pytest.mark.parametrize(
    ("status", "button"),
    [("pending", "_submit"), ("published", "_publish"), ("draft", "_unpublish")],
)
def test_a_button_that_does_not_fit_the_state_is_refused(client, status, button):
    login(client, APPROVER)
    article = make_article("Tin", status=status)
    assert client.post(change_url(article), form_data(article, **{button: "x"})).status_code == 403
    article.refresh_from_db()
    assert article.status == status and actions_of(article) == []


def test_reverting_to_an_old_version_offers_no_workflow_button_and_refuses_one(client):
    with reversion.create_revision():
        article = make_article("Tiêu đề cũ", status="pending")
    first = Version.objects.get_for_object(article).get()
    with reversion.create_revision():
        article.title = "Tiêu đề mới"
        article.save()
    login(client, APPROVER)
    url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    buttons = buttons_on(client.get(url).content.decode())
    assert "_publish" not in buttons and "_submit" not in buttons

    response = client.post(url, form_data(article, title="Tiêu đề cũ", _publish="Xuất bản"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == "pending" and article.title == "Tiêu đề mới"
