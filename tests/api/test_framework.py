"""The API's conventions: units, licence and publisher, dates, links, caching, errors."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from anphu_portal.models import Unit
from tests.api.conftest import PROVINCE_HOST, SECOND_HOST, get_json
from tests.factories import make_article, make_category, make_contact, make_contact_group

pytestmark = pytest.mark.django_db


def test_the_root_lists_every_endpoint_with_the_licence_and_the_publisher(client):
    data = get_json(client, "/api/v1/")
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["publisher"]["name"] == Unit.load().unit_name
    names = ["articles", "categories", "contacts", "contact-groups", "procedures", "units"]
    names += ["documents", "drafts", "questions", "pages", "leaders", "schedule", "english"]
    for name in names:
        assert data["endpoints"][name] == f"http://testserver/api/v1/{name}/"
    assert data["endpoints"]["procedures/export.csv"].endswith("/api/v1/procedures/export.csv")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/units/",
        "/api/v1/articles/",
        "/api/v1/categories/",
        "/api/v1/contacts/",
        "/api/v1/contact-groups/",
        "/api/v1/procedures/",
        "/api/v1/sectors/",
        "/api/v1/agencies/",
        "/api/v1/levels/",
        "/api/v1/procedure-office/",
        "/api/v1/documents/",
        "/api/v1/drafts/",
        "/api/v1/document-types/",
        "/api/v1/issuers/",
        "/api/v1/document-fields/",
        "/api/v1/questions/",
        "/api/v1/pages/",
        "/api/v1/leaders/",
        "/api/v1/bodies/",
        "/api/v1/schedule/",
        "/api/v1/signed-schedules/",
        "/api/v1/links/",
        "/api/v1/english/",
        "/api/v1/banners/",
    ],
)
def test_every_answer_names_the_licence_and_the_publishing_unit(client, url):
    data = get_json(client, url)
    assert data["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/deed.vi",
        "attribution": "Được sử dụng lại, ghi rõ nguồn / Free to reuse with attribution",
    }
    assert data["publisher"]["slug"] == Unit.load().slug


def test_dates_are_iso_8601_with_the_vietnam_offset_and_links_are_absolute(client):
    make_article("Tin có giờ", publish_at=timezone.now() - timedelta(minutes=5))
    article = get_json(client, "/api/v1/articles/")["results"][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00", article["published_at"])
    assert article["url"] == "http://testserver/tin-tuc/tin-tuc-su-kien/tin-co-gio/"
    assert article["api_url"] == "http://testserver/api/v1/articles/tin-co-gio/"


def test_units_lists_every_unit_with_its_own_address(client, second_unit):
    units = {unit["slug"]: unit for unit in get_json(client, "/api/v1/units/")["results"]}
    assert units["xa-mau"]["url"] == f"http://{SECOND_HOST}/"
    assert units["xa-mau"]["api_url"] == f"http://{SECOND_HOST}/api/v1/"
    assert units["an-phu"]["parent"] == "Tỉnh An Giang"
    assert get_json(client, "/api/v1/units/xa-mau/")["name"] == "Ủy ban nhân dân xã Mẫu"


def test_a_units_host_serves_that_units_content(client, second_unit):
    make_article("Tin An Phú", category=make_category("Tin An Phú", unit=Unit.load()))
    make_article("Tin xã Mẫu", category=make_category("Tin xã", unit=second_unit))
    titles = [
        a["title"] for a in get_json(client, "/api/v1/articles/", host=SECOND_HOST)["results"]
    ]
    assert titles == ["Tin xã Mẫu"]
    data = get_json(client, "/api/v1/articles/", host=SECOND_HOST)
    assert data["publisher"]["url"] == f"http://{SECOND_HOST}/"
    assert data["results"][0]["url"].startswith(f"http://{SECOND_HOST}/tin-tuc/")


def test_the_provinces_host_picks_a_unit_with_don_vi(client, province_host, second_unit):
    make_contact(make_contact_group("Đường dây nóng xã Mẫu", unit=second_unit), name="Bà Xã Mẫu")
    data = get_json(client, "/api/v1/contacts/?don-vi=xa-mau", host=PROVINCE_HOST)
    assert [c["name"] for c in data["results"]] == ["Bà Xã Mẫu"]
    assert data["publisher"]["slug"] == "xa-mau"
    # Links lead to the unit's own host, where its pages are.
    assert data["results"][0]["url"].startswith(f"http://{SECOND_HOST}/duong-day-nong/")
    assert get_json(client, "/api/v1/contacts/", host=PROVINCE_HOST)["results"] == []


def test_a_unknown_unit_is_a_404_and_don_vi_elsewhere_a_400(client, province_host):
    body = get_json(client, "/api/v1/articles/?don-vi=khong-co", host=PROVINCE_HOST, status=404)
    assert "Không có đơn vị" in body["detail"]
    body = get_json(client, "/api/v1/articles/?don-vi=an-phu", host=SECOND_HOST, status=400)
    assert "tên miền của tỉnh" in body["don-vi"]


def test_a_section_the_unit_turned_off_answers_404(client, second_unit):
    second_unit.sections = ["duong-day-nong"]
    second_unit.save()
    get_json(client, "/api/v1/articles/", host=SECOND_HOST, status=404)
    get_json(client, "/api/v1/procedures/export.csv", host=SECOND_HOST, status=404)
    get_json(client, "/api/v1/contacts/", host=SECOND_HOST)


def test_writes_are_refused_with_a_json_message(client):
    response = client.post("/api/v1/articles/", {"title": "x"})
    assert response.status_code == 405
    assert "chỉ cho phép đọc" in response.json()["detail"]
    assert client.delete("/api/v1/units/an-phu/").status_code == 405


def test_the_browsable_api_is_off_json_answers_a_browser(client):
    response = client.get("/api/v1/articles/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response["Content-Type"] == "application/json"
    response = client.get("/api/v1/articles/?format=api")
    assert response.status_code == 404


def test_bad_filters_and_pages_are_4xx_json_never_500(client):
    body = get_json(client, "/api/v1/articles/?published_after=31-02-2025", status=400)
    assert "published_after" in body
    get_json(client, "/api/v1/articles/?page=999", status=404)
    get_json(client, "/api/v1/articles/?page=abc", status=404)
    get_json(client, "/api/v1/procedures/?service_level=sai", status=400)
    get_json(client, "/api/v1/procedures/khong..co/", status=404)


# --- Caching: ETag, Last-Modified, 304, Cache-Control, versions -----------------------------


def test_an_unchanged_answer_is_a_304_by_etag(client):
    make_article()
    first = client.get("/api/v1/articles/")
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_an_unchanged_answer_is_a_304_by_last_modified(client):
    article = make_article()
    first = client.get(f"/api/v1/articles/{article.slug}/")
    assert first["Last-Modified"]
    again = client.get(
        f"/api/v1/articles/{article.slug}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


def test_an_edit_changes_the_cached_answer_and_its_etag(client, django_assert_num_queries):
    article = make_article("Tên cũ")
    first = client.get("/api/v1/articles/")
    with django_assert_num_queries(0):  # the second answer comes from the cache
        assert client.get("/api/v1/articles/")["ETag"] == first["ETag"]
    article.title = "Tên mới"
    article.save()
    second = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["results"][0]["title"] == "Tên mới"


def test_an_edit_in_one_unit_keeps_the_other_units_cached_answers(
    client, second_unit, django_assert_num_queries
):
    make_article("Tin xã Mẫu", category=make_category("Tin xã", unit=second_unit))
    client.get("/api/v1/articles/", HTTP_HOST=SECOND_HOST)
    make_article("Tin An Phú", category=make_category("Tin An Phú", unit=Unit.load()))
    with django_assert_num_queries(0):
        client.get("/api/v1/articles/", HTTP_HOST=SECOND_HOST)


def test_an_answer_for_don_vi_follows_that_units_version(client, province_host, second_unit):
    category = make_category("Tin xã", unit=second_unit)
    make_article("Tin thứ nhất", category=category)
    url = "/api/v1/articles/?don-vi=xa-mau"
    assert get_json(client, url, host=PROVINCE_HOST)["count"] == 1
    make_article("Tin thứ hai", category=category)
    assert get_json(client, url, host=PROVINCE_HOST)["count"] == 2


# --- CORS -----------------------------------------------------------------------------------


def test_any_origin_may_read_the_api(client):
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://bao.example.vn")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_reading_only(client):
    response = client.options(
        "/api/v1/articles/",
        HTTP_ORIGIN="https://bao.example.vn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_html_pages_send_no_cors_headers(client):
    response = client.get("/tin-tuc/", HTTP_ORIGIN="https://bao.example.vn")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_304_carries_the_cors_header(client):
    etag = client.get("/api/v1/units/")["ETag"]
    response = client.get(
        "/api/v1/units/", HTTP_IF_NONE_MATCH=etag, HTTP_ORIGIN="https://bao.example.vn"
    )
    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"


# --- Every endpoint alike -------------------------------------------------------------------

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/units/",
    "/api/v1/units/an-phu/",
    "/api/v1/articles/",
    "/api/v1/categories/",
    "/api/v1/categories/tin-tuc-su-kien/",
    "/api/v1/contacts/",
    "/api/v1/contact-groups/",
    "/api/v1/contact-groups/duong-day-nong-huyen-an-phu/",
    "/api/v1/procedures/",
    "/api/v1/procedures/1.001193/",
    "/api/v1/procedures/1.001193/?format=goi-tin",
    "/api/v1/sectors/",
    "/api/v1/sectors/ho-tich/",
    "/api/v1/agencies/",
    "/api/v1/levels/",
    "/api/v1/procedure-office/",
    "/api/v1/procedures/export.json",
    "/api/v1/procedures/export.csv",
    "/api/v1/procedures/export.xlsx",
    "/api/v1/documents/",
    "/api/v1/drafts/",
    "/api/v1/document-types/",
    "/api/v1/issuers/",
    "/api/v1/document-fields/",
    "/api/v1/questions/",
    "/api/v1/pages/",
    "/api/v1/leaders/",
    "/api/v1/bodies/",
    "/api/v1/schedule/",
    "/api/v1/signed-schedules/",
    "/api/v1/links/",
    "/api/v1/english/",
    "/api/v1/banners/",
    "/api/v1/documents/125-qd-ubnd-2026/",
    "/api/v1/drafts/du-thao-2026/",
    "/api/v1/document-types/quyet-dinh/",
    "/api/v1/pages/tong-quan/",
    "/api/v1/leaders/ong-nguyen-van-nong/",
]


@pytest.fixture
def some_of_everything(db):
    from django.utils import timezone

    from feedback.models import Submission
    from organization.models import Link
    from tests.documents.factories import make_document
    from tests.factories import make_procedure
    from tests.feedback.helpers import make_published
    from tests.organization.helpers import make_entry, make_page, make_person

    make_article()
    make_contact()
    make_procedure()
    Unit.load()
    today = timezone.localdate()
    make_document()
    make_document(
        "Dự thảo",
        "Dự thảo Kế hoạch",
        is_draft=True,
        comment_opens_on=today,
        comment_closes_on=today,
    )
    make_published()
    assert Submission.objects.published().exists()
    make_page()
    make_entry(today, leaders=[make_person()])
    Link.objects.create(name="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn")


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers_304_cors_and_cache_control(client, some_of_everything, url):
    first = client.get(url, HTTP_ORIGIN="https://bao.example.vn")
    assert first.status_code == 200
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["Cache-Control"].startswith("public, max-age=")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_is_throttled(client, some_of_everything, settings, url):
    settings.API_ANON_RATE = "1/minute"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


@pytest.mark.parametrize("count", [2, 40])
def test_units_keep_their_query_budget(client, count, django_assert_max_num_queries):
    parent = Unit.load().parent
    for i in range(count):
        Unit.objects.create(
            unit_name=f"Xã {i}", slug=f"xa-{i}", portal_title=f"Cổng xã {i}", parent=parent
        )
    client.get("/api/v1/")
    with django_assert_max_num_queries(2):
        get_json(client, "/api/v1/units/?page_size=100")
    with django_assert_max_num_queries(1):
        get_json(client, "/api/v1/units/xa-1/")
    with django_assert_max_num_queries(1):
        get_json(client, "/api/v1/procedure-office/")
