"""An article scheduled for a moment appears at that moment on cached pages and fragments.

Nothing is saved at that moment, so no content version moves: the pages and fragments
cached before it must end by then (page deadlines), like a banner's start.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from anphu_portal.caching import page_lifetime
from anphu_portal.models import Unit
from news.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOTICE = "Lịch cắt điện ngày mai ở xã Khánh An"


def at(hour, minute=0, second=0):
    return datetime.datetime(2026, 10, 12, hour, minute, second, tzinfo=VIETNAM)


@pytest.fixture
def scheduled():
    """An article published long ago, and a notice scheduled for 07:00."""
    with time_machine.travel(at(6, 0), tick=False):
        category = make_category("Thông báo")
        make_article("Tin đã đăng từ trước", category=category, publish_at=at(5, 0))
        return make_article(NOTICE, category=category, publish_at=at(7, 0))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tin-tuc/",
        "/tin-tuc/thong-bao/",
        "/tin-tuc/rss/",
        "/sitemap.xml",
        "/tim-kiem/?q=lich+cat+dien",
    ],
)
def test_a_scheduled_article_appears_at_its_time_on_pages_cached_before(client, scheduled, path):
    # The search marks the words found in the title: its link is looked for there.
    shown = scheduled.get_absolute_url() if path.startswith("/tim-kiem/") else NOTICE
    with time_machine.travel(at(6, 58), tick=False):
        assert shown not in client.get(path).content.decode()  # cached now, for 2 minutes
        assert client.get(scheduled.get_absolute_url()).status_code == 404
    with time_machine.travel(at(7, 0, 1), tick=False):
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        if path != "/sitemap.xml":  # the index names the month's section, not the article
            assert shown in client.get(path).content.decode()


def test_a_page_cached_before_a_publication_lives_only_until_it(scheduled):
    with time_machine.travel(at(6, 59, 30), tick=False):
        assert page_lifetime(Unit.load().pk) == 30
    with time_machine.travel(at(7, 0, 30), tick=False):  # published: no deadline of its own
        assert page_lifetime(Unit.load().pk) > 30


def test_a_scheduled_article_joins_the_related_list_of_an_article_page_at_its_time(
    client, settings, scheduled
):
    settings.PAGE_CACHE_SECONDS = 0  # the page rebuilt each time, from the kept article HTML
    with time_machine.travel(at(6, 58), tick=False):
        earlier = Article.objects.get(title="Tin đã đăng từ trước")
        assert NOTICE not in client.get(earlier.get_absolute_url()).content.decode()
    with time_machine.travel(at(7, 0, 1), tick=False):
        assert NOTICE in client.get(earlier.get_absolute_url()).content.decode()
