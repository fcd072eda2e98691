"""Contact groups and contacts in the API: filters, search, pagination, query budgets."""

import pytest

from tests.api.conftest import get_json
from tests.factories import make_contact, make_contact_group

pytestmark = pytest.mark.django_db


def names(data) -> list[str]:
    return [row["name"] for row in data["results"]]


def test_groups_come_with_their_active_contacts_in_order(client):
    group = make_contact_group("Đường dây nóng", position=1)
    make_contact(group, name="Bà Hai", position=2, phones="0296 3957006")
    make_contact(group, name="Ông Một", position=1)
    make_contact(group, name="Ông Nghỉ", active=False)
    data = get_json(client, "/api/v1/contact-groups/")
    contacts = data["results"][0]["contacts"]
    assert [c["name"] for c in contacts] == ["Ông Một", "Bà Hai"]
    assert contacts[1]["phones"] == ["02963.957.006"]
    assert contacts[0]["vcard_url"].startswith("http://testserver/duong-day-nong/lien-he/")
    assert data["results"][0]["url"] == "http://testserver/duong-day-nong/#duong-day-nong"
    assert get_json(client, "/api/v1/contact-groups/duong-day-nong/")["name"] == "Đường dây nóng"


def test_contacts_filter_by_group_kind_and_words(client):
    hotline = make_contact_group("Đường dây nóng", kind="hotline")
    agencies = make_contact_group("Danh bạ cơ quan", kind="agency")
    make_contact(hotline, name="Ông Huỳnh Hưng Thượng")
    make_contact(agencies, name="Bà Nguyễn Thị Lan", organization="Phòng Tư pháp")
    assert names(get_json(client, "/api/v1/contacts/?group=danh-ba-co-quan")) == [
        "Bà Nguyễn Thị Lan"
    ]
    assert names(get_json(client, "/api/v1/contacts/?kind=hotline")) == ["Ông Huỳnh Hưng Thượng"]
    assert names(get_json(client, "/api/v1/contacts/?q=tu+phap")) == ["Bà Nguyễn Thị Lan"]
    assert names(get_json(client, "/api/v1/contacts/?q=HUYNH")) == ["Ông Huỳnh Hưng Thượng"]
    get_json(client, "/api/v1/contacts/?kind=khong-co", status=400)


def test_contacts_are_paginated(client):
    group = make_contact_group()
    for i in range(3):
        make_contact(group, name=f"Người {i}", position=i)
    first = get_json(client, "/api/v1/contacts/?page_size=2")
    assert first["count"] == 3 and names(first) == ["Người 0", "Người 1"]
    assert names(get_json(client, first["next"])) == ["Người 2"]


def test_the_detail_of_a_contact(client):
    contact = make_contact()
    data = get_json(client, f"/api/v1/contacts/{contact.pk}/")
    assert data["email"] == "hhthuong@angiang.gov.vn" and data["group"] == contact.group.slug


@pytest.mark.parametrize("count", [3, 60])
def test_the_contact_lists_keep_their_query_budget(client, count, django_assert_max_num_queries):
    groups = [make_contact_group(f"Nhóm {i}") for i in range(3)]
    for i in range(count):
        contact = make_contact(groups[i % 3], name=f"Người {i}")
    client.get("/api/v1/units/")
    with django_assert_max_num_queries(2):
        get_json(client, "/api/v1/contacts/?page_size=100")
    with django_assert_max_num_queries(3):  # count, groups, their contacts
        get_json(client, "/api/v1/contact-groups/?page_size=100")
    with django_assert_max_num_queries(1):
        get_json(client, f"/api/v1/contacts/{contact.pk}/")
