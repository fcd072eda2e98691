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


FORM_OVERFLOW_JS = """
() => {
  const content = document.querySelector('#content');
  const widest = Math.max(0, ...[...document.querySelectorAll('#content fieldset, .inline-group')]
    .map((el) => el.scrollWidth - el.clientWidth));
  return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          section: widest, height: Math.round(document.documentElement.scrollHeight),
          content: Math.round(content.getBoundingClientRect().width)};
}
"""


def change_form_urls() -> dict[str, str]:
    urls = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
            urls[model._meta.label] = reverse(name, args=[obj.pk])
    return urls


def test_no_change_form_scrolls_sideways_at_1280_px(admin_page, live_server):
    wide, heights = {}, {}
    for label, url in change_form_urls().items():
        admin_page.goto(f"{live_server.url}{url}")
        measured = admin_page.evaluate(FORM_OVERFLOW_JS)
        heights[label] = measured["height"]
        if measured["page"] > 0 or measured["section"] > 0:
            wide[label] = measured
    assert wide == {}
    # The procedure form was 7,573 px tall: its long sections are folded now.
    assert heights["procedures.Procedure"] < 5000
