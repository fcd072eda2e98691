"""Admin slug boxes fill in the way the server makes slugs: Vietnamese folded, đ→d."""

import pytest
from django.conf import settings
from django.test import Client

from anphu_portal.roles import HOTLINE_STAFF, PROCEDURE_STAFF
from hotline.models import ContactGroup
from procedures.models import Sector
from tests.factories import login_staff, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_admin_as(page, live_server, role: str, path: str) -> None:
    """Log a member of the role in (the one test login) and open an admin page."""
    client = Client()
    login_staff(client, make_staff_user(role))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/{settings.ADMIN_PATH}{path}")


def test_typing_đất_đai_in_the_sector_name_gives_dat_dai(page, live_server):
    open_admin_as(page, live_server, PROCEDURE_STAFF, "procedures/sector/add/")
    page.locator("#id_name").press_sequentially("Đất đai")
    assert page.input_value("#id_slug") == "dat-dai"
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/procedures/sector/")
    assert Sector.objects.get(name="Đất đai").slug == "dat-dai"


def test_contact_group_slug_follows_the_name_until_typed_by_hand(page, live_server):
    open_admin_as(page, live_server, HOTLINE_STAFF, "hotline/contactgroup/add/")
    page.locator("#id_name").press_sequentially("Đường dây nóng xã Đa Phước")
    assert page.input_value("#id_slug") == "duong-day-nong-xa-da-phuoc"
    page.locator("#id_slug").fill("da-phuoc")
    page.locator("#id_name").press_sequentially(" mới")
    assert page.input_value("#id_slug") == "da-phuoc"
    assert not ContactGroup.objects.exists()
