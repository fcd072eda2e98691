"""The demo command: An Phú's pages, sample leaders, two weeks of schedule, English page."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from anphu_portal.models import Unit
from organization.models import EnglishPage, Link, Page, Person, ScheduleEntry

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@time_machine.travel(NOW, tick=False)
def test_the_demo_fills_the_pages_and_a_second_run_changes_nothing(database_snapshot, client):
    Unit.load()
    call_command("load_demo_hotline")
    call_command("load_demo_organization")
    before = database_snapshot()
    call_command("load_demo_organization")
    assert database_snapshot() == before

    overview = client.get("/gioi-thieu/dieu-kien-tu-nhien/").content.decode()
    assert "Campuchia" in overview and "sông Hậu" in overview and "sông Tiền" in overview
    assert all(
        person.name.endswith("(dữ liệu mẫu)") for person in Person.objects.filter(contact=None)
    )
    assert Person.objects.get(slug="huynh-hung-thuong").contact is not None
    dates = set(ScheduleEntry.objects.values_list("date", flat=True))
    assert min(dates) >= datetime.date(2026, 11, 30) and max(dates) <= datetime.date(2026, 12, 13)
    assert ScheduleEntry.objects.filter(is_citizen_reception=True).count() == 2
    assert {link.url for link in Link.objects.all()} == {
        "https://dichvucong.gov.vn",
        "https://angiang.gov.vn",
        "https://chinhphu.vn",
    }
    assert EnglishPage.objects.get().name.startswith("An Phu District")
    assert Page.objects.filter(parent__slug="tong-quan").count() == 2


def test_a_second_unit_gets_its_own_sample_content():
    Unit.load()
    Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    call_command("load_demo_organization", unit="xa-mau")
    other = Unit.objects.get(slug="xa-mau")
    assert Page.objects.filter(unit=other).exists()
    assert "sample data" in EnglishPage.objects.get(unit=other).name
    assert not Page.objects.filter(unit=Unit.load()).exists()
