"""Two units on one platform never see each other's content on any public page."""

import pytest

from anphu_portal.models import Unit, UnitHost
from tests.factories import make_article, make_category, make_contact, make_contact_group

pytestmark = pytest.mark.django_db

SECOND_HOST = "xa-mau.localhost"
FIRST_NEWS = "Huyện An Phú ra quân mùa khô"
SECOND_NEWS = "Xã Mẫu khánh thành cầu nông thôn"


@pytest.fixture
def two_units(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    first = Unit.load()
    second = Unit.objects.create(
        unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau", portal_title="Cổng xã Mẫu"
    )
    UnitHost.objects.create(unit=second, host=SECOND_HOST)
    # The same category slug in both units: slugs are unique per unit only.
    make_article(FIRST_NEWS, category=make_category("Tin tức - Sự kiện", unit=first))
    make_article(SECOND_NEWS, category=make_category("Tin tức - Sự kiện", unit=second))
    make_contact(make_contact_group("Đường dây nóng An Phú", unit=first), name="Ông An Phú")
    make_contact(make_contact_group("Đường dây nóng xã Mẫu", unit=second), name="Bà Xã Mẫu")
    return first, second


def get(client, url: str, host: str = "testserver") -> str:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return response.content.decode()


PAGES = [
    "/",
    "/tin-tuc/",
    "/tin-tuc/tin-tuc-su-kien/",
    "/tin-tuc/rss/",
    "/tin-tuc/tin-tuc-su-kien/rss/",
    "/duong-day-nong/",
    "/sitemap.xml",
    "/tim-kiem/?q=xa",
    "/tim-kiem/?q=an",
]


@pytest.mark.parametrize("url", PAGES)
def test_each_unit_shows_only_its_own_content(client, two_units, url):
    first_page = get(client, url)
    second_page = get(client, url, SECOND_HOST)
    for other_units_content, page in [
        ((SECOND_NEWS, "Bà Xã Mẫu"), first_page),
        ((FIRST_NEWS, "Ông An Phú"), second_page),
    ]:
        assert not any(text in page for text in other_units_content), url


def test_each_unit_lists_its_own_news_and_contacts(client, two_units):
    assert FIRST_NEWS in get(client, "/tin-tuc/")
    assert SECOND_NEWS in get(client, "/tin-tuc/", SECOND_HOST)
    assert "Bà Xã Mẫu" in get(client, "/duong-day-nong/", SECOND_HOST)
    assert "Ông An Phú" in get(client, "/duong-day-nong/")


def test_another_units_article_is_not_found_at_its_address(client, two_units):
    article = make_article("Tin riêng của An Phú", category=make_category("Riêng"))
    assert client.get(article.get_absolute_url(), HTTP_HOST=SECOND_HOST).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_edit_in_one_unit_keeps_the_other_units_cached_pages(
    client, two_units, django_assert_num_queries
):
    cached = get(client, "/tin-tuc/", SECOND_HOST)
    make_article("Tin mới của An Phú", category=make_category("Khác"))
    assert "Tin mới của An Phú" in get(client, "/tin-tuc/")
    with django_assert_num_queries(0):
        assert get(client, "/tin-tuc/", SECOND_HOST) == cached


def test_a_catalogue_change_reaches_the_procedure_pages_of_every_unit(client, two_units):
    from tests.factories import make_procedure

    procedure = make_procedure()
    for host in ("testserver", SECOND_HOST):
        assert "Đăng ký khai sinh" in get(client, "/thu-tuc-hanh-chinh/", host)
    procedure.name = "Đăng ký khai sinh lưu động"
    procedure.save()
    for host in ("testserver", SECOND_HOST):
        assert "Đăng ký khai sinh lưu động" in get(client, "/thu-tuc-hanh-chinh/", host)


def test_visits_count_in_the_unit_visited(client, two_units, settings):
    from django.utils import timezone

    from anphu_portal.models import visitor_figures

    settings.VISITOR_COUNTING = True
    first, second = two_units
    browser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
    for _view in range(2):
        client.get("/tin-tuc/", HTTP_HOST=SECOND_HOST, HTTP_USER_AGENT=browser)
    now = timezone.now()
    assert visitor_figures(now=now, unit_id=second.pk) == {"total": 1, "today": 1, "online": 1}
    assert visitor_figures(now=now, unit_id=first.pk) == {"total": 0, "today": 0, "online": 0}


def test_each_unit_shows_the_procedures_of_its_chosen_levels_with_its_own_office(client, two_units):
    from procedures.models import Level, UnitProcedureDetail, UnitProcedureScope
    from tests.factories import make_procedure

    _, second = two_units
    commune = make_procedure("1.000001", "Thủ tục cấp xã", CAPTHUCHIEN=[{"TENCAP": "Cấp Xã"}])
    make_procedure("2.000002", "Thủ tục cấp tỉnh", CAPTHUCHIEN=[{"TENCAP": "Cấp Tỉnh"}])
    scope = UnitProcedureScope.objects.create(unit=second)
    scope.levels.set(Level.objects.filter(procedures=commune))
    UnitProcedureDetail.objects.create(
        unit=second, office_address="Bộ phận Một cửa xã Mẫu, ấp Mẫu", phone="02963000001"
    )
    second_list = get(client, "/thu-tuc-hanh-chinh/", SECOND_HOST)
    assert "Thủ tục cấp xã" in second_list
    assert "Thủ tục cấp tỉnh" not in second_list
    first_list = get(client, "/thu-tuc-hanh-chinh/")
    assert "Thủ tục cấp xã" in first_list and "Thủ tục cấp tỉnh" in first_list
    detail = get(client, "/thu-tuc-hanh-chinh/1.000001/", SECOND_HOST)
    assert "Bộ phận Một cửa xã Mẫu, ấp Mẫu" in detail
    assert "Bộ phận Một cửa xã Mẫu" not in get(client, "/thu-tuc-hanh-chinh/1.000001/")
    response = client.get("/thu-tuc-hanh-chinh/2.000002/", HTTP_HOST=SECOND_HOST)
    assert response.status_code == 404
