"""Documents and questions are large search sections, like articles: the newest matches.

Counts stop at max_counted(); older matches are found through the indexes (on
PostgreSQL) or by the same queries without them (SQLite); a document number is matched
by its parts, as the documents' own search does.
"""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Submission
from tests.documents.factories import make_document
from tests.feedback.helpers import make_published

pytestmark = pytest.mark.django_db

LIMIT = 12  # max_counted() in these tests: the newest 4 * 12 = 48 rows are walked first


def tab(client, query: str, key: str, page: int = 1):
    response = client.get("/tim-kiem/", {"q": query, "loai": key, "page": page})
    assert response.status_code == 200
    count = next(t["count"] for t in response.context["tabs"] if t["key"] == key)
    return [result["url"] for result in response.context["results"]], count


@pytest.fixture
def documents(settings):
    """60 documents a day apart, all about birth registration; number n is "n/QĐ-UBND"."""
    settings.SEARCH_MAX_COUNTED = LIMIT
    first_day = datetime.date(2026, 1, 1)
    return [
        make_document(
            f"{n}/QĐ-UBND",
            f"Hướng dẫn đăng ký khai sinh, đợt {n}",
            issued_on=first_day + timedelta(days=n),
            published=True,
        )
        for n in range(1, 61)
    ]


def test_documents_tab_counts_up_to_the_limit_and_shows_the_newest(client, documents):
    urls, count = tab(client, "khai sinh", "van-ban")
    assert count == LIMIT
    later, _ = tab(client, "khai sinh", "van-ban", page=2)
    newest = [
        d.get_absolute_url() for d in sorted(documents, key=lambda d: -d.issued_on.toordinal())
    ]
    assert urls + later == newest[:LIMIT]


def test_an_old_document_comes_first_for_its_number(client, documents):
    # Newer documents have "7" in theirs too (17 ... 57): the number starts the title.
    for typed in ("7/QĐ-UBND", "7/qd-ubnd"):
        urls, _ = tab(client, typed, "van-ban")
        assert urls[0] == documents[6].get_absolute_url()


def test_part_of_a_word_finds_the_documents_that_have_it(client, documents):
    urls, count = tab(client, "khai sin", "van-ban")
    assert count == LIMIT and urls[0] == documents[-1].get_absolute_url()


def test_an_old_question_is_found_among_many_newer_ones(client, settings):
    settings.SEARCH_MAX_COUNTED = LIMIT
    now = timezone.now()
    old = make_published(subject="Hỏi về đăng ký khai sinh cho con")
    for n in range(60):
        make_published(subject=f"Hỏi về đất đai, lần {n}")
    Submission.objects.filter(pk=old.pk).update(answered_at=now - timedelta(days=30))
    urls, count = tab(client, "khai sinh", "hoi-dap")
    assert (urls, count) == ([old.get_absolute_url()], 1)
    urls, count = tab(client, "dat dai", "hoi-dap")
    assert count == LIMIT and old.get_absolute_url() not in urls
