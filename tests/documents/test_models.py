"""Documents: numbers, slugs, uniqueness and the status computed at request time."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError

from documents.models import Document, DocumentRelation, RelationKind, Status
from documents.numbers import number_key
from tests.documents.factories import make_document

pytestmark = pytest.mark.django_db


def status_of(document) -> str:
    return Document.objects.with_status().get(pk=document.pk).current_status


def test_number_key_is_the_same_however_the_number_is_typed():
    assert number_key("125/QĐ-UBND") == number_key("125 qd ubnd") == "125-qd-ubnd"
    assert number_key(" 125 / QĐ - UBND ") == "125-qd-ubnd"


def test_slug_is_the_folded_number_and_year():
    assert make_document().slug == "125-qd-ubnd-2026"


def test_slug_adds_the_issuer_on_a_collision():
    make_document()
    other = make_document(issuer_name="Hội đồng nhân dân")
    assert other.slug == "125-qd-ubnd-2026-hoi-dong-nhan-dan"


def test_same_number_issuer_and_year_twice_is_refused():
    make_document()
    with pytest.raises(IntegrityError):
        make_document(number="125 / QĐ-UBND", slug="khac")


def test_same_number_in_another_year_is_allowed():
    make_document()
    assert make_document(issued_on=datetime.date(2025, 3, 2)).slug == "125-qd-ubnd-2025"


def test_document_expires_at_midnight_without_a_save():
    document = make_document(expires_on=datetime.date(2026, 6, 1))
    # 23:59 local time on 31/05 (UTC+7) is 16:59 UTC.
    with time_machine.travel(
        datetime.datetime(2026, 5, 31, 16, 59, tzinfo=datetime.UTC), tick=False
    ):
        assert status_of(document) == Status.IN_FORCE
    with time_machine.travel(
        datetime.datetime(2026, 5, 31, 17, 1, tzinfo=datetime.UTC), tick=False
    ):
        assert status_of(document) == Status.EXPIRED


def test_document_not_yet_in_force_before_its_effective_date():
    document = make_document(effective_on=datetime.date(2026, 4, 1))
    with time_machine.travel(datetime.datetime(2026, 3, 20, 3, tzinfo=datetime.UTC), tick=False):
        assert status_of(document) == Status.NOT_YET
    with time_machine.travel(datetime.datetime(2026, 4, 1, 3, tzinfo=datetime.UTC), tick=False):
        assert status_of(document) == Status.IN_FORCE


def test_document_replaced_by_a_published_document_has_expired():
    old = make_document()
    new = make_document(
        "200/QĐ-UBND",
        issued_on=datetime.date(2026, 5, 1),
        publish_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    DocumentRelation.objects.create(source=new, kind=RelationKind.REPLACES, target=old)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 3, tzinfo=datetime.UTC), tick=False):
        assert status_of(old) == Status.IN_FORCE  # the replacing one is not issued yet
    with time_machine.travel(datetime.datetime(2026, 5, 2, 3, tzinfo=datetime.UTC), tick=False):
        assert status_of(old) == Status.EXPIRED


def test_replacement_that_is_not_published_changes_nothing():
    old = make_document()
    new = make_document("200/QĐ-UBND", published=False)
    DocumentRelation.objects.create(source=new, kind=RelationKind.REPEALS, target=old)
    assert status_of(old) == Status.IN_FORCE


def test_amended_document_has_partly_expired():
    old = make_document()
    new = make_document("201/QĐ-UBND")
    DocumentRelation.objects.create(source=new, kind=RelationKind.AMENDS, target=old)
    assert status_of(old) == Status.PARTLY_EXPIRED
    assert status_of(new) == Status.IN_FORCE


def test_status_set_by_hand_wins():
    document = make_document(status_override=Status.EXPIRED)
    assert status_of(document) == Status.EXPIRED
    assert Document.objects.get(pk=document.pk).status_label == "Hết hiệu lực"


def test_search_finds_a_number_in_each_spelling_and_summary_words_without_accents():
    document = make_document()
    make_document("7/KH-UBND", "Về việc tổ chức hội thao")
    for query in ["125/qd-ubnd", "125 QĐ UBND", "qd 125", "125/QĐ-UBND", "thien tai", "Thiên tai"]:
        assert list(Document.objects.search(query)) == [document], query
