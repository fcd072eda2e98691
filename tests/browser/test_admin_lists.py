"""Admin change lists and forms at 1,280 px, for every registered ModelAdmin and role."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
# How far the list's table reaches beyond the area that shows it.
OVERFLOW_JS = """
() => {
  const area = document.querySelector('#changelist .results') || document.querySelector('#content');
  const table = document.querySelector('#result_list');
  return {
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    table: table ? Math.round(table.getBoundingClientRect().width - area.clientWidth) : 0,
  };
}
"""


def changelist_urls() -> dict[str, str]:
    return {
        model._meta.label: reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        for model in admin.site._registry
    }


@pytest.fixture
def admin_page(browser, live_server, log_in_verified):
    call_command("load_demo", "--force", verbosity=0)
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in_verified(page, make_staff_user(None, username="quan-tri-rong", superuser=True))
    yield page
    context.close()


def test_no_change_list_scrolls_sideways_at_1280_px(admin_page, live_server):
    wide = {}
    for label, url in changelist_urls().items():
        admin_page.goto(f"{live_server.url}{url}")
        overflow = admin_page.evaluate(OVERFLOW_JS)
        if overflow["page"] > 0 or overflow["table"] > 0:
            wide[label] = overflow
    assert wide == {}
