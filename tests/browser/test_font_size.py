"""A citizen enlarges the text and the size is kept on the next page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT_SIZE = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
HEADING_SIZE = "parseFloat(getComputedStyle(document.querySelector('main h1, main h2')).fontSize)"


def test_a_plus_grows_the_text_and_the_size_is_kept(page, live_server):
    page.goto(f"{live_server.url}/")
    before = page.evaluate(HEADING_SIZE)
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    enlarged = page.evaluate(HEADING_SIZE)
    assert enlarged > before
    enlarged_root = page.evaluate(ROOT_SIZE)

    menu = page.get_by_role("navigation", name="Menu chính")
    menu.get_by_text("Menu").click()  # the menu is folded on a phone screen
    menu.get_by_role("link", name="Thủ tục hành chính").click()
    page.wait_for_url("**/thu-tuc-hanh-chinh/")
    assert page.evaluate(ROOT_SIZE) == enlarged_root
    assert page.evaluate(ROOT_SIZE) > 16


def test_font_size_buttons_work_with_the_keyboard(page, live_server):
    page.goto(f"{live_server.url}/")
    before = page.evaluate(ROOT_SIZE)
    page.get_by_role("button", name="Tăng cỡ chữ").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.evaluate(ROOT_SIZE) > before
    page.get_by_role("button", name="Cỡ chữ mặc định").focus()
    page.keyboard.press("Space")
    assert page.evaluate(ROOT_SIZE) == before


# What a sighted user reads on the button: its text without the screen-reader-only part.
VISIBLE_TEXT_JS = """(el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
  return copy.textContent.trim();
}"""
NAME_JS = "(el) => el.textContent.replace(/\\s+/g, ' ').trim()"


def pressed_buttons(page) -> list[str]:
    switch = page.get_by_role("group", name="Cỡ chữ")
    return [
        button.evaluate(VISIBLE_TEXT_JS)
        for button in switch.get_by_role("button").all()
        if button.get_attribute("aria-pressed") == "true"
    ]


def test_the_chosen_size_is_shown_pressed_on_this_page_and_the_next(page, live_server):
    page.goto(f"{live_server.url}/")
    assert pressed_buttons(page) == ["A"]
    page.get_by_role("button", name="A+ Tăng cỡ chữ", exact=True).click()
    assert pressed_buttons(page) == ["A+"]
    page.goto(f"{live_server.url}/duong-day-nong/")
    assert pressed_buttons(page) == ["A+"]
    page.get_by_role("button", name="A Cỡ chữ mặc định", exact=True).click()
    page.get_by_role("button", name="A- Giảm cỡ chữ", exact=True).click()
    assert pressed_buttons(page) == ["A-"]


def test_each_size_button_is_named_by_its_visible_text_first(page, live_server):
    page.goto(f"{live_server.url}/")
    for button in page.get_by_role("group", name="Cỡ chữ").get_by_role("button").all():
        assert button.evaluate(NAME_JS).startswith(button.evaluate(VISIBLE_TEXT_JS) + " ")
        assert button.get_attribute("aria-label") is None
