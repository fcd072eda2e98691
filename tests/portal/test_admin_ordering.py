"""Admin lists sort names as Vietnamese readers expect: accents and đ folded, as in public."""

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import RequestFactory

from procedures.models import Agency, Sector
from tests.factories import (
    login_staff,
    make_contact,
    make_contact_group,
    make_procedure,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

NAMES = ["Đăng ký", "Chuyển trường", "Dân tộc", "Cấp phép", "Bảo trợ"]
FOLDED_ORDER = ["Bảo trợ", "Cấp phép", "Chuyển trường", "Dân tộc", "Đăng ký"]
# Text that is never Vietnamese words: user names are ASCII by the login rules.
ASCII_FIELDS = {"username"}


def test_no_admin_list_starts_its_order_with_raw_text(db):
    request = RequestFactory().get("/")
    request.user = make_staff_user(None, username="sap-xep", superuser=True)
    raw = {}
    for model, model_admin in admin.site._registry.items():
        change_list = model_admin.get_changelist_instance(request)
        first = str(change_list.queryset.query.order_by[0]).lstrip("-")
        try:
            field = model._meta.get_field(first)
        except FieldDoesNotExist:
            continue  # an annotation, such as the folded rank
        text = isinstance(field, models.CharField | models.TextField)
        if text and first not in ASCII_FIELDS and first != "search_text":
            raw[model._meta.label] = first
    assert raw == {}


def shown_order(client, url, names) -> list[str]:
    html = client.get(url).content.decode()
    return sorted(names, key=html.index)


@pytest.fixture
def superuser_client(client):
    login_staff(client, make_staff_user(None, username="quan-tri", superuser=True))
    return client


@pytest.mark.parametrize("model", [Sector, Agency])
def test_sectors_and_agencies_are_listed_with_accents_folded(superuser_client, model):
    for number, name in enumerate(NAMES):
        model.objects.create(name=name, slug=f"muc-{number}")
    url = f"/quan-tri/procedures/{model._meta.model_name}/"
    assert shown_order(superuser_client, url, NAMES) == FOLDED_ORDER


def test_procedures_are_listed_with_accents_folded(superuser_client):
    for number, name in enumerate(NAMES):
        make_procedure(code=f"1.00{number}", name=f"{name} thủ tục")
    names = [f"{name} thủ tục" for name in NAMES]
    url = "/quan-tri/procedures/procedure/"
    assert shown_order(superuser_client, url, names) == [f"{n} thủ tục" for n in FOLDED_ORDER]


def test_contacts_sorted_by_name_column_fold_accents(superuser_client):
    group = make_contact_group()
    for name in NAMES:
        make_contact(group, name=f"{name} ông", phones="0919272108")
    names = [f"{name} ông" for name in NAMES]
    column = admin.site._registry[group.contacts.model].list_display.index("display_name")
    url = f"/quan-tri/hotline/contact/?o={column + 1}"
    assert shown_order(superuser_client, url, names) == [f"{n} ông" for n in FOLDED_ORDER]
