"""Admin sessions end 8 hours after login, whatever the activity, and with the browser."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from anphu_portal.models import AuditEvent
from anphu_portal.roles import EDITOR
from news.models import Category
from tests.factories import PASSWORD, login_staff, make_category, make_staff_user

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_PATH}"
ADD_ARTICLE = f"{ADMIN}news/article/add/"


def test_session_cookie_ends_with_the_browser(client):
    make_staff_user(EDITOR, username="bientap")
    data = {"username": "bientap", "password": PASSWORD, "next": ADMIN}
    response = client.post(f"{ADMIN}login/", data)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value and cookie["expires"] == "" and cookie["max-age"] == ""


def test_session_ends_eight_hours_after_login_even_when_busy(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login_staff(client, make_staff_user(EDITOR, username="bientap"))
    for hours in (2, 4, 6, 7.9):
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            assert client.get(ADMIN).status_code == 200
            # Saving the session (as messages after each save do) slides Django's expiry.
            session = client.session
            session["last_seen"] = hours
            session.save()
    with time_machine.travel(start + timedelta(hours=8, minutes=1), tick=False):
        response = client.get(ADMIN)
    assert response.status_code == 302 and response["Location"].startswith(f"{ADMIN}login/")
    assert AuditEvent.objects.filter(action="logout", actor_name="bientap").exists()


def test_add_form_carries_the_session_end_for_the_warning_script(client):
    make_category()
    start = timezone.now().replace(hour=1, minute=30, second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        login_staff(client, make_staff_user(EDITOR))
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        html = client.get(ADD_ARTICLE).content.decode()
    expected = timezone.localtime(start + timedelta(hours=8))
    assert "js/session-expiry.js" in html
    assert f'data-expires-at="{expected.isoformat()}"' in html
    assert f'data-expires-label="{expected:%H:%M}"' in html
    assert 'data-warn-seconds="600"' in html
    assert "<script>" not in html


def test_change_lists_do_not_load_the_warning_script(client):
    login_staff(client, make_staff_user(EDITOR))
    assert Category.objects.count() == 0
    assert "session-expiry.js" not in client.get(f"{ADMIN}news/article/").content.decode()
