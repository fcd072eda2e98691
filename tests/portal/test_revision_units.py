"""Every revision carries the units of its rows; recovery and history filter by that stamp."""

import io
from types import SimpleNamespace

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision, Version

from anphu_portal.models import Membership, RevisionUnit, Unit, UnitHost
from anphu_portal.roles import APPROVER, EDITOR
from news.models import ArticleOffer, Category
from news.workflow import accept_offer, offer_article, publish_article
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

OTHER_HOST = "xa-mau.localhost"
RECOVER_LIST = "admin:news_category_recoverlist"


@pytest.fixture
def units(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    home = Unit.load()
    other = Unit.objects.create(
        unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau", parent=home.parent
    )
    UnitHost.objects.create(unit=other, host=OTHER_HOST)
    return SimpleNamespace(home=home, other=other, province=home.parent)


@pytest.fixture
def admin_client(client):
    login_staff(client, make_staff_user(username="tinhquantri", superuser=True))
    return client


def stamps_of(obj) -> set[str]:
    """Return the slugs of the units stamped on the row's latest revision."""
    version = Version.objects.get_for_object(obj).first()
    stamps = RevisionUnit.objects.filter(revision_id=version.revision_id)
    return set(stamps.values_list("unit__slug", flat=True))


def member(role, unit, username):
    user = make_staff_user(None, username=username)
    Membership.objects.create(user=user, unit=unit, role=Group.objects.get(name=role))
    return user


# --- Writing: every path that opens a revision stamps it ---------------------------------


def test_an_admin_save_is_stamped_with_the_unit_of_the_hosts_admin(admin_client, units):
    for host, slug in [(OTHER_HOST, "tin-xa-mau"), ("testserver", "tin-an-phu")]:
        response = admin_client.post(
            reverse("admin:news_category_add"),
            {"name": slug, "slug": slug, "position": 1, "description": ""},
            HTTP_HOST=host,
        )
        assert response.status_code == 302
    assert stamps_of(Category.objects.get(slug="tin-xa-mau")) == {"xa-mau"}
    assert stamps_of(Category.objects.get(slug="tin-an-phu")) == {units.home.slug}


def test_a_contact_is_stamped_with_its_groups_unit(units):
    group = make_contact_group("Đường dây nóng xã Mẫu", unit=units.other)
    with reversion.create_revision():
        contact = make_contact(group, name="Bà Lê Thị Mẫu")
    assert stamps_of(contact) == {"xa-mau"}


def test_a_workflow_step_is_stamped_with_the_articles_unit(units):
    article = make_article(
        "Tin xã Mẫu", category=make_category("Tin xã", unit=units.other), status="draft"
    )
    publish_article(article=article, user=make_staff_user(APPROVER, username="duyet"))
    assert stamps_of(article) == {"xa-mau"}


def test_an_offer_and_its_copy_are_stamped_with_the_province_not_the_commune(units):
    source = make_article("Tin xã An Phú", category=make_category("Tin xã", unit=units.home))
    offer = offer_article(article=source, user=member(EDITOR, units.home, "bientap-xa"))
    assert stamps_of(offer) == {units.province.slug}
    copy = accept_offer(
        offer=offer,
        user=member(APPROVER, units.province, "duyet-tinh"),
        category=make_category("Tin các địa phương", unit=units.province),
        publish=True,
    )
    assert stamps_of(copy) == {units.province.slug}
    assert stamps_of(ArticleOffer.objects.get(pk=offer.pk)) == {units.province.slug}


def test_the_demo_command_stamps_the_unit_it_fills(units):
    call_command("load_demo_hotline", unit="xa-mau", stdout=io.StringIO())
    revision = Revision.objects.get(comment="Nạp dữ liệu mẫu")
    assert set(revision.units.values_list("unit__slug", flat=True)) == {"xa-mau"}


def test_imported_procedures_are_shared_and_carry_no_stamp(units):
    procedure = make_procedure()
    assert Version.objects.get_for_object(procedure).exists()
    assert stamps_of(procedure) == set()


# --- Reading: the recover list and history ---------------------------------------------


def deleted_categories(unit, count: int, prefix: str) -> None:
    """Create and delete `count` categories of a unit, each in revisions of its own."""
    for number in range(count):
        with reversion.create_revision():
            category = make_category(f"{prefix} {number}", unit=unit)
        with reversion.create_revision():
            category.name = f"{prefix} {number} (sửa)"
            category.save()
        category.delete()


def recover_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(RECOVER_LIST))
    assert response.status_code == 200
    return len(queries)


def test_the_recover_list_costs_the_same_for_20_or_200_versions_of_another_unit(
    admin_client, units, django_assert_max_num_queries
):
    deleted_categories(units.home, 3, "Mục An Phú")
    deleted_categories(units.other, 10, "Mục xã Mẫu")
    baseline = recover_list_queries(admin_client)
    deleted_categories(units.other, 90, "Mục khác xã Mẫu")
    assert Version.objects.get_for_model(Category).count() == 2 * (3 + 100)

    with django_assert_max_num_queries(baseline):
        page = admin_client.get(reverse(RECOVER_LIST)).content.decode()
    assert page.count("Mục An Phú") == 3
    assert "xã Mẫu" not in page


def test_a_revision_holding_two_units_rows_lists_each_row_in_its_own_unit(admin_client, units):
    with reversion.create_revision():
        home_row = make_category("Mục An Phú", unit=units.home)
        other_row = make_category("Mục xã Mẫu", unit=units.other)
    other_version = Version.objects.get_for_object(other_row).get()
    home_row.delete()
    other_row.delete()

    home_page = admin_client.get(reverse(RECOVER_LIST)).content.decode()
    other_page = admin_client.get(reverse(RECOVER_LIST), HTTP_HOST=OTHER_HOST).content.decode()
    assert "Mục An Phú" in home_page and "Mục xã Mẫu" not in home_page
    assert "Mục xã Mẫu" in other_page and "Mục An Phú" not in other_page
    recover = reverse("admin:news_category_recover", args=[other_version.pk])
    assert admin_client.get(recover).status_code == 404
    assert admin_client.get(recover, HTTP_HOST=OTHER_HOST).status_code == 200


def test_revisions_saved_before_the_stamps_are_told_apart_by_their_stored_data(admin_client, units):
    deleted_categories(units.home, 1, "Mục An Phú")
    deleted_categories(units.other, 1, "Mục xã Mẫu")
    group = make_contact_group("Nhóm xã Mẫu", unit=units.other)
    with reversion.create_revision():
        contact = make_contact(group, name="Bà Lê Thị Mẫu")
    contact_version = Version.objects.get_for_object(contact).get()
    contact.delete()
    RevisionUnit.objects.all().delete()

    home_page = admin_client.get(reverse(RECOVER_LIST)).content.decode()
    other_page = admin_client.get(reverse(RECOVER_LIST), HTTP_HOST=OTHER_HOST).content.decode()
    assert "Mục An Phú" in home_page and "Mục xã Mẫu" not in home_page
    assert "Mục xã Mẫu" in other_page and "Mục An Phú" not in other_page
    contacts = reverse("admin:hotline_contact_recoverlist")
    assert "Lê Thị Mẫu" not in admin_client.get(contacts).content.decode()
    assert "Lê Thị Mẫu" in admin_client.get(contacts, HTTP_HOST=OTHER_HOST).content.decode()
    recover = reverse("admin:hotline_contact_recover", args=[contact_version.pk])
    assert admin_client.get(recover).status_code == 404


def test_history_lists_only_the_revisions_saved_in_the_unit(admin_client, units):
    with reversion.create_revision():
        category = make_category("Mục chuyển về An Phú", unit=units.other)
        reversion.set_comment("Lưu ở xã Mẫu")
    old_version = Version.objects.get_for_object(category).get()
    with reversion.create_revision():
        category.unit = units.home
        category.save()
        reversion.set_comment("Chuyển về An Phú")

    history = reverse("admin:news_category_history", args=[category.pk])
    page = admin_client.get(history).content.decode()
    assert "Chuyển về An Phú" in page
    assert "Lưu ở xã Mẫu" not in page
    old_url = reverse("admin:news_category_revision", args=[category.pk, old_version.pk])
    assert admin_client.get(old_url).status_code == 404
    assert admin_client.get(history, HTTP_HOST=OTHER_HOST).status_code in (302, 404)
