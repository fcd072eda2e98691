"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

Chromium is never downloaded. Without /usr/bin/chromium these tests skip, except when the
CI variable is set: then they fail.
"""

import os
import re
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests
# themselves are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


@pytest.fixture(scope="session")
def browser():
    """Return a headless Chromium, shared by the browser tests of the session."""
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI requires the browser tests to run.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """Return a fresh page in a phone-sized context with Vietnamese locale."""
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = watch_for_errors(page)
    yield page
    context.close()
    assert_no_errors(errors)


@pytest.fixture
def desktop_page(browser, live_server):
    """Return a fresh page in a desktop-sized context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = watch_for_errors(page)
    yield page
    context.close()
    assert_no_errors(errors)


@pytest.fixture
def log_in_verified(live_server):
    """Return a function that logs a page's browser context in as `user`, second factor given.

    The session is made as in the admin tests (`login_staff`) and its cookie handed to the
    browser, so journeys of roles that must use two-factor login start in the admin.
    """
    from django.conf import settings
    from django.test import Client

    from tests.factories import login_staff

    def log_in(page, user) -> str:
        client = Client()
        login_staff(client, user)
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_server.url}]
        )
        return session_key

    return log_in


# --- A JavaScript error or a console error fails the test ---
# Console errors from outside our control that may be ignored, each with its reason.
# Empty: every error seen so far was ours and has been fixed.
ALLOWED_CONSOLE_ERRORS: tuple[re.Pattern, ...] = ()
# Chromium reports a page answered with 4xx/5xx as a failed resource. A test that opens an
# error page on purpose asserts its status itself; failed scripts, styles, images still count.
FAILED_RESOURCE = "Failed to load resource"


class PageErrors:
    """Collect a page's uncaught exceptions and console errors (CSP violations included)."""

    def __init__(self, page):
        self.errors: list[tuple[str, str]] = []
        self.documents: set[str] = set()
        page.on("pageerror", lambda error: self.errors.append((f"JavaScript error: {error}", "")))
        page.on("console", self.on_console)
        page.on("response", self.on_response)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.errors.append((message.text, message.location.get("url", "")))

    def on_response(self, response) -> None:
        if response.request.is_navigation_request():
            self.documents.add(response.url)

    def unexpected(self) -> list[str]:
        return [
            f"{text} at {url}"
            for text, url in self.errors
            if not (text.startswith(FAILED_RESOURCE) and url in self.documents)
            and not any(pattern.search(text) for pattern in ALLOWED_CONSOLE_ERRORS)
        ]


def watch_for_errors(page) -> PageErrors:
    """Start collecting the errors that the page reports."""
    return PageErrors(page)


def assert_no_errors(errors: PageErrors) -> None:
    """Fail with every error the page reported."""
    unexpected = errors.unexpected()
    assert not unexpected, "The page reported errors:\n" + "\n".join(unexpected)
