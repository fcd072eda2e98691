"""Emergency banners: on every page within their times, cached pages included."""

import datetime
import zoneinfo

import pytest
import time_machine

from anphu_portal.caching import page_lifetime
from anphu_portal.models import Unit
from organization.models import Banner

pytestmark = pytest.mark.django_db
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FLOOD = "Nước lên nhanh ở xã Khánh An: di dời người già, trẻ em lên chỗ cao."


def at(hour, minute=0, second=0):
    return datetime.datetime(2026, 10, 12, hour, minute, second, tzinfo=VIETNAM)


def make_banner(unit=None, **fields):
    defaults = {
        "level": Banner.Level.EMERGENCY,
        "text": FLOOD,
        "starts_at": at(10),
        "ends_at": at(12),
    }
    return Banner.objects.create(unit=unit or Unit.load(), **{**defaults, **fields})


def banner_shown(client, path="/") -> bool:
    return FLOOD in client.get(path).content.decode()


def test_a_banner_appears_on_a_cached_page_at_its_start_and_leaves_at_its_end(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    with time_machine.travel(at(9, 0), tick=False):
        make_banner()
        assert not banner_shown(client)
        with django_assert_num_queries(0):
            assert not banner_shown(client)  # the page is cached
    with time_machine.travel(at(10, 0, 1), tick=False):
        assert banner_shown(client)
    with time_machine.travel(at(10, 5), tick=False):
        # Cached with its banner until the end time; only the visitor figures are refreshed.
        with django_assert_max_num_queries(1):
            assert banner_shown(client)
    with time_machine.travel(at(12, 0, 1), tick=False):
        assert not banner_shown(client)


def test_a_page_cached_before_a_banner_lives_only_until_its_start():
    with time_machine.travel(at(9, 59, 30), tick=False):
        make_banner()
        assert page_lifetime(Unit.load().pk) == 30


def test_saving_a_banner_shows_it_on_cached_pages_at_once(client):
    with time_machine.travel(at(10, 30), tick=False):
        assert not banner_shown(client, "/lich-cong-tac/")
        make_banner()
        assert banner_shown(client, "/lich-cong-tac/")


def test_the_banner_is_a_labelled_region_read_out_by_screen_readers(client):
    with time_machine.travel(at(10, 30), tick=False):
        make_banner(link_url="https://angiang.gov.vn/huong-dan", link_text="Xem hướng dẫn")
        html = client.get("/").content.decode()
    region = html.split(
        '<section class="emergency-banners" aria-label="Thông báo khẩn" lang="vi">'
    )[1]
    region = region.split("</section>")[0]
    assert 'role="alert"' in region and "Khẩn cấp:" in region
    assert 'href="https://angiang.gov.vn/huong-dan">Xem hướng dẫn</a>' in region


def test_a_province_banner_reaches_all_units_or_the_chosen_ones(client):
    an_phu = Unit.load()
    province = an_phu.parent
    commune = Unit.objects.create(unit_name="Xã Khánh An", slug="khanh-an", parent=province)
    with time_machine.travel(at(10, 30), tick=False):
        banner = make_banner(unit=province, all_units=True)
        assert list(Banner.objects.reaching(an_phu)) == [banner]
        assert list(Banner.objects.reaching(commune)) == [banner]
        assert banner_shown(client)
        banner.all_units = False
        banner.save()
        banner.target_units.set([commune])
        assert list(Banner.objects.reaching(an_phu)) == []
        assert list(Banner.objects.reaching(commune)) == [banner]
        assert not banner_shown(client)


def test_a_communes_own_banner_does_not_reach_another_unit():
    an_phu = Unit.load()
    commune = Unit.objects.create(unit_name="Xã Khánh An", slug="khanh-an", parent=an_phu.parent)
    make_banner(unit=commune, all_units=True)
    assert list(Banner.objects.reaching(an_phu)) == []
