"""The catalogue pages pass axe-core with no violation, on a phone and on a desktop."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/thu-tuc-hanh-chinh/",
    "/thu-tuc-hanh-chinh/?q=khai+sinh&cap=xa",
    "/thu-tuc-hanh-chinh/?linh-vuc=ho-tich&page=1",
    "/thu-tuc-hanh-chinh/1.001193/",
    "/thu-tuc-hanh-chinh/2.000815/",
]


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("viewport", ["page", "desktop_page"])
def test_catalogue_pages_have_no_axe_violations(request, live_server, viewport):
    call_command("load_demo_procedures")
    page = request.getfixturevalue(viewport)
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
