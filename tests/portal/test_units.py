"""The request's host picks the unit; unknown hosts get a 404; one unit needs no host."""

import pytest
from django.core.cache import cache

from anphu_portal.caching import request_memo
from anphu_portal.models import Unit, UnitHost, unit_map
from anphu_portal.models.units import UNIT_MAP_CACHE_KEY
from anphu_portal.units import unit_for_host_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".angiang.gov.vn"]


def make_unit(name: str, slug: str, *hosts: str, **fields) -> Unit:
    unit = Unit.objects.create(
        unit_name=name, slug=slug, portal_title=f"Cổng thông tin {name}", **fields
    )
    for host in hosts:
        UnitHost.objects.create(unit=unit, host=host)
    return unit


def test_default_install_answers_every_allowed_host_with_its_unit(client):
    for host in ("testserver", "localhost", "127.0.0.1"):
        page = client.get("/", HTTP_HOST=host)
        assert page.status_code == 200
        assert "Ủy ban nhân dân huyện An Phú" in page.content.decode()


def test_the_host_picks_the_unit(client, unit_hosts):
    make_unit("Ủy ban nhân dân xã Vĩnh Hậu", "xa-vinh-hau", "vinhhau.angiang.gov.vn")
    page = client.get("/", HTTP_HOST="vinhhau.angiang.gov.vn").content.decode()
    assert 'site-brand__unit">Ủy ban nhân dân xã Vĩnh Hậu<' in page
    assert "Ủy ban nhân dân huyện An Phú" not in page


def test_host_names_match_whatever_their_case_or_port(client, unit_hosts):
    make_unit("Ủy ban nhân dân xã Vĩnh Hậu", "xa-vinh-hau", "VinhHau.AnGiang.gov.vn")
    page = client.get("/", HTTP_HOST="vinhhau.angiang.gov.vn:8000").content.decode()
    assert 'site-brand__unit">Ủy ban nhân dân xã Vĩnh Hậu<' in page


def test_unknown_host_gets_a_404_once_the_default_unit_has_a_host(client, unit_hosts):
    UnitHost.objects.create(unit=Unit.load(), host="anphu.angiang.gov.vn")
    response = client.get("/", HTTP_HOST="khongco.angiang.gov.vn")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy cổng thông tin" in page
    assert "An Phú" not in page
    assert client.get("/", HTTP_HOST="anphu.angiang.gov.vn").status_code == 200


def test_a_new_host_works_without_a_restart(client, unit_hosts):
    UnitHost.objects.create(unit=Unit.load(), host="anphu.angiang.gov.vn")
    assert client.get("/", HTTP_HOST="moi.angiang.gov.vn").status_code == 404
    make_unit("Ủy ban nhân dân xã Mới", "xa-moi", "moi.angiang.gov.vn")
    page = client.get("/", HTTP_HOST="moi.angiang.gov.vn")
    assert page.status_code == 200
    assert "Ủy ban nhân dân xã Mới" in page.content.decode()


def test_health_check_answers_on_any_allowed_host(client, unit_hosts):
    UnitHost.objects.create(unit=Unit.load(), host="anphu.angiang.gov.vn")
    assert client.get("/healthz", HTTP_HOST="khongco.angiang.gov.vn").status_code == 200


def test_archived_unit_redirects_to_its_successor_when_asked(client, unit_hosts):
    successor = make_unit("Ủy ban nhân dân xã Mới", "xa-moi", "moi.angiang.gov.vn")
    make_unit(
        "Ủy ban nhân dân xã Cũ",
        "xa-cu",
        "cu.angiang.gov.vn",
        archived=True,
        successor=successor,
        redirect_to_successor=True,
    )
    response = client.get("/tin-tuc/?page=2", HTTP_HOST="cu.angiang.gov.vn")
    assert response.status_code == 301
    assert response["Location"] == "http://moi.angiang.gov.vn/tin-tuc/?page=2"


def test_demo_builds_a_second_unit_with_its_own_sample_content(client, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    for _run in range(2):  # the second run must create nothing twice
        call_command("load_demo", "--force", stdout=StringIO())
    second = client.get("/tin-tuc/", HTTP_HOST="xa-mau.localhost").content.decode()
    assert "(Dữ liệu mẫu) Tin số 1 của Ủy ban nhân dân xã Mẫu" in second
    assert "Đường dây nóng" in second
    first = client.get("/tin-tuc/").content.decode()
    assert "Ủy ban nhân dân huyện An Phú" in first
    assert "xã Mẫu" not in first


def test_archived_unit_shows_the_archive_banner_and_its_admin_refuses_changes(client, unit_hosts):
    from tests.factories import login_staff, make_category, make_staff_user

    archived = make_unit("Ủy ban nhân dân xã Cũ", "xa-cu", "cu.angiang.gov.vn", archived=True)
    category = make_category("Tin cũ", unit=archived)
    page = client.get("/", HTTP_HOST="cu.angiang.gov.vn").content.decode()
    assert "Trang lưu trữ." in page
    assert "Trang lưu trữ." not in client.get("/").content.decode()
    login_staff(client, make_staff_user(username="quantri", superuser=True))
    change = f"/quan-tri/news/category/{category.pk}/change/"
    response = client.post(
        change, {"name": "Đổi tên", "slug": "doi-ten", "position": 1}, HTTP_HOST="cu.angiang.gov.vn"
    )
    assert response.status_code == 403
    category.refresh_from_db()
    assert category.name == "Tin cũ"


def test_a_section_the_unit_turned_off_leaves_its_menu_and_answers_404(client, unit_hosts):
    make_unit("Ủy ban nhân dân xã Gọn", "xa-gon", "gon.angiang.gov.vn", sections=["tin-tuc"])
    home = client.get("/", HTTP_HOST="gon.angiang.gov.vn").content.decode()
    assert 'href="/tin-tuc/"' in home
    assert 'href="/duong-day-nong/"' not in home
    assert client.get("/duong-day-nong/", HTTP_HOST="gon.angiang.gov.vn").status_code == 404
    assert client.get("/duong-day-nong/").status_code == 200


def test_the_units_palette_reaches_its_pages(client, unit_hosts):
    make_unit("Ủy ban nhân dân xã Xanh", "xa-xanh", "xanh.angiang.gov.vn", palette="xanh-la")
    page = client.get("/", HTTP_HOST="xanh.angiang.gov.vn").content.decode()
    assert 'data-palette="xanh-la"' in page
    assert 'data-palette="xanh-duong"' in client.get("/").content.decode()


def test_the_cached_unit_map_makes_only_the_unit_a_page_needs(client, unit_hosts):
    for number in range(5):
        make_unit(f"Ủy ban nhân dân xã {number}", f"xa-{number}", f"xa{number}.angiang.gov.vn")
    assert client.get("/", HTTP_HOST="xa3.angiang.gov.vn").status_code == 200  # map cached
    data = unit_map()  # as the next request reads it
    units = data["units"]
    assert units[data["hosts"]["xa3.angiang.gov.vn"]].unit_name == "Ủy ban nhân dân xã 3"
    assert len(units._units) == 1  # the other units are still bytes
    assert units.get(10**9) is None and 10**9 not in units
    assert {"xa-0", "xa-4", "an-phu"} <= {unit.slug for unit in units.values()}
    assert Unit.default().parent.slug == "an-giang"  # parents come with their units


def test_a_rendered_page_takes_its_unit_from_the_process_copy_checked_with_its_versions(
    client, unit_hosts
):
    make_unit("Ủy ban nhân dân xã Vĩnh Hậu", "xa-vinh-hau", "vinhhau.angiang.gov.vn")
    assert client.get("/", HTTP_HOST="vinhhau.angiang.gov.vn").status_code == 200
    cache.delete(UNIT_MAP_CACHE_KEY)  # only this process's copy is left
    page = client.get("/", HTTP_HOST="vinhhau.angiang.gov.vn").content.decode()
    assert 'site-brand__unit">Ủy ban nhân dân xã Vĩnh Hậu<' in page
    assert cache.get(UNIT_MAP_CACHE_KEY) is None  # the copy served: the map was not read
    # A host name change bumps the platform's version: the next page reads the map again.
    # The host then opens the default unit, which has no host name of its own.
    UnitHost.objects.get(host="vinhhau.angiang.gov.vn").delete()
    page = client.get("/", HTTP_HOST="vinhhau.angiang.gov.vn").content.decode()
    assert "Ủy ban nhân dân xã Vĩnh Hậu" not in page


def test_a_copy_read_before_the_cache_was_emptied_is_not_taken_as_current(client, unit_hosts):
    unit = make_unit("Ủy ban nhân dân xã Vĩnh Hậu", "xa-vinh-hau", "vinhhau.angiang.gov.vn")
    assert client.get("/", HTTP_HOST="vinhhau.angiang.gov.vn").status_code == 200
    # A change no signal reports (a bulk write), then the cache emptied, as when Redis
    # restarts: every version starts again, and the platform's must not match the copy's.
    UnitHost.objects.filter(unit=unit).update(host="vinhhau-cu.angiang.gov.vn")
    cache.clear()
    page = client.get("/", HTTP_HOST="vinhhau-cu.angiang.gov.vn").content.decode()
    assert 'site-brand__unit">Ủy ban nhân dân xã Vĩnh Hậu<' in page
    page = client.get("/", HTTP_HOST="vinhhau.angiang.gov.vn").content.decode()
    assert "Ủy ban nhân dân xã Vĩnh Hậu" not in page  # the default unit's page


def test_each_request_gets_an_instance_of_its_unit_of_its_own(client):
    with request_memo():
        first = unit_for_host_now("testserver")
    with request_memo():
        second = unit_for_host_now("testserver")
    assert first.pk == second.pk == Unit.default().pk
    assert first is not second  # what one request caches on it reaches no other
