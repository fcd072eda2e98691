"""A citizen on a phone finds this week's citizen-reception day and the leader for farming."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from organization.models import ScheduleEntry
from organization.models.schedule import week_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_organization(db):
    call_command("load_demo_hotline")
    call_command("load_demo_organization")


def test_a_citizen_finds_the_reception_day_and_the_vice_chairman_for_agriculture(
    page, live_server, demo_organization
):
    monday = week_start(timezone.localdate())
    reception = ScheduleEntry.objects.get(
        is_citizen_reception=True, date__range=(monday, monday + datetime.timedelta(days=6))
    )
    page.goto(f"{live_server.url}/")
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Menu chính").get_by_role(
        "link", name="Lịch công tác"
    ).click()
    page.wait_for_url("**/lich-cong-tac/")

    day = page.locator(".schedule-day--reception")
    expect(day).to_have_count(1)
    expect(day.get_by_role("heading")).to_contain_text(reception.date.strftime("%d/%m/%Y"))
    expect(day.get_by_role("heading")).to_contain_text("Tiếp công dân")
    expect(day).to_contain_text("Trụ sở Tiếp công dân huyện")
    expect(page.locator(".schedule-day--today")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Printed, the week keeps its days and drops the week links and the feeds.
    page.emulate_media(media="print")
    expect(page.locator(".schedule-nav")).to_be_hidden()
    expect(day).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Giới thiệu").click()
    page.get_by_role("main").get_by_role("link", name="Lãnh đạo").click()
    page.wait_for_url("**/gioi-thieu/lanh-dao/")

    leader = page.locator(".person-card").filter(has_text="Nông nghiệp")
    expect(leader).to_have_count(1)
    expect(leader.get_by_role("heading")).to_have_text("Ông Nguyễn Văn Nông (dữ liệu mẫu)")
    expect(leader).to_contain_text("Phó Chủ tịch UBND huyện")
    phone = leader.get_by_role("link", name="0918.000.312")
    expect(phone).to_be_visible()
    assert phone.get_attribute("href") == "tel:0918000312"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
