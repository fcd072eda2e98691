"""Two people edit the same row: the second save is refused with both versions shown."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from anphu_portal.roles import APPROVER, EDITOR, HOTLINE_STAFF, PROCEDURE_STAFF
from hotline.models import Contact
from news.models import Article
from procedures.models import Procedure
from tests.factories import (
    login_staff,
    make_article,
    make_contact,
    make_procedure,
    make_staff_user,
)
from tests.procedures.test_admin import procedure_form

pytestmark = pytest.mark.django_db

CONFLICT = "Trong lúc bạn sửa, người khác đã lưu mục này."


def client_of(role, username):
    client = Client()
    user = make_staff_user(role, username=username)
    login_staff(client, user)
    return client


def opened_token(client, url):
    """Open a change form and return the edit token it carries."""
    page = client.get(url).content.decode()
    return re.search(r'name="portal_edit_token" value="(\d+)"', page).group(1)


def article_data(article, **fields):
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


def test_second_save_of_an_article_is_refused_with_both_versions_then_overwrites(db):
    article = make_article("Tiêu đề gốc", status="draft")
    url = reverse("admin:news_article_change", args=[article.pk])
    first, second = client_of(EDITOR, "lan"), client_of(APPROVER, "minh")
    first_token, second_token = opened_token(first, url), opened_token(second, url)

    saved = first.post(
        url, article_data(article, title="Bản của Lan", portal_edit_token=first_token)
    )
    assert saved.status_code == 302
    data = article_data(article, title="Bản của Minh", portal_edit_token=second_token)
    refused = second.post(url, data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert CONFLICT in page
    assert 'value="Bản của Minh"' in page  # what the second person typed is kept
    assert "Bản của Lan" in page and "lan" in page  # the version saved in between, and by whom
    assert "Vẫn lưu đè lên bản vừa được lưu" in page
    assert Article.objects.get().title == "Bản của Lan"

    overwritten = second.post(url, {**data, "portal_overwrite": "on"})
    assert overwritten.status_code == 302
    assert Article.objects.get().title == "Bản của Minh"


def test_an_unchanged_token_saves_without_a_question(db):
    article = make_article("Tiêu đề gốc", status="draft")
    url = reverse("admin:news_article_change", args=[article.pk])
    editor = client_of(EDITOR, "lan")
    for title in ("Lần một", "Lần hai"):
        token = opened_token(editor, url)
        data = article_data(article, title=title, portal_edit_token=token)
        assert editor.post(url, data).status_code == 302
    assert Article.objects.get().title == "Lần hai"


def test_approver_publishes_only_the_version_they_reviewed(db):
    article = make_article("Bản đã duyệt", status="pending")
    url = reverse("admin:news_article_change", args=[article.pk])
    editor, approver = client_of(EDITOR, "lan"), client_of(APPROVER, "minh")
    reviewed = opened_token(approver, url)
    editor_token = opened_token(editor, url)
    data = article_data(article, title="Bản chưa duyệt", portal_edit_token=editor_token)
    assert editor.post(url, data).status_code == 302

    data = article_data(article, _publish="Xuất bản", portal_edit_token=reviewed)
    response = approver.post(url, data)

    assert response.status_code == 200 and CONFLICT in response.content.decode()
    article.refresh_from_db()
    assert article.status == "pending" and not Article.objects.published().exists()


def contact_data(contact, **fields):
    data = {
        "group": contact.group_id,
        "name": contact.name,
        "title": contact.title,
        "organization": contact.organization,
        "phones": "0919.272.108",
        "email": contact.email,
        "address": "",
        "note": "",
        "position": "0",
        "active": "on",
    }
    return {**data, **fields}


def test_second_save_of_a_contact_is_refused_then_overwrites(db):
    contact = make_contact(phones="0919272108")
    url = reverse("admin:hotline_contact_change", args=[contact.pk])
    first, second = client_of(HOTLINE_STAFF, "an"), client_of(HOTLINE_STAFF, "binh")
    first_token, second_token = opened_token(first, url), opened_token(second, url)
    data = contact_data(contact, phones="0911.222.333", portal_edit_token=first_token)
    assert first.post(url, data).status_code == 302

    data = contact_data(contact, phones="0944.555.666", portal_edit_token=second_token)
    refused = second.post(url, data)

    page = refused.content.decode()
    assert refused.status_code == 200 and CONFLICT in page
    assert 'value="0944.555.666"' in page
    assert "0911222333" in page  # the number saved in between
    assert Contact.objects.get().phones == "0911222333"
    assert second.post(url, {**data, "portal_overwrite": "on"}).status_code == 302
    assert Contact.objects.get().phones == "0944555666"


def test_an_inline_change_to_a_procedure_counts_as_a_change_of_the_procedure(db):
    procedure = make_procedure()
    url = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    first, second = client_of(PROCEDURE_STAFF, "cuong"), client_of(PROCEDURE_STAFF, "dung")
    first_token, second_token = opened_token(first, url), opened_token(second, url)
    added_basis = {
        "legal_bases-TOTAL_FORMS": "1",
        "legal_bases-0-position": "5",
        "legal_bases-0-number": "01/2025/NĐ-CP",
        "legal_bases-0-title": "Nghị định mới",
    }
    data = procedure_form(
        code=procedure.code, name=procedure.name, portal_edit_token=first_token, **added_basis
    )
    assert first.post(url, data).status_code == 302
    assert procedure.legal_bases.count() == 2

    data = procedure_form(code=procedure.code, name="Tên sửa", portal_edit_token=second_token)
    refused = second.post(url, data)

    assert refused.status_code == 200 and CONFLICT in refused.content.decode()
    assert 'value="Tên sửa"' in refused.content.decode()
    assert Procedure.objects.get().name == "Đăng ký khai sinh"
