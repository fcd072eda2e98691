"""Chromium reads a cached page sent gzip-compressed, its visitor figures put in per hit."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.portal.test_redis_cache import real_redis  # noqa: F401 (a fixture)
from tests.portal.test_redis_visits import redis_cache  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILTER_LABEL = "Lọc theo tên, chức vụ, cơ quan, số điện thoại hoặc thư điện tử"


def test_chromium_reads_the_directory_sent_gzipped_from_the_page_cache(
    page,
    live_server,
    redis_cache,  # noqa: F811
):
    call_command("load_demo_hotline")
    url = f"{live_server.url}/duong-day-nong/"
    built = page.goto(url)
    assert built.status == 200 and "content-encoding" not in built.all_headers()
    main = page.locator("main")
    cards = main.locator(".contact-card").count()
    assert cards > 20

    cached = page.goto(url)
    headers = cached.all_headers()
    assert headers["content-encoding"] == "gzip" and "accept-encoding" in headers["vary"].lower()
    assert int(headers["content-length"]) < len(cached.body()) / 4  # body(): as decoded
    expect(main.locator(".contact-card")).to_have_count(cards)
    # The figures put in between the compressed pieces: this visitor, on its second page.
    expect(page.locator('[data-visitor-stat="today"]')).to_have_text("1")
    expect(page.locator('[data-visitor-stat="total"]')).to_have_text("1")
    # The page works as sent uncompressed: its script filters the cards.
    main.get_by_label(FILTER_LABEL).press_sequentially("cong vu")
    expect(main.locator(".contact-card:visible")).to_have_count(2)
