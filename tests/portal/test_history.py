"""History in admin respects the roles: no cross-model revert, no rewrite of live articles."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from anphu_portal.models import AuditEvent
from anphu_portal.roles import APPROVER, EDITOR, HOTLINE_STAFF, INSPECTOR, PROCEDURE_STAFF
from hotline.models import Contact, ContactGroup
from news.models import Article
from news.workflow import unpublish_article
from procedures.models import LegalBasis, Procedure, ProcedureChannel, RequiredDocument
from tests.factories import (
    login_staff,
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_procedure,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

NO_ROLE = None
ALL_ROLES = [EDITOR, APPROVER, HOTLINE_STAFF, PROCEDURE_STAFF, INSPECTOR, NO_ROLE]
WATCHED_MODELS = [
    Article,
    Contact,
    ContactGroup,
    Procedure,
    ProcedureChannel,
    RequiredDocument,
    LegalBasis,
]


@pytest.fixture(autouse=True)
def category():
    """Create the news category outside any revision, as the newsroom's articles find it."""
    return make_category()


def database_rows():
    """Return every row of the models an attack could change or delete."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in WATCHED_MODELS
    }


def log_in(client, role):
    user = make_staff_user(role, superuser=False)
    login_staff(client, user)
    return user


# --- Targets: an object with an older version that an attacker wants back ----------------


def old_contact_phone():
    """Return (object id, old version id) of a contact whose number was changed since."""
    with reversion.create_revision():
        contact = make_contact(phones="0919272108")
    old = Version.objects.get_for_object(contact).get()
    with reversion.create_revision():
        contact.phones = "0911222333"
        contact.save()
    return contact.pk, old.pk


def old_group_without_contacts():
    """Return a group's first version, taken before a contact was added to it."""
    with reversion.create_revision():
        group = make_contact_group()
    old = Version.objects.get_for_object(group).get()
    with reversion.create_revision():
        make_contact(group, name="Bà Nguyễn Thị Mới")
    return group.pk, old.pk


def old_procedure_name():
    """Return a procedure's imported version; its name was changed since."""
    procedure = make_procedure(name="Đăng ký khai sinh")
    old = Version.objects.get_for_object(procedure).get()
    with reversion.create_revision():
        procedure.name = "Đăng ký khai sinh (đã sửa)"
        procedure.save()
    return procedure.pk, old.pk


def old_published_article():
    """Return the published version of an article an approver has since taken down."""
    with reversion.create_revision():
        article = make_article("Tin đã gỡ", status="published")
    old = Version.objects.get_for_object(article).get()
    unpublish_article(article=article, user=make_staff_user(APPROVER, username="duyet"))
    return article.pk, old.pk


TARGETS = {
    "hotline": [old_contact_phone, old_group_without_contacts],
    "procedures": [old_procedure_name],
    "news": [old_published_article],
}
ENTRIES = {
    "news": "news_article",
    "hotline": "hotline_contact",
    "procedures": "procedures_procedure",
}


def cross_model_cases():
    for entry_app, entry in ENTRIES.items():
        for target_app, targets in TARGETS.items():
            if target_app == entry_app:
                continue
            for target in targets:
                for view in ("recover", "revision"):
                    for role in ALL_ROLES:
                        case_id = f"{entry}-{view}-{target.__name__}-{role or 'no role'}"
                        yield pytest.param(entry, view, target, role, id=case_id)


@pytest.mark.parametrize(("entry", "view", "target", "role"), list(cross_model_cases()))
def test_a_version_of_another_model_is_never_restored(client, entry, view, target, role):
    object_id, version_id = target()
    log_in(client, role)
    before = database_rows()
    if view == "recover":
        url = reverse(f"admin:{entry}_recover", args=[version_id])
    else:
        url = reverse(f"admin:{entry}_revision", args=[object_id, version_id])

    response = client.post(url, {})

    assert database_rows() == before
    assert response.status_code in (403, 404)


def pending_version_of_a_live_article():
    """Return a published article and its older version, when it was still pending."""
    with reversion.create_revision():
        article = make_article("Tin chờ duyệt", status="pending")
    old = Version.objects.get_for_object(article).get()
    with reversion.create_revision():
        article.title = "Tin đã đăng"
        article.status = Article.Status.PUBLISHED
        article.save()
    return article, old


def article_form(article, **fields):
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
        "status": "pending",
    }
    return {**data, **fields}


@pytest.mark.parametrize(
    "role",
    [
        EDITOR,
        HOTLINE_STAFF,
        PROCEDURE_STAFF,
        INSPECTOR,
        NO_ROLE,
    ],
)
def test_reverting_to_a_pending_version_cannot_rewrite_a_published_article(client, role):
    article, old = pending_version_of_a_live_article()
    log_in(client, role)
    before = database_rows()
    url = reverse("admin:news_article_revision", args=[article.pk, old.pk])

    response = client.post(url, article_form(article, title="Tiêu đề bị sửa lén"))

    assert database_rows() == before
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Tin đã đăng" and article.status == "published"


# --- The legitimate paths still work ------------------------------------------------------


def two_published_versions():
    """Return a published article and its first version, its title changed since."""
    with reversion.create_revision():
        article = make_article("Tiêu đề cũ", status="published")
    first = Version.objects.get_for_object(article).get()
    with reversion.create_revision():
        article.title = "Tiêu đề mới"
        article.save()
    return article, first


def test_approver_reverts_a_published_article_which_stays_published(client):
    article, first = two_published_versions()
    approver = log_in(client, APPROVER)
    url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    assert "Tiêu đề cũ" in client.get(url).content.decode()

    response = client.post(url, article_form(article, title="Tiêu đề cũ", status="draft"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề cũ" and article.status == "published"
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.user == approver
    assert f"Quay về phiên bản {first.pk}" in newest.revision.comment
    event = AuditEvent.objects.get(action="revert")
    assert event.actor == approver and event.object_id == str(article.pk)
    assert f"phiên bản {first.pk}" in event.detail


def test_approver_reverting_to_a_pending_version_keeps_the_article_published(client):
    article, old = pending_version_of_a_live_article()
    log_in(client, APPROVER)
    url = reverse("admin:news_article_revision", args=[article.pk, old.pk])
    response = client.post(url, article_form(article, title="Tin chờ duyệt", status="pending"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tin chờ duyệt" and article.status == "published"


def test_editor_reverts_a_draft_which_stays_a_draft(client):
    with reversion.create_revision():
        article = make_article("Bản nháp đầu", status="draft")
    first = Version.objects.get_for_object(article).get()
    with reversion.create_revision():
        article.title = "Bản nháp sửa"
        article.save()
    log_in(client, EDITOR)
    url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    response = client.post(url, article_form(article, title="Bản nháp đầu", status="pending"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Bản nháp đầu" and article.status == "draft"


def deleted_article(status):
    with reversion.create_revision():
        article = make_article("Tin bị xóa", status=status)
    version = Version.objects.get_for_object(article).get()
    Article.objects.filter(pk=article.pk).delete()
    return article, version


@pytest.mark.parametrize("status", ["draft", "published"])
def test_editor_recovers_a_deleted_article_as_a_draft(client, status):
    article, version = deleted_article(status)
    editor = log_in(client, EDITOR)
    recover_list = client.get(reverse("admin:news_article_recoverlist"))
    assert "Tin bị xóa" in recover_list.content.decode()
    url = reverse("admin:news_article_recover", args=[version.pk])

    response = client.post(url, article_form(article, status="pending"))

    assert response.status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.status == "draft" and not Article.objects.published().exists()
    assert AuditEvent.objects.get(action="recover").actor == editor


def test_approver_recovers_a_deleted_published_article_as_published(client):
    article, version = deleted_article("published")
    log_in(client, APPROVER)
    url = reverse("admin:news_article_recover", args=[version.pk])
    response = client.post(url, article_form(article, status="published"))
    assert response.status_code == 302
    assert Article.objects.published().get().title == "Tin bị xóa"


def test_hotline_staff_recovers_a_deleted_contact(client):
    with reversion.create_revision():
        contact = make_contact(name="Ông Trần Văn Khôi", phones="0919272108")
    version = Version.objects.get_for_object(contact).get()
    Contact.objects.filter(pk=contact.pk).delete()
    staff = log_in(client, HOTLINE_STAFF)
    data = {
        "group": contact.group_id,
        "name": "Ông Trần Văn Khôi",
        "phones": "0919.272.108",
        "position": "0",
        "active": "on",
    }
    url = reverse("admin:hotline_contact_recover", args=[version.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).phones == "0919272108"
    event = AuditEvent.objects.get(action="recover")
    assert event.actor == staff and event.object_label == "Ông Trần Văn Khôi"
    assert "0919" not in event.object_label + event.detail  # no personal data values


def test_recovering_a_row_that_still_exists_is_not_found(client):
    with reversion.create_revision():
        article = make_article("Còn đó", status="draft")
    version = Version.objects.get_for_object(article).get()
    log_in(client, APPROVER)
    url = reverse("admin:news_article_recover", args=[version.pk])
    assert client.post(url, article_form(article)).status_code == 404


def test_reverting_a_procedure_restores_its_channels_documents_and_legal_bases(client):
    from tests.procedures.test_admin import procedure_form

    procedure = make_procedure()
    first = Version.objects.get_for_object(procedure).get()
    counts = (procedure.channels.count(), procedure.documents.count())
    assert counts == (2, 2) and procedure.legal_bases.count() == 1
    with reversion.create_revision():
        for related in (procedure.channels, procedure.documents, procedure.legal_bases):
            related.all().delete()
        procedure.name = "Tên đã sửa"
        procedure.save()
    log_in(client, PROCEDURE_STAFF)
    url = reverse("admin:procedures_procedure_revision", args=[procedure.pk, first.pk])
    data = procedure_form(code=procedure.code, name="Đăng ký khai sinh")

    response = client.post(url, data)

    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh"
    assert (procedure.channels.count(), procedure.documents.count()) == (2, 2)
    assert procedure.legal_bases.get().number == "60/2014/QH13"


def test_revert_that_would_delete_a_row_needs_the_delete_permission(client):
    from django.contrib.auth.models import Permission

    group_id, version_id = old_group_without_contacts()
    user = make_staff_user(None)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="hotline", codename__regex=r"^(view|change)_"
        )
    )
    login_staff(client, user)
    before = database_rows()
    url = reverse("admin:hotline_contactgroup_revision", args=[group_id, version_id])
    response = client.post(url, {"name": "Nhóm", "kind": "hotline", "position": "0"})
    assert response.status_code == 403
    assert database_rows() == before


# --- The inspector reads every history and changes nothing --------------------------------


def test_inspector_reads_history_and_old_versions_but_cannot_revert(client):
    article, first = two_published_versions()
    log_in(client, INSPECTOR)
    history = client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert "Bạn chỉ được xem, không được quay về phiên bản cũ." in history.content.decode()
    url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Tiêu đề cũ" in page.content.decode()
    assert "Bạn chỉ được xem phiên bản này" in page.content.decode()
    before = database_rows()
    response = client.post(url, article_form(article, title="Tiêu đề cũ", status="published"))
    assert response.status_code == 403
    assert database_rows() == before


def test_inspector_lists_and_reads_deleted_rows_but_cannot_recover(client):
    article, version = deleted_article("published")
    log_in(client, INSPECTOR)
    changelist = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "Khôi phục tin bài đã xóa" in changelist
    recover_list = client.get(reverse("admin:news_article_recoverlist"))
    assert recover_list.status_code == 200 and "Tin bị xóa" in recover_list.content.decode()
    url = reverse("admin:news_article_recover", args=[version.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Tin bị xóa" in page.content.decode()
    assert not Article.objects.exists()  # showing it brought nothing back
    response = client.post(url, article_form(article, status="published"))
    assert response.status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize("role", [HOTLINE_STAFF, PROCEDURE_STAFF, NO_ROLE])
def test_deleted_articles_are_not_listed_to_other_roles(client, role):
    deleted_article("published")
    log_in(client, role)
    assert client.get(reverse("admin:news_article_recoverlist")).status_code == 403


def test_a_version_shown_under_another_articles_address_is_not_found(client):
    article, first = two_published_versions()
    other = make_article("Tin khác", status="draft")
    log_in(client, APPROVER)
    before = database_rows()
    url = reverse("admin:news_article_revision", args=[other.pk, first.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, article_form(other)).status_code == 404
    assert database_rows() == before


def test_opening_an_old_version_changes_nothing(client):
    article, first = two_published_versions()
    log_in(client, APPROVER)
    before = database_rows()
    url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    assert client.get(url).status_code == 200
    assert database_rows() == before
    assert not AuditEvent.objects.exclude(action="login").exists()


def test_editor_reverting_a_taken_down_article_to_its_published_version_keeps_it_a_draft(client):
    article_id, version_id = old_published_article()
    log_in(client, EDITOR)
    article = Article.objects.get(pk=article_id)
    url = reverse("admin:news_article_revision", args=[article_id, version_id])

    response = client.post(url, article_form(article, status="draft"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "draft" and not Article.objects.published().exists()
