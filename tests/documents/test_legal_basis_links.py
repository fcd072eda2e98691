"""A procedure's legal basis links to the unit's (or its parent's) published document."""

import datetime

import pytest

from anphu_portal.models import Unit, UnitHost
from tests.documents.factories import make_document
from tests.factories import make_procedure

pytestmark = pytest.mark.django_db


def procedure_page(client, *bases) -> str:
    make_procedure(CANCUPHAPLY=list(bases))
    return client.get("/thu-tuc-hanh-chinh/1.001193/").content.decode()


def basis(number, issuer="", day=""):
    return {"SOVANBAN": number, "TENVANBAN": "Căn cứ", "NGAYBANHANH": day, "COQUANBANHANH": issuer}


def test_basis_with_number_issuer_and_year_links_to_the_document(client):
    document = make_document()
    page = procedure_page(client, basis("125/QD-UBND", "UBND huyện An Phú", "02/03/2026"))
    assert f'<a href="{document.get_absolute_url()}">125/QD-UBND</a>' in page


def test_bare_number_never_links(client):
    document = make_document()
    page = procedure_page(client, basis("125/QĐ-UBND"))
    assert document.get_absolute_url() not in page


def test_another_issuer_or_year_does_not_link(client):
    document = make_document()
    page = procedure_page(
        client,
        basis("125/QĐ-UBND", "Hội đồng nhân dân huyện"),
        basis("125/QĐ-UBND", "Ủy ban nhân dân", "02/03/2025"),
    )
    assert document.get_absolute_url() not in page


def test_parent_units_document_links_to_its_host_and_an_unpublished_one_does_not(client):
    province = Unit.load().parent
    UnitHost.objects.create(unit=province, host="angiang.example")
    parent_document = make_document(
        "9/2026/QĐ-UBND", "Quy định của tỉnh", unit=province, issued_on=datetime.date(2026, 1, 9)
    )
    hidden = make_document("10/QĐ-UBND", "Chưa công bố", published=False)
    page = procedure_page(
        client,
        basis("9/2026/QĐ-UBND", "Ủy ban nhân dân tỉnh An Giang"),
        basis("10/QĐ-UBND", "Ủy ban nhân dân"),
    )
    assert f'href="http://angiang.example{parent_document.get_absolute_url()}"' in page
    assert hidden.get_absolute_url() not in page
