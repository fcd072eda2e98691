"""The admin at one unit's host never shows or changes another unit's rows."""

import pytest
import reversion
from django.contrib import admin
from django.urls import reverse

from anphu_portal.history import PortalVersionAdmin
from anphu_portal.models import Unit, UnitHost
from tests.factories import (
    login_staff,
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

OTHER_HOST = "xa-mau.localhost"
SECRET = "Riêng của An Phú"


def make_category_row():
    return make_category(f"{SECRET} chuyên mục")


def make_article_row():
    return make_article(f"{SECRET} tin bài", category=make_category(f"{SECRET} mục"))


def make_group_row():
    return make_contact_group(f"{SECRET} nhóm")


def make_contact_row():
    return make_contact(make_contact_group(f"{SECRET} nhóm"), name=f"{SECRET} liên hệ")


def make_organization_row(label: str):
    """Return a maker of one row of an organization model, named with the secret."""

    def make():
        import datetime

        from django.core.files.base import ContentFile

        from organization import models

        unit = Unit.load()
        if label == "page":
            return models.Page.objects.create(unit=unit, title=f"{SECRET} trang")
        if label == "body":
            return models.Body.objects.create(unit=unit, name=f"{SECRET} cơ quan")
        if label == "person":
            body = models.Body.objects.create(unit=unit, name="Lãnh đạo UBND")
            return models.Person.objects.create(
                unit=unit, body=body, name=f"{SECRET} lãnh đạo", title="Chủ tịch"
            )
        if label == "scheduleentry":
            return models.ScheduleEntry.objects.create(
                unit=unit,
                date=datetime.date(2026, 12, 2),
                start_time=datetime.time(7, 30),
                content=f"{SECRET} lịch",
            )
        if label == "signedschedule":
            row = models.SignedSchedule(
                unit=unit, title=f"{SECRET} lịch đã ký", week=datetime.date(2026, 12, 2)
            )
            row.document.save("riêng-của-an-phú.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
            row.save()
            return row
        if label == "banner":
            moment = datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)
            return models.Banner.objects.create(
                unit=unit,
                text=f"{SECRET} thông báo",
                starts_at=moment,
                ends_at=moment + datetime.timedelta(days=1),
            )
        if label == "link":
            return models.Link.objects.create(
                unit=unit, name=f"{SECRET} liên kết", url="https://chinhphu.vn"
            )
        return models.EnglishPage.objects.create(unit=unit, name=f"{SECRET} English")

    return make


ORGANIZATION_MODELS = [
    "page",
    "body",
    "person",
    "scheduleentry",
    "signedschedule",
    "banner",
    "link",
    "englishpage",
]


def make_offer_row():
    from news.models import ArticleOffer

    sender = Unit.objects.create(unit_name="Xã gửi tin", slug="xa-gui-tin")
    source = make_article(f"{SECRET} tin gốc", category=make_category("Tin xã", unit=sender))
    return ArticleOffer.objects.create(
        unit=Unit.load(), source=source, source_unit=sender, title=f"{SECRET} tin gửi lên"
    )


def make_document_row():
    from tests.documents.factories import make_document

    return make_document(f"{SECRET} 1/QĐ", f"{SECRET} văn bản", type_name=f"{SECRET} loại")


def make_document_list_row(model_name: str):
    from documents.models import DocumentType, Field, Issuer

    model = {"documenttype": DocumentType, "issuer": Issuer, "field": Field}[model_name]
    return lambda: model.objects.create(name=f"{SECRET} {model._meta.verbose_name}")


def make_draft_comment_row():
    from documents.models import DraftComment

    return DraftComment.objects.create(
        document=make_document_row(), name=f"{SECRET} người", contact="0919272108", content=SECRET
    )


def make_submission_row():
    from tests.feedback.helpers import make_submission

    return make_submission(subject=f"{SECRET} câu hỏi")


def make_usefulness_row():
    from feedback.models import PageUsefulness

    return PageUsefulness.objects.create(path="/hoi-dap/", useful=False, comment=f"{SECRET} góp ý")


ROW_MAKERS = {
    "documents.document": make_document_row,
    "documents.documenttype": make_document_list_row("documenttype"),
    "documents.issuer": make_document_list_row("issuer"),
    "documents.field": make_document_list_row("field"),
    "documents.draftcomment": make_draft_comment_row,
    "feedback.pageusefulness": make_usefulness_row,
    "feedback.submission": make_submission_row,
    "news.category": make_category_row,
    "news.article": make_article_row,
    "news.articleoffer": make_offer_row,
    "hotline.contactgroup": make_group_row,
    "hotline.contact": make_contact_row,
    **{f"organization.{name}": make_organization_row(name) for name in ORGANIZATION_MODELS},
}


def unit_admins():
    """Return the labels of every registered admin whose rows belong to a unit."""
    return sorted(
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PortalVersionAdmin) and model_admin.unit_path()
    )


def test_every_unit_admin_is_covered_below():
    assert unit_admins() == sorted(ROW_MAKERS)


@pytest.fixture
def other_unit_admin(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    Unit.load()
    other = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    UnitHost.objects.create(unit=other, host=OTHER_HOST)
    login_staff(client, make_staff_user(username="tinhquantri", superuser=True))
    return client


def url(label: str, view: str, *args) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


@pytest.mark.parametrize("label", sorted(ROW_MAKERS))
def test_another_units_rows_are_out_of_reach(other_unit_admin, label):
    client = other_unit_admin
    with reversion.create_revision():
        row = ROW_MAKERS[label]()
    row_repr = str(row)
    get = lambda address: client.get(address, HTTP_HOST=OTHER_HOST)  # noqa: E731

    assert SECRET in client.get(url(label, "changelist")).content.decode()
    listing = get(url(label, "changelist"))
    assert listing.status_code == 200
    assert SECRET not in listing.content.decode()
    searched = get(url(label, "changelist") + "?q=Riêng")
    assert SECRET not in searched.content.decode()
    for view in ("change", "history", "delete"):
        response = get(url(label, view, row.pk))
        assert response.status_code in (302, 403, 404), view
        assert SECRET not in response.content.decode()
    client.post(url(label, "delete", row.pk), {"post": "yes"}, HTTP_HOST=OTHER_HOST)
    assert type(row).objects.filter(pk=row.pk).exists()
    assert str(type(row).objects.get(pk=row.pk)) == row_repr


# Each admin's autocomplete fields that point at a unit's rows: (source, field, target).
AUTOCOMPLETES = [
    ("news.article", "category", "news.category"),
    ("news.article", "extra_categories", "news.category"),
    ("hotline.contact", "group", "hotline.contactgroup"),
    ("documents.document", "document_type", "documents.documenttype"),
    ("documents.document", "issuer", "documents.issuer"),
]


@pytest.mark.parametrize(("source", "field", "target"), AUTOCOMPLETES)
def test_autocomplete_offers_only_the_units_rows(other_unit_admin, source, field, target):
    client = other_unit_admin
    ROW_MAKERS[target]()
    app, model = source.split(".")
    query = f"?term=Ri%C3%AAng&app_label={app}&model_name={model}&field_name={field}"
    own = client.get(f"/quan-tri/autocomplete/{query}")
    assert own.status_code == 200
    assert SECRET in own.json()["results"][0]["text"]
    other = client.get(f"/quan-tri/autocomplete/{query}", HTTP_HOST=OTHER_HOST)
    assert other.status_code == 200
    assert other.json()["results"] == []


@pytest.mark.parametrize("label", ["news.category", "hotline.contactgroup"])
def test_another_units_deleted_rows_are_not_recoverable(other_unit_admin, label):
    client = other_unit_admin
    with reversion.create_revision():
        row = ROW_MAKERS[label]()
    with reversion.create_revision():
        row.delete()
    recover_list = client.get(url(label, "changelist") + "recover/", HTTP_HOST=OTHER_HOST)
    assert SECRET not in recover_list.content.decode()
    own_list = client.get(url(label, "changelist") + "recover/").content.decode()
    assert SECRET in own_list


def test_a_new_row_belongs_to_the_unit_of_the_admins_host(other_unit_admin):
    client = other_unit_admin
    response = client.post(
        url("news.category", "add"),
        {"name": "Tin xã Mẫu", "slug": "tin-xa-mau", "position": 1, "description": ""},
        HTTP_HOST=OTHER_HOST,
    )
    assert response.status_code == 302
    from news.models import Category

    assert Category.objects.get(slug="tin-xa-mau").unit.slug == "xa-mau"


def test_audit_page_shows_only_the_units_own_entries(other_unit_admin):
    from anphu_portal.audit import record_event
    from anphu_portal.models import AuditEvent

    record_event(action=AuditEvent.Action.CHANGE, object_label=SECRET)
    audit_url = "/quan-tri/anphu_portal/auditevent/"
    assert SECRET in other_unit_admin.get(audit_url).content.decode()
    assert SECRET not in other_unit_admin.get(audit_url, HTTP_HOST=OTHER_HOST).content.decode()


def test_units_and_lockouts_are_managed_only_at_the_province(other_unit_admin):
    assert other_unit_admin.get("/quan-tri/anphu_portal/unit/").status_code == 200
    response = other_unit_admin.get("/quan-tri/anphu_portal/unit/", HTTP_HOST=OTHER_HOST)
    assert response.status_code == 403
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="bientap", ip_address="203.0.113.5", user_agent="x", failures_since_start=5
    )
    delete = f"/quan-tri/axes/accessattempt/{attempt.pk}/delete/"
    response = other_unit_admin.post(delete, {"post": "yes"}, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert other_unit_admin.post(delete, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
