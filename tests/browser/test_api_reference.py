"""The API reference page runs Swagger UI from our own files under the site's strict CSP."""

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reference_page_lists_the_endpoints_without_csp_violation(desktop_page, live_server):
    make_article()
    response = desktop_page.goto(f"{live_server.url}/api/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src-attr 'unsafe-inline'" in policy
    assert desktop_page.locator("h1").first.inner_text() == "Dữ liệu mở / Open data"
    operations = desktop_page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = operations.all_inner_texts()
    assert any("/api/v1/articles/" in path for path in paths)
    assert any("/api/v1/procedures/{code}/" in path.replace("\u200b", "") for path in paths)
    # Console errors, CSP violations among them, fail the test in the desktop_page fixture.
