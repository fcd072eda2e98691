"""No English in the Vietnamese admin: every page each role opens, read as a person would.

The pages come from the admin registry (tests/portal/admin_pages.py), so the admin of an app
added later is read without new test code.
"""

import pytest
from django.conf import settings
from django.core.management import call_command

from anphu_portal.roles import ROLE_NAMES
from tests.factories import PASSWORD, login_staff, make_staff_user
from tests.portal.admin_pages import english_in, english_patterns, model_admin_urls

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture(scope="module")
def patterns():
    return english_patterns()


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", verbosity=0)


def english_on(client, urls, patterns) -> dict[str, set[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            english = english_in(response.content.decode(), patterns)
            if english:
                found[url] = english
    return found


def test_no_admin_page_of_any_role_shows_english(client, demo, patterns):
    """One demo for all roles: each role logs in and reads every admin page it may open."""
    found = {}
    for role in [*ROLE_NAMES, None]:
        user = make_staff_user(role, username=f"doc-{role or 'quan-tri'}", superuser=not role)
        login_staff(client, user)
        urls = model_admin_urls()
        assert client.get(urls[0]).status_code == 200
        for url, texts in english_on(client, urls, patterns).items():
            found.setdefault(role or "superuser", {})[url] = texts
    assert found == {}


def test_login_second_factor_and_lockout_pages_show_no_english(client, patterns):
    found = english_on(client, [f"{ADMIN}login/"], patterns)
    user = make_staff_user(ROLE_NAMES[1], username="can-bo")
    data = {"username": user.username, "password": PASSWORD, "next": ADMIN}
    assert client.post(f"{ADMIN}login/", data).status_code == 302
    found |= english_on(client, [f"{ADMIN}xac-thuc/thiet-lap/"], patterns)
    wrong = {**data, "password": "sai-mat-khau"}
    for _ in range(5):
        lockout = client.post(f"{ADMIN}login/", wrong, REMOTE_ADDR="203.0.113.9")
    assert lockout.status_code == 429
    english = english_in(lockout.content.decode(), patterns)
    if english:
        found["lockout page"] = english
    assert found == {}


def test_add_is_said_as_them_not_them_vao(client, demo):
    login_staff(client, make_staff_user(None, username="quan-tri", superuser=True))
    page = client.get(ADMIN).content.decode()
    assert "Thêm vào" not in page
    assert ">Thêm<" in page or "Thêm</a>" in page
