"""The browser fixtures notice JavaScript errors, console errors and failed resources."""

import pytest

from tests.browser.conftest import PageErrors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    errors = PageErrors(page)
    page.goto(live_server.url + "/")
    yield page, errors
    context.close()


def test_an_uncaught_exception_is_reported(watched):
    page, errors = watched
    page.evaluate("setTimeout(() => { throw new Error('hỏng rồi') }, 0)")
    page.wait_for_timeout(200)
    assert any("hỏng rồi" in error for error in errors.unexpected())


def test_a_console_error_is_reported(watched):
    page, errors = watched
    page.evaluate("console.error('lỗi trong trang')")
    page.wait_for_timeout(200)
    assert any("lỗi trong trang" in error for error in errors.unexpected())


def test_a_missing_image_is_reported_but_a_visited_404_page_is_not(watched, live_server):
    page, errors = watched
    page.goto(live_server.url + "/khong-co-trang-nay/")
    assert errors.unexpected() == []
    page.evaluate(
        "() => new Promise(done => { const img = new Image();"
        " img.onerror = done; img.src = '/static/img/khong-co.png'; })"
    )
    page.wait_for_timeout(200)
    assert any("khong-co.png" in error for error in errors.unexpected())


def test_a_content_security_policy_violation_is_reported(watched):
    page, errors = watched
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in error for error in errors.unexpected())
