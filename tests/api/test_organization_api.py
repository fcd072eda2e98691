"""Introduction pages, leaders, bodies, the schedule, the English page and links in the API."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from anphu_portal.models import Unit
from documents.pdfs import text_pdf
from organization.models import Body, EnglishPage, Link, SignedSchedule
from tests.api.conftest import SECOND_HOST, get_json
from tests.factories import make_contact
from tests.organization.helpers import make_body, make_entry, make_page, make_person

pytestmark = pytest.mark.django_db
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Wednesday 02/12/2026, week 2026-W49 (Monday 30/11 to Sunday 06/12).
WEDNESDAY = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=VIETNAM)
HOUR = datetime.timedelta(hours=1)


def contents(data) -> list[str]:
    return [row["content"] for row in data["results"]]


def test_pages_in_menu_order_with_body_and_published_children(client):
    parent = make_page("Tổng quan", position=1, body="<p>Huyện biên giới.</p>")
    make_page("Lịch sử", parent=parent, position=2)
    make_page("Trang ẩn", parent=parent, published=False)
    make_page("Lãnh đạo", slug="lanh-dao", position=3)
    data = get_json(client, "/api/v1/pages/")
    assert [p["title"] for p in data["results"]] == ["Tổng quan", "Lịch sử", "Lãnh đạo"]
    assert data["results"][1]["parent"] == "tong-quan"
    assert data["results"][2]["url"] == "http://testserver/gioi-thieu/lanh-dao/"
    detail = get_json(client, "/api/v1/pages/tong-quan/")
    assert detail["body"] == "<p>Huyện biên giới.</p>"
    assert [c["title"] for c in detail["children"]] == ["Lịch sử"]
    get_json(client, "/api/v1/pages/trang-an/", status=404)


def test_leaders_with_the_contact_their_card_shows(client):
    committee = make_body("Lãnh đạo UBND huyện", position=1)
    council = make_body("Thường trực HĐND huyện", kind=Body.Kind.COUNCIL, position=2)
    hotline = make_contact(name="Ông Nông", phones="0296 3957006", email="nong@angiang.gov.vn")
    make_person(body=committee, contact=hotline, is_spokesperson=True, title_en="Vice Chairman")
    make_person("Bà Trần Thị Hội", body=council, title="Chủ tịch HĐND", email="hoi@angiang.gov.vn")
    make_person("Ông Nghỉ Hưu", body=committee, active=False)
    closed = make_body("Ban đã giải thể", active=False)
    make_person("Ông Ban Cũ", body=closed)
    data = get_json(client, "/api/v1/leaders/")
    assert [p["name"] for p in data["results"]] == ["Ông Nguyễn Văn Nông", "Bà Trần Thị Hội"]
    nong = data["results"][0]
    assert nong["phones"] == ["02963.957.006"] and nong["email"] == "nong@angiang.gov.vn"
    assert nong["body"]["kind"] == "ubnd" and nong["url"].endswith(
        "/gioi-thieu/lanh-dao/#" + nong["slug"]
    )
    assert nong["calendar_url"] == f"http://testserver/lich-cong-tac/{nong['slug']}.ics"
    assert [p["name"] for p in get_json(client, "/api/v1/leaders/?kind=hdnd")["results"]] == [
        "Bà Trần Thị Hội"
    ]
    spokespeople = get_json(client, "/api/v1/leaders/?spokesperson=true")["results"]
    assert [p["name"] for p in spokespeople] == ["Ông Nguyễn Văn Nông"]
    assert get_json(client, "/api/v1/leaders/?q=TRAN+THI")["count"] == 1
    assert get_json(client, f"/api/v1/leaders/{nong['slug']}/")["title_en"] == "Vice Chairman"
    bodies = get_json(client, "/api/v1/bodies/")["results"]
    assert [b["name"] for b in bodies] == ["Lãnh đạo UBND huyện", "Thường trực HĐND huyện"]
    assert [p["name"] for p in bodies[0]["people"]] == ["Ông Nguyễn Văn Nông"]
    get_json(client, "/api/v1/leaders/ong-nghi-huu/", status=404)
    get_json(client, "/api/v1/leaders/ong-ban-cu/", status=404)


@time_machine.travel(WEDNESDAY)
def test_the_schedule_by_week_and_leader(client):
    leader = make_person()
    other = make_person("Bà Lê Thị Hai")
    make_entry(datetime.date(2026, 11, 29), content="Tuần trước")
    make_entry(
        datetime.date(2026, 12, 4),
        start="14:00",
        content="Tiếp công dân",
        leaders=[leader],
        is_citizen_reception=True,
        end_time=datetime.time(16, 30),
    )
    make_entry(datetime.date(2026, 11, 30), content="Giao ban", leaders=[other])
    cancelled = make_entry(datetime.date(2026, 12, 1), content="Họp đã hủy", status="cancelled")
    data = get_json(client, "/api/v1/schedule/")
    assert contents(data) == ["Giao ban", "Họp đã hủy", "Tiếp công dân"]
    reception = data["results"][2]
    assert reception["starts_at"] == "2026-12-04T14:00:00+07:00"
    assert reception["ends_at"] == "2026-12-04T16:30:00+07:00"
    assert reception["week"] == "2026-W49" and reception["leaders"][0]["slug"] == leader.slug
    assert data["results"][1]["status"] == "cancelled"
    assert contents(get_json(client, "/api/v1/schedule/?week=2026-W48")) == ["Tuần trước"]
    assert contents(get_json(client, "/api/v1/schedule/?week=2026-11-25")) == ["Tuần trước"]
    assert contents(get_json(client, f"/api/v1/schedule/?leader={leader.slug}")) == [
        "Tiếp công dân"
    ]
    assert contents(get_json(client, "/api/v1/schedule/?citizen_reception=true")) == [
        "Tiếp công dân"
    ]
    assert get_json(client, f"/api/v1/schedule/{cancelled.uid}/")["status_label"] == "Đã hủy"
    error = get_json(client, "/api/v1/schedule/?week=2026-W99", status=400)
    assert "2026-W49" in str(error)
    get_json(client, "/api/v1/schedule/khong-phai-uuid/", status=404)


@time_machine.travel(WEDNESDAY)
def test_the_schedule_is_paginated_and_answers_304(client):
    for hour in range(7, 10):
        make_entry(datetime.date(2026, 12, 2), start=f"{hour:02d}:00", content=f"Họp {hour}")
    first = get_json(client, "/api/v1/schedule/?page_size=2")
    assert first["count"] == 3 and contents(first) == ["Họp 7", "Họp 8"]
    assert contents(get_json(client, first["next"])) == ["Họp 9"]
    response = client.get("/api/v1/schedule/")
    assert client.get("/api/v1/schedule/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_signed_schedules_link_their_pdf(client):
    SignedSchedule.objects.create(
        title="Lịch tuần 49",
        week=datetime.date(2026, 12, 2),
        document=SimpleUploadedFile("lich.pdf", text_pdf(heading="LỊCH", lines=[])),
    )
    [signed] = get_json(client, "/api/v1/signed-schedules/?week=2026-W49")["results"]
    assert signed["week"] == "2026-11-30" and signed["week_label"] == "2026-W49"
    assert signed["file"]["url"].startswith("http://testserver/") and signed["file"]["size"] > 0
    assert get_json(client, "/api/v1/signed-schedules/?week=2026-W50")["count"] == 0


def test_the_english_page_and_the_links(client, second_unit):
    make_person(title_en="Vice Chairman")
    make_person("Bà Không Tiếng Anh")
    Link.objects.create(name="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn")
    Link.objects.create(name="Liên kết ẩn", url="https://example.com", active=False)
    data = get_json(client, "/api/v1/english/")
    assert data["name"] == "Ủy ban nhân dân huyện An Phú" and data["updated_at"] is None
    assert data["leaders"] == [{"name": "Ông Nguyễn Văn Nông", "title": "Vice Chairman"}]
    assert [link["name"] for link in data["links"]] == ["Cổng Dịch vụ công quốc gia"]
    assert data["licence"]["name"] == "CC BY 4.0"
    EnglishPage.objects.create(
        name="An Phu District", contacts="Office: 0296 3830 000\n\n", location="North-west"
    )
    data = get_json(client, "/api/v1/english/")
    assert data["name"] == "An Phu District" and data["contacts"] == ["Office: 0296 3830 000"]
    assert data["url"] == "http://testserver/en/"
    assert get_json(client, "/api/v1/links/")["count"] == 1
    other = get_json(client, "/api/v1/english/", host=SECOND_HOST)
    assert other["name"] == "Ủy ban nhân dân xã Mẫu" and other["links"] == []


@pytest.mark.parametrize("count", [3, 40])
@time_machine.travel(WEDNESDAY)
def test_the_organization_lists_keep_their_query_budget(
    client, count, django_assert_max_num_queries
):
    bodies = [make_body(f"Cơ quan {i}") for i in range(3)]
    contact = make_contact()
    for i in range(count):
        person = make_person(f"Người {i}", body=bodies[i % 3], contact=contact if i % 2 else None)
        page = make_page(f"Trang {i}")
        make_page(f"Trang con {i}", parent=page)
        make_entry(datetime.date(2026, 12, 1), leaders=[person], content=f"Họp {i}")
        Link.objects.create(name=f"Liên kết {i}", url="https://example.com")
    client.get("/api/v1/units/")
    budgets = {
        "/api/v1/pages/?page_size=100": 2,
        f"/api/v1/pages/{page.slug}/": 2,  # page, children
        "/api/v1/leaders/?page_size=100": 2,
        f"/api/v1/leaders/{person.slug}/": 1,
        "/api/v1/bodies/?page_size=100": 3,  # count, bodies, their people
        "/api/v1/schedule/?page_size=100": 3,  # count, entries, their leaders
        "/api/v1/links/?page_size=100": 2,
        "/api/v1/signed-schedules/": 1,
        "/api/v1/english/": 3,  # page, leaders, links
        "/api/v1/banners/": 2,
    }
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            get_json(client, url)


def test_banners_are_those_shown_now_and_end_on_time(client, second_unit):
    from organization.models import Banner

    province = second_unit.parent or Unit.load().parent
    start = WEDNESDAY
    common = {"level": Banner.Level.EMERGENCY, "starts_at": start, "ends_at": start + HOUR}
    Banner.objects.create(unit=Unit.load(), text="Nước lên nhanh", **common)
    Banner.objects.create(unit=second_unit, text="Thông báo của xã khác", **common)
    later = {**common, "starts_at": start + HOUR, "ends_at": start + 2 * HOUR}
    Banner.objects.create(unit=Unit.load(), text="Cắt điện buổi chiều", **later)
    Banner.objects.create(unit=province, text="Bão số 9", all_units=True, **common)
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        data = get_json(client, "/api/v1/banners/")
        assert sorted(b["text"] for b in data["results"]) == ["Bão số 9", "Nước lên nhanh"]
        assert {b["text"]: b["from_province"] for b in data["results"]}["Bão số 9"] is True
        assert client.get("/api/v1/banners/")["Cache-Control"] == "public, max-age=60"
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        data = get_json(client, "/api/v1/banners/")
        assert [b["text"] for b in data["results"]] == ["Cắt điện buổi chiều"]
    with time_machine.travel(start + 3 * HOUR, tick=False):
        assert get_json(client, "/api/v1/banners/")["count"] == 0
