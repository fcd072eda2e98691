"""Run the judged query set against the demo content; print the hit rates.

Two figures: how often the first result is the right one, and how often every right
result is on the first page the search opens. It loads the demo content (`load_demo`)
into a throwaway test database, then asks /tim-kiem/ as a visitor would.
Run (SQLite, or PostgreSQL with DATABASE_URL set):
  DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=testserver \
  DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/judged_search.py [--verbose]
"""

import argparse
import html
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="judged-media-"))
os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

# Through override_settings, so storages already opened by the apps are opened again.
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from tests.portal.judged_queries import JUDGED_QUERIES  # noqa: E402

RESULT = re.compile(r'class="search-result__title"><a href="([^"]*)">(.*?)</a>', re.S)


def first_page(client: Client, query: str) -> list[str]:
    """Return each result of the page the search opens on, as "url title"."""
    page = client.get("/tim-kiem/", {"q": query}).content.decode()
    return [
        f"{url} {html.unescape(re.sub(r'<[^>]+>', '', title))}"
        for url, title in RESULT.findall(page)
    ]


def judge(client: Client, verbose: bool) -> tuple[int, int]:
    """Return how many queries had the right first result, and all right results on page."""
    first_right = page_right = 0
    for judged in JUDGED_QUERIES:
        results = first_page(client, judged.query)
        is_first = bool(results) and judged.is_first(results[0])
        wanted = judged.wanted_on_page()
        on_page = all(any(w in result for result in results) for w in wanted)
        first_right += is_first
        page_right += on_page
        if verbose and not (is_first and on_page):
            shown = results[0] if results else "(không có kết quả)"
            print(f"MISS {judged.query!r}: first={shown!r} page_ok={on_page}")
    return first_right, page_right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print each miss")
    args = parser.parse_args()
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo", "--force", stdout=open(os.devnull, "w"))
        first_right, page_right = judge(Client(), args.verbose)
    finally:
        teardown_databases(old_config, verbosity=0)
    total = len(JUDGED_QUERIES)
    print(
        f"{connection.vendor}: {total} judged queries; first result right {first_right}/{total} "
        f"({100 * first_right / total:.0f}%); right results on the first page "
        f"{page_right}/{total} ({100 * page_right / total:.0f}%)"
    )


if __name__ == "__main__":
    main()
