"""The article form as an editor sees it at 1,280 px: wide text boxes, public typography."""

import pytest
from django.conf import settings

from anphu_portal.roles import EDITOR
from tests.factories import make_category, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STYLE_JS = """
(selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return {size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight, 10)};
}
"""
# Width of 60 characters of the box's own font: the shortest title its help recommends.
SIXTY_CHARACTERS_JS = """
(el) => {
  const context = document.createElement('canvas').getContext('2d');
  context.font = getComputedStyle(el).font;
  return {box: el.clientWidth, sixty: context.measureText('Huyện An Phú '.repeat(5)).width};
}
"""


@pytest.fixture
def editor_form(browser, live_server, log_in_verified):
    make_category()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    log_in_verified(page, make_staff_user(EDITOR, username="bien-tap-rong"))
    page.goto(f"{live_server.url}/{settings.ADMIN_PATH}news/article/add/")
    yield page
    context.close()


def test_title_lead_alt_and_caption_boxes_show_at_least_sixty_characters(editor_form):
    narrow = {}
    for field in ("title", "summary", "cover_alt", "cover_caption"):
        measured = editor_form.locator(f"#id_{field}").evaluate(SIXTY_CHARACTERS_JS)
        if measured["box"] < measured["sixty"]:
            narrow[field] = measured
    assert narrow == {}


def test_headings_in_the_editor_look_like_headings(editor_form):
    editable = editor_form.locator(".ck-editor__editable")
    editable.click()
    editor_form.keyboard.type("Đoạn văn thường.")
    editor_form.keyboard.press("Enter")
    editor_form.locator(".ck-heading-dropdown button").first.click()
    editor_form.get_by_role("menuitemradio", name="Tiêu đề lớn").click()
    editor_form.keyboard.type("Quy mô công trình")
    paragraph = editor_form.evaluate(STYLE_JS, ".ck-content p")
    heading = editor_form.evaluate(STYLE_JS, ".ck-content h2")
    assert heading["size"] >= 1.25 * paragraph["size"]
    assert heading["weight"] >= 700
    assert paragraph["size"] >= 16
