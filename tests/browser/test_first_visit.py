"""What a citizen on a 375 px phone meets first, measured in Chromium on every page type."""

import pytest
from django.core.management import call_command

from tests.browser.page_types import page_type_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
TWO_SCREENS = 2 * PHONE["height"]
# WCAG 2.2 success criterion 2.5.8 asks for 24 px; phone numbers, search, menu and
# submit buttons are what people tap most, so they get the 44 px of 2.5.5.
MINIMUM, COMFORTABLE = 24, 44

# Boxes of the visible links and buttons, in page coordinates. Links inside an article's
# text are exempt (WCAG's "inline" exception): the text sets their size.
TARGETS_JS = """
() => [...document.querySelectorAll('a[href], button, summary, input[type=submit]')]
  .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter((el) => !el.closest('.news-article__body, .visually-hidden, .skip-link'))
  .map((el) => {
    const box = el.getBoundingClientRect();
    return {
      text: (el.innerText || el.value || el.getAttribute('href') || '').trim().slice(0, 40),
      tel: (el.getAttribute('href') || '').startsWith('tel:'),
      large: el.matches('button, summary, input[type=submit]'),
      width: Math.round(box.width * 10) / 10,
      height: Math.round(box.height * 10) / 10,
    };
  })
"""
FIRST_NUMBER_JS = """
() => {
  const link = [...document.querySelectorAll('a[href^="tel:"]')]
    .find((el) => el.getClientRects().length);
  return link ? link.getBoundingClientRect().top + window.scrollY : null;
}
"""
HEADING_BOTTOM_JS = """
() => {
  const heading = document.querySelector('main h1:not(.visually-hidden)');
  return heading ? heading.getBoundingClientRect().bottom + window.scrollY : null;
}
"""


@pytest.fixture
def phone(browser, live_server):
    call_command("load_demo", "--force", verbosity=0)
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def too_small(target: dict) -> bool:
    needed = COMFORTABLE if target["tel"] or target["large"] else MINIMUM
    return target["width"] < needed or target["height"] < needed


def test_every_link_and_button_is_big_enough_to_tap_on_every_page_type(phone, live_server):
    small = {}
    for name, path in page_type_paths(phone, live_server.url).items():
        phone.goto(f"{live_server.url}{path}")
        phone.locator("summary", has_text="Menu").click()  # the folded menu's links count too
        found = [target for target in phone.evaluate(TARGETS_JS) if too_small(target)]
        if found:
            small[name] = found
    assert small == {}


def test_hotline_numbers_start_within_two_phone_screens_on_every_page_type(phone, live_server):
    positions, headings = {}, {}
    for name, path in page_type_paths(phone, live_server.url).items():
        phone.goto(f"{live_server.url}{path}")
        positions[name] = phone.evaluate(FIRST_NUMBER_JS)
        heading = phone.evaluate(HEADING_BOTTOM_JS)
        if heading is not None and heading > PHONE["height"]:
            headings[name] = heading
    late = {name: top for name, top in positions.items() if top is None or top > TWO_SCREENS}
    assert late == {}, f"first tel: link below {TWO_SCREENS} px"
    assert headings == {}, "the page heading is pushed below the first screen"
