"""The weekly schedule: week boundaries in Asia/Ho_Chi_Minh, the week view, the ICS feeds."""

import datetime
import zoneinfo

import icalendar
import pytest
import time_machine

from anphu_portal.models import Unit
from organization.models import ScheduleEntry
from organization.workflow import copy_to_next_week
from tests.organization.helpers import make_entry, make_person

pytestmark = pytest.mark.django_db
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def week_of(client, query=""):
    return client.get(f"/lich-cong-tac/{query}").content.decode()


def test_the_week_turns_at_midnight_in_vietnam_not_utc(client):
    make_entry(datetime.date(2026, 11, 29), content="Họp cuối tuần cũ")  # a Sunday
    make_entry(datetime.date(2026, 11, 30), content="Giao ban đầu tuần mới")  # Monday
    # 16:59 UTC on Sunday is 23:59 in Vietnam: still the old week.
    with time_machine.travel(datetime.datetime(2026, 11, 29, 16, 59, tzinfo=datetime.UTC)):
        html = week_of(client)
        assert "Họp cuối tuần cũ" in html and "Giao ban đầu tuần mới" not in html
        assert "Từ thứ Hai 23/11/2026 đến Chủ nhật 29/11/2026" in html
    # 17:01 UTC on Sunday is 00:01 on Monday in Vietnam: the new week.
    with time_machine.travel(datetime.datetime(2026, 11, 29, 17, 1, tzinfo=datetime.UTC)):
        html = week_of(client)
        assert "Giao ban đầu tuần mới" in html and "Họp cuối tuần cũ" not in html
        assert "Từ thứ Hai 30/11/2026 đến Chủ nhật 06/12/2026" in html


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=VIETNAM))
def test_today_is_highlighted_and_citizen_reception_days_flagged(client):
    make_entry(
        datetime.date(2026, 12, 4), content="Tiếp công dân định kỳ", is_citizen_reception=True
    )

    html = week_of(client)

    today = html.split('id="ngay-20261202"')[0].rsplit("<section", 1)[1]
    assert "schedule-day--today" in today
    friday = html.split('id="ngay-20261204"')[0].rsplit("<section", 1)[1]
    assert "schedule-day--reception" in friday
    assert html.count("schedule-badge--today") == 1


def test_a_week_is_chosen_by_iso_week_or_by_any_date(client):
    make_entry(datetime.date(2027, 1, 6), content="Họp đầu năm")
    assert "Họp đầu năm" in week_of(client, "?tuan=2027-W01")
    assert "Họp đầu năm" in week_of(client, "?tuan=2027-01-10")
    assert "Họp đầu năm" in week_of(client, "?tuan=04/01/2027")
    html = week_of(client, "?tuan=2027-W01")
    assert 'href="?tuan=2026-W53"' in html and 'href="?tuan=2027-W02"' in html


@pytest.mark.parametrize("bad", ["2026-W60", "hôm qua", "31/02/2026", "9999999-01-01"])
def test_a_bad_week_answers_400_with_a_vietnamese_message(client, bad):
    response = client.get("/lich-cong-tac/", {"tuan": bad})
    assert response.status_code == 400
    assert "Tuần không hợp lệ" in response.content.decode()


def test_a_changed_entry_is_marked_and_a_cancelled_one_struck(client):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=VIETNAM)):
        entry = make_entry(datetime.date(2026, 12, 3), content="Họp bàn phòng chống lũ")
        cancelled = make_entry(datetime.date(2026, 12, 3), start="14:00", content="Đi thực tế")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 15, tzinfo=VIETNAM)):
        entry.start_time = datetime.time(8, 0)
        entry.save()
        cancelled.status = ScheduleEntry.Status.CANCELLED
        cancelled.save()
        html = week_of(client)
    assert "Đã thay đổi lúc 10:15 02/12/2026" in html
    assert "Đã hủy" in html


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=VIETNAM))
@pytest.mark.parametrize("rows", [3, 40])
def test_the_week_view_keeps_its_query_budget(client, rows, django_assert_max_num_queries):
    leader = make_person()
    for number in range(rows):
        make_entry(
            datetime.date(2026, 12, 1 + number % 7), content=f"Việc {number}", leaders=[leader]
        )
    client.get("/")
    with django_assert_max_num_queries(5):
        assert client.get("/lich-cong-tac/").status_code == 200


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_parses_back_with_stable_uids_sequences_and_time_zone(client):
    leader = make_person()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=VIETNAM)):
        entry = make_entry(
            datetime.date(2026, 12, 3), content="Họp bàn phòng chống lũ", leaders=[leader]
        )
        first = events(parse(client.get("/lich-cong-tac/lich.ics")))["Họp bàn phòng chống lũ"]
        entry.place = "Hội trường UBND huyện"
        entry.save()
        calendar = parse(client.get("/lich-cong-tac/lich.ics"))
    second = events(calendar)["Họp bàn phòng chống lũ"]

    assert str(first["UID"]) == str(second["UID"]) == f"{entry.uid}@testserver"
    assert int(first["SEQUENCE"]) == 0 and int(second["SEQUENCE"]) == 1
    assert str(second["LOCATION"]) == "Hội trường UBND huyện"
    starts = second.decoded("DTSTART")
    assert starts == datetime.datetime(2026, 12, 3, 7, 30, tzinfo=VIETNAM)
    assert second["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert "Chủ trì: Ông Nguyễn Văn Nông" in str(second["DESCRIPTION"])


def test_a_cancelled_entry_is_sent_as_cancelled_for_thirty_days_then_dropped(client):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=VIETNAM)):
        entry = make_entry(datetime.date(2026, 12, 20), content="Đi thực tế xã Phú Hữu")
        entry.status = ScheduleEntry.Status.CANCELLED
        entry.save()
    with time_machine.travel(datetime.datetime(2026, 12, 30, 8, 0, tzinfo=VIETNAM)):
        event = events(parse(client.get("/lich-cong-tac/lich.ics")))["Đi thực tế xã Phú Hữu"]
        assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    with time_machine.travel(datetime.datetime(2027, 1, 1, 8, 0, tzinfo=VIETNAM)):
        assert events(parse(client.get("/lich-cong-tac/lich.ics"))) == {}


def test_a_leaders_feed_holds_only_their_entries(client):
    leader = make_person(slug="nguyen-van-nong")
    make_entry(datetime.date.today(), content="Việc của ông Nông", leaders=[leader])
    make_entry(datetime.date.today(), content="Việc của người khác")

    found = events(parse(client.get("/lich-cong-tac/nguyen-van-nong.ics")))

    assert list(found) == ["Việc của ông Nông"]
    assert client.get("/lich-cong-tac/khong-co-ai.ics").status_code == 404


def test_another_units_schedule_is_not_in_the_feed_or_the_week(client):
    other = Unit.objects.create(unit_name="Xã Khánh An", slug="khanh-an")
    make_entry(datetime.date.today(), unit=other, content="Lịch của xã khác")
    assert "Lịch của xã khác" not in week_of(client)
    assert "Lịch của xã khác" not in client.get("/lich-cong-tac/lich.ics").content.decode()


def test_copying_to_next_week_keeps_day_time_and_leaders():
    leader = make_person()
    entry = make_entry(
        datetime.date(2026, 12, 3),
        content="Tiếp công dân",
        leaders=[leader],
        is_citizen_reception=True,
    )

    [copy] = copy_to_next_week(entries=ScheduleEntry.objects.filter(pk=entry.pk))

    assert copy.date == datetime.date(2026, 12, 10) and copy.start_time == entry.start_time
    assert list(copy.leaders.all()) == [leader] and copy.is_citizen_reception
    assert copy.uid != entry.uid and copy.sequence == 0
