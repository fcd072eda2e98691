"""Article views counted once per visitor and local day; visitors told apart behind a proxy."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from anphu_portal.models import ArticleViewOfDay, DailyVisitStats, Unit
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


@pytest.fixture
def article(clock):
    Unit.load()  # created mid-request, it would end the first page's cache entry
    return make_article(
        "Huyện An Phú ra quân làm thủy lợi", publish_at=datetime(2026, 11, 1, tzinfo=LOCAL)
    )


def read(client, article, *, agent=BROWSER, **extra) -> int:
    return client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent, **extra).status_code


def postgresql_extra() -> int:
    """Return 1 on PostgreSQL, whose counting transaction first sets synchronous_commit."""
    return int(connection.vendor == "postgresql")


def view_count(article) -> int:
    article.refresh_from_db()
    return article.view_count


def test_reloading_an_article_does_not_add_views(client, article):
    for _ in range(5):
        assert read(client, article) == 200
    assert view_count(article) == 1
    assert DailyVisitStats.objects.get().page_views == 5


def test_another_visitor_adds_a_view(client, article):
    read(client, article)
    read(client, article, agent=PHONE)
    read(client, article, agent=PHONE)
    assert view_count(article) == 2


def test_the_same_visitor_counts_again_on_the_next_local_day(client, article, clock):
    read(client, article)
    clock(hours=13, minutes=59)  # 23:59 in An Phú
    read(client, article)
    assert view_count(article) == 1
    clock(hours=14, minutes=1)  # 00:01 the next day
    read(client, article)
    assert view_count(article) == 2


def test_pairs_of_past_days_are_deleted(client, article, clock):
    read(client, article)
    assert ArticleViewOfDay.objects.count() == 1
    clock(days=1, minutes=5)
    read(client, article, agent=PHONE)
    assert list(ArticleViewOfDay.objects.values_list("date", flat=True)) == [
        datetime(2026, 11, 24).date()
    ]


def test_pairs_store_no_article_title_address_or_user_agent(client, article):
    read(client, article, REMOTE_ADDR="203.0.113.9")
    (row,) = ArticleViewOfDay.objects.values_list()
    text = " ".join(str(value) for value in row)
    assert "203.0.113.9" not in text and "Chrome" not in text and article.title not in text


def test_counting_an_article_view_from_the_page_cache_costs_at_most_7_queries(
    client, article, django_assert_max_num_queries
):
    read(client, article)
    # Savepoint, upserts of the visitor, the day and the (visitor, article, day) pair,
    # the article's counter, release, and the occasional prune.
    with django_assert_max_num_queries(7 + postgresql_extra()):
        read(client, article, agent=PHONE)
    assert view_count(article) == 2


def test_a_repeated_article_view_costs_one_query_less(client, article, django_assert_num_queries):
    read(client, article)
    read(client, article, agent=PHONE)  # The prune of this minute is done.
    with django_assert_num_queries(5 + postgresql_extra()):
        read(client, article, agent=PHONE)
    assert view_count(article) == 2


def test_visitors_differing_only_in_the_proxy_appended_address_are_two(client, settings):
    settings.PORTAL_TRUST_X_FORWARDED_FOR = True
    # The first entry is whatever the client claims; only the last one comes from our proxy.
    client.get("/", HTTP_USER_AGENT=BROWSER, HTTP_X_FORWARDED_FOR="10.1.1.1, 198.51.100.7")
    client.get("/", HTTP_USER_AGENT=BROWSER, HTTP_X_FORWARDED_FOR="10.1.1.1, 198.51.100.8")
    assert DailyVisitStats.objects.values_list("visits", "page_views").get() == (2, 2)


def test_a_forged_first_forwarded_entry_does_not_make_a_new_visitor(client, settings):
    settings.PORTAL_TRUST_X_FORWARDED_FOR = True
    client.get("/", HTTP_USER_AGENT=BROWSER, HTTP_X_FORWARDED_FOR="10.1.1.1, 198.51.100.7")
    client.get("/", HTTP_USER_AGENT=BROWSER, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert DailyVisitStats.objects.values_list("visits", "page_views").get() == (1, 2)
