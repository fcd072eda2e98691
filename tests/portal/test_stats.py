"""Visitor statistics: what counts, visits, today, online, privacy, the box and admin page."""

import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.cache import cache
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory

from anphu_portal.middleware import VisitorCountingMiddleware, is_counted_page_view, page_key
from anphu_portal.models import (
    DailyVisitStats,
    RecentVisitor,
    Unit,
    local_date,
    visitor_figures,
)
from anphu_portal.templatetags.portal_tags import visitor_figures_key
from news.models import Article
from tests.factories import login_staff

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0"


def browser(number: int = 0) -> str:
    """Return the user agent of a distinct ordinary browser."""
    return f"{BROWSER} Safari/537.36 Khach/{number}"


def day_figures(day) -> tuple[int, int]:
    """Return (visits, page views) of a local day."""
    row = DailyVisitStats.objects.filter(date=day).first()
    return (row.visits, row.page_views) if row else (0, 0)


def today_figures() -> tuple[int, int]:
    from django.utils import timezone

    return day_figures(local_date(timezone.now()))


def view(client, path="/", *, agent=BROWSER, **extra):
    response = client.get(path, HTTP_USER_AGENT=agent, **extra)
    return response


# --- Visits, today and online ---


def test_first_page_view_counts_one_visit_and_one_page_view(client):
    response = view(client, "/")
    assert response.status_code == 200
    assert today_figures() == (1, 1)


def test_views_less_than_30_minutes_apart_stay_one_visit(client, clock):
    for minutes in range(0, 121, 20):
        clock(minutes=minutes)
        view(client, "/")
    assert day_figures(datetime(2026, 11, 23).date()) == (1, 7)


def test_first_view_after_30_minutes_away_is_a_new_visit(client, clock):
    view(client, "/")
    clock(minutes=29)
    view(client, "/tin-tuc/")
    assert day_figures(datetime(2026, 11, 23).date()) == (1, 2)
    clock(minutes=29 + 30)
    view(client, "/")
    assert day_figures(datetime(2026, 11, 23).date()) == (2, 3)


def test_different_browsers_on_one_address_are_different_visitors(client):
    view(client, "/", agent=browser(1))
    view(client, "/", agent=browser(2))
    view(client, "/", agent=browser(1))
    assert today_figures() == (2, 3)


def test_online_counts_distinct_visitors_of_the_last_5_minutes(client, clock):
    from django.utils import timezone

    view(client, "/", agent=browser(1))
    view(client, "/", agent=browser(2))
    clock(minutes=3)
    view(client, "/", agent=browser(2))
    view(client, "/tin-tuc/", agent=browser(3))
    assert visitor_figures(now=timezone.now())["online"] == 3
    clock(minutes=6)
    assert visitor_figures(now=timezone.now())["online"] == 2
    clock(minutes=8, seconds=1)
    assert visitor_figures(now=timezone.now())["online"] == 0


def test_today_is_the_date_in_ho_chi_minh_city(client, time_machine):
    from django.utils import timezone

    # 23:30 and 00:30 in An Phú are 16:30 and 17:30 UTC of the same UTC day.
    time_machine.move_to(datetime(2026, 11, 23, 23, 30, tzinfo=LOCAL), tick=False)
    view(client, "/")
    time_machine.move_to(datetime(2026, 11, 24, 0, 30, tzinfo=LOCAL), tick=False)
    view(client, "/")
    view(client, "/", agent=browser(1))
    assert day_figures(datetime(2026, 11, 23).date()) == (1, 1)
    assert day_figures(datetime(2026, 11, 24).date()) == (2, 2)
    assert visitor_figures(now=timezone.now()) == {"total": 3, "today": 2, "online": 2}


def test_visitors_seen_long_ago_are_forgotten(client, clock):
    view(client, "/", agent=browser(1))
    clock(minutes=45)
    view(client, "/", agent=browser(2))
    assert RecentVisitor.objects.count() == 1


# --- What does not count ---


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0)",
        "Sogou web crawler/4.0",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "",
    ],
)
def test_clients_that_identify_as_bots_do_not_count(client, agent):
    assert view(client, "/", agent=agent).status_code == 200
    assert today_figures() == (0, 0)


def test_headless_chrome_counts_like_any_browser(client):
    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/130.0 Safari/537.36"
    view(client, "/", agent=agent)
    assert today_figures() == (1, 1)


def test_staff_page_views_do_not_count(client, staff_user):
    login_staff(client, staff_user())
    assert view(client, "/").status_code == 200
    assert today_figures() == (0, 0)


@pytest.mark.parametrize("path", ["/quan-tri/login/", "/healthz", "/robots.txt", "/sitemap.xml"])
def test_admin_and_machine_endpoints_do_not_count(client, path):
    assert view(client, path).status_code == 200
    assert today_figures() == (0, 0)


def test_missing_page_does_not_count(client):
    assert view(client, "/khong-co-trang-nay/").status_code == 404
    assert today_figures() == (0, 0)


def test_post_and_head_do_not_count(client):
    client.post("/", HTTP_USER_AGENT=BROWSER)
    assert client.head("/", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert today_figures() == (0, 0)


def test_counting_can_be_switched_off(client, settings):
    settings.VISITOR_COUNTING = False
    view(client, "/")
    assert today_figures() == (0, 0)


def html_page_request(path, method="GET"):
    request = RequestFactory().generic(method, path, HTTP_USER_AGENT=BROWSER)
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    "path",
    [
        "/static/css/portal.css",
        "/media/articles/anh.jpg",
        "/quan-tri/",
        "/tin-tuc/rss/",
        "/tin-tuc/kinh-te/rss/",
        "/healthz",
        "/robots.txt",
        "/sitemap.xml",
    ],
)
def test_files_admin_feeds_and_health_checks_are_not_page_views(path):
    response = HttpResponse("<p>trang</p>", content_type="text/html; charset=utf-8")
    assert not is_counted_page_view(html_page_request(path), response)


def test_only_successful_html_get_responses_are_page_views():
    page = HttpResponse("<p>trang</p>", content_type="text/html; charset=utf-8")
    assert is_counted_page_view(html_page_request("/tin-tuc/"), page)
    assert not is_counted_page_view(html_page_request("/tin-tuc/", "POST"), page)
    assert not is_counted_page_view(html_page_request("/tin-tuc/", "HEAD"), page)
    json = HttpResponse("{}", content_type="application/json")
    assert not is_counted_page_view(html_page_request("/tin-tuc/"), json)
    redirect = HttpResponse(status=302, content_type="text/html")
    assert not is_counted_page_view(html_page_request("/tin-tuc/"), redirect)


# --- Cache, article header, privacy ---


def test_page_served_from_the_cache_still_counts(client):
    Unit.load()  # Creating it would bump the content version and empty the cache.
    view(client, "/", agent=browser(1))
    assert cache.get(page_key(Unit.load().pk, "testserver", "/")) is not None
    view(client, "/", agent=browser(2))
    view(client, "/", agent=browser(2))
    assert today_figures() == (2, 3)


def test_counting_a_page_from_the_cache_costs_at_most_5_queries(
    client, django_assert_max_num_queries
):
    Unit.load()
    view(client, "/", agent=browser(1))
    # Savepoint, one upsert of the visitor, one of the day, release, the occasional prune.
    with django_assert_max_num_queries(5):
        view(client, "/", agent=browser(2))
    assert today_figures() == (2, 2)


def test_page_served_from_the_cache_shows_current_figures(client):
    Unit.load()
    first = view(client, "/").content.decode()
    assert '<td data-visitor-stat="total">0</td>' in first
    assert cache.get(page_key(Unit.load().pk, "testserver", "/")) is not None
    DailyVisitStats.objects.update(visits=12345)
    cache.delete(visitor_figures_key(Unit.load().pk))
    page = view(client, "/").content.decode()
    assert '<td data-visitor-stat="total">12.345</td>' in page
    assert '<td data-visitor-stat="today">12.345</td>' in page
    assert '<td data-visitor-stat="online">1</td>' in page


def article_page(request):
    response = HttpResponse("<h1>Tin</h1>", content_type="text/html; charset=utf-8")
    response["X-Article-Id"] = "42"
    return response


def test_article_id_header_is_removed_from_counted_pages():
    response = VisitorCountingMiddleware(article_page)(html_page_request("/tin-tuc/a/b/"))
    assert "X-Article-Id" not in response
    assert today_figures() == (1, 1)


def test_article_id_header_is_removed_from_uncounted_pages():
    request = html_page_request("/tin-tuc/a/b/")
    request.META["HTTP_USER_AGENT"] = "Googlebot/2.1"
    response = VisitorCountingMiddleware(article_page)(request)
    assert "X-Article-Id" not in response
    assert today_figures() == (0, 0)


def test_no_ip_address_or_user_agent_is_stored(client):
    address, agent = "203.0.113.77", "Mozilla/5.0 TrinhDuyetRiengBiet/9.8.7"
    view(client, "/", agent=agent, REMOTE_ADDR=address)
    view(client, "/tin-tuc/", agent=agent, REMOTE_ADDR=address)
    assert today_figures() == (1, 2)
    for model in apps.get_models():
        for row in model._base_manager.values_list():
            text = " ".join(str(value) for value in row)
            assert address not in text and "TrinhDuyetRiengBiet" not in text, model


def test_visitor_hash_changes_with_the_local_day(client, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 23, 50, tzinfo=LOCAL), tick=False)
    view(client, "/")
    first = RecentVisitor.objects.get().visitor_hash
    time_machine.move_to(datetime(2026, 11, 24, 0, 5, tzinfo=LOCAL), tick=False)
    view(client, "/")
    assert set(RecentVisitor.objects.values_list("visitor_hash", flat=True)) - {first}


def test_forwarded_address_is_ignored_unless_the_proxy_is_trusted(client, settings):
    view(client, "/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    view(client, "/", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert today_figures() == (1, 2)
    settings.PORTAL_TRUST_X_FORWARDED_FOR = True
    view(client, "/", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.5")
    view(client, "/", HTTP_X_FORWARDED_FOR="198.51.100.2, 10.0.0.6")
    assert today_figures() == (3, 4)


# --- The sidebar box ---


def render_box() -> str:
    return Template("{% load portal_tags %}{% visitor_stats %}").render(Context())


def test_sidebar_box_shows_the_three_figures_with_dots(clock, django_assert_max_num_queries):
    DailyVisitStats.objects.create(date=datetime(2026, 10, 1).date(), visits=12000, page_views=1)
    DailyVisitStats.objects.create(date=datetime(2026, 11, 23).date(), visits=1345, page_views=1)
    for number in range(3):
        RecentVisitor.objects.create(visitor_hash=f"{number:064x}", last_seen=datetime.now(LOCAL))
    with django_assert_max_num_queries(1):
        box = render_box()
    assert "Thống kê truy cập" in box
    assert '<th scope="row">Lượt truy cập</th><td data-visitor-stat="total">13.345</td>' in box
    assert '<th scope="row">Hôm nay</th><td data-visitor-stat="today">1.345</td>' in box
    assert '<th scope="row">Đang online</th><td data-visitor-stat="online">3</td>' in box
    with django_assert_max_num_queries(0):
        assert render_box() == box


def test_every_page_shows_the_box(client):
    page = view(client, "/tin-tuc/").content.decode()
    assert 'class="side-box visitor-stats"' in page
    assert "Đang online" in page


# --- Admin page ---

ADMIN_URL = "/quan-tri/anphu_portal/dailyvisitstats/"


def test_admin_chart_page_shows_30_and_90_days_for_a_superuser(client, staff_user, clock):
    DailyVisitStats.objects.create(date=datetime(2026, 11, 20).date(), visits=1234, page_views=5678)
    DailyVisitStats.objects.create(date=datetime(2026, 9, 1).date(), visits=7, page_views=9)
    login_staff(client, staff_user(superuser=True))
    response = client.get(ADMIN_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Thống kê truy cập</h1>" in page
    assert page.count('<svg class="visit-chart" role="img"') == 2
    assert page.count("<desc") == 2
    assert "30 ngày gần nhất (25/10/2026 – 23/11/2026)" in page
    assert "90 ngày gần nhất (26/08/2026 – 23/11/2026)" in page
    assert '<th scope="row">20/11/2026</th><td>1.234</td><td>5.678</td>' in page
    assert '<th scope="row">01/09/2026</th><td>7</td><td>9</td>' in page
    assert "Nhiều lượt truy cập nhất ngày 20/11/2026" in page
    assert "10 tin bài được xem nhiều nhất" in page
    assert "<script" not in page.split('id="content-main"')[1]
    # Coordinates use "." decimals: "12,5" would be read by SVG as two numbers.
    assert not re.search(r' (x|y|x1|x2|y1|y2)="[^"]*,', page)
    assert re.search(r' y1="\d+\.\d"', page)


def test_admin_index_links_to_the_statistics_page(client, staff_user):
    login_staff(client, staff_user(superuser=True))
    assert ADMIN_URL in client.get("/quan-tri/").content.decode()


def test_admin_chart_page_needs_a_login(client):
    response = client.get(ADMIN_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/quan-tri/login/")


def test_admin_chart_page_needs_the_view_permission(client, staff_user):
    user = staff_user()
    login_staff(client, user)
    assert client.get(ADMIN_URL).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_dailyvisitstats"))
    assert client.get(ADMIN_URL).status_code == 200


def test_statistics_cannot_be_edited_in_admin(client, staff_user):
    login_staff(client, staff_user(superuser=True))
    row = DailyVisitStats.objects.create(date=datetime(2026, 11, 20).date(), visits=1, page_views=1)
    assert client.get(f"{ADMIN_URL}add/").status_code == 403
    assert client.post(f"{ADMIN_URL}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DailyVisitStats.objects.filter(pk=row.pk).exists()


# --- Exact counts under concurrency ---


def fetch(url: str, agent: str) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": agent})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return response.status


def fetch_in_parallel(url: str, agents: list[str]) -> list[int]:
    with ThreadPoolExecutor(max_workers=len(agents)) as pool:
        return list(pool.map(lambda agent: fetch(url, agent), agents))


@pytest.mark.django_db(transaction=True)
def test_parallel_new_visitors_are_counted_exactly(live_server):
    visitors = 20
    agents = [browser(number) for number in range(visitors)]
    before = today_figures()
    assert fetch_in_parallel(live_server.url + "/", agents) == [200] * visitors
    visits, page_views = today_figures()
    assert (visits - before[0], page_views - before[1]) == (visitors, visitors)
    # The same visitors again, within half an hour: more page views, no new visits.
    assert fetch_in_parallel(live_server.url + "/tin-tuc/", agents) == [200] * visitors
    assert today_figures() == (visits, page_views + visitors)


@pytest.mark.django_db(transaction=True)
def test_parallel_views_of_one_new_visitor_are_one_visit(live_server):
    views = 12
    before = today_figures()
    assert fetch_in_parallel(live_server.url + "/", [browser(99)] * views) == [200] * views
    visits, page_views = today_figures()
    assert (visits - before[0], page_views - before[1]) == (1, views)


def test_admin_chart_page_lists_the_ten_most_read_articles(client, staff_user):
    from tests.factories import make_article

    for views in range(12):
        article = make_article(f"Tin số {views}")
        Article.objects.filter(pk=article.pk).update(view_count=views * 10)
    login_staff(client, staff_user(superuser=True))
    page = client.get(ADMIN_URL).content.decode()
    top = page.split("10 tin bài được xem nhiều nhất")[1]
    assert top.index("Tin số 11") < top.index("Tin số 10") < top.index("Tin số 2")
    assert "Tin số 1<" not in top and "Tin số 0<" not in top
    assert "<td>110</td>" in top
