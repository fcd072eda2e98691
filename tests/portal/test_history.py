"""History in admin respects the roles: no cross-model revert, no rewrite of live articles."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from anphu_portal.roles import APPROVER, EDITOR, HOTLINE_STAFF, INSPECTOR, PROCEDURE_STAFF
from hotline.models import Contact, ContactGroup
from news.models import Article, unpublish_article
from procedures.models import LegalBasis, Procedure, ProcedureChannel, RequiredDocument
from tests.factories import (
    login_staff,
    make_article,
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
