"""With the keyboard only: search for a procedure, open it, then reach the hotline page."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80

# True when the focused element shows a visible focus indicator.
FOCUS_IS_VISIBLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return false;
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outlined || style.boxShadow !== "none";
}"""

DESCRIBE_FOCUS = """() => {
  const element = document.activeElement;
  return element ? element.outerHTML.slice(0, 200) : "";
}"""


def tab_to(page, predicate: str, *, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element matches a JS predicate.

    `predicate` is the body of a function of `el`, e.g. "el.id === 'header-search'".
    """
    check = f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate(check):
            assert page.evaluate(FOCUS_IS_VISIBLE), page.evaluate(DESCRIBE_FOCUS)
            return
    pytest.fail(f"No focusable element matched {predicate!r} after {MAX_TABS} presses of {key}")


def link_named(text: str) -> str:
    return f"el.tagName === 'A' && el.textContent.trim() === {text!r}"


def test_keyboard_only_search_open_a_procedure_and_reach_the_hotline(
    desktop_page, page, live_server
):
    call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())
    phone = page
    page = desktop_page
    page.goto(f"{live_server.url}/")

    # The skip link comes first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate(FOCUS_IS_VISIBLE)

    tab_to(page, "el.id === 'header-search'")
    page.keyboard.type("khai sinh")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=khai+sinh")

    # Reach the "Thủ tục hành chính" tab of the results and open it.
    tab_to(page, "el.closest('.search-tabs') && el.textContent.includes('Thủ tục hành chính')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=khai%20sinh&loai=thu-tuc")
    assert (
        page.locator(".search-tabs a[aria-current='page']")
        .inner_text()
        .startswith("Thủ tục hành chính")
    )

    tab_to(page, link_named("Đăng ký khai sinh") + " && !!el.closest('.search-results')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc-hanh-chinh/1.001193/")
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"

    # From the top of the page, through the header to the main menu's "Đường dây nóng".
    tab_to(page, link_named("Đường dây nóng") + " && !!el.closest('.main-nav')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/duong-day-nong/")
    assert page.get_by_role("heading", level=1).count() == 1

    # The skip link takes keyboard users straight to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"

    # On a phone the menu is folded into "Menu": open it with Enter, then go on.
    phone.goto(f"{live_server.url}/thu-tuc-hanh-chinh/1.001193/")
    tab_to(phone, "el.tagName === 'SUMMARY'")
    phone.keyboard.press("Enter")
    assert phone.locator(".main-nav__toggle").get_attribute("open") is not None
    tab_to(phone, link_named("Đường dây nóng") + " && !!el.closest('.main-nav')")
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server.url}/duong-day-nong/")
