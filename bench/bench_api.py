"""Requests per second of the open-data lists against the matching HTML pages.

With no option, the article list against /tin-tuc/; --demo-apps also loads the demo
documents, questions and schedule and compares /api/v1/documents/, /api/v1/questions/ and
/api/v1/schedule/ with /van-ban/, /hoi-dap/ and /lich-cong-tac/.

Both in one run, on a throwaway database with the demo news plus --articles more, through
Django's test client (the full middleware stack, no network): "cached" serves repeated
requests (each from its cache), "after edit" bumps the unit's content version before each
request, so every answer is built again.
Run: DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=testserver \
     DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/bench_api.py [--articles N]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))
os.environ.setdefault("DJANGO_API_RATE", "1000000/minute")

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
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from anphu_portal.caching import bump_content_version  # noqa: E402

PAGES = {"API /api/v1/articles/": "/api/v1/articles/", "HTML /tin-tuc/": "/tin-tuc/"}
DEMO_APP_PAGES = {
    "API /api/v1/documents/": "/api/v1/documents/",
    "HTML /van-ban/": "/van-ban/",
    "API /api/v1/questions/": "/api/v1/questions/",
    "HTML /hoi-dap/": "/hoi-dap/",
    "API /api/v1/schedule/": "/api/v1/schedule/",
    "HTML /lich-cong-tac/": "/lich-cong-tac/",
}
DEMO_APP_COMMANDS = ["load_demo_documents", "load_demo_feedback", "load_demo_organization"]


def requests_per_second(client: Client, url: str, count: int, *, before) -> float:
    """Return how many answers a second one process gives, `before` run ahead of each."""
    spent = 0.0
    for _ in range(count):
        before()
        start = time.perf_counter()
        response = client.get(url)
        spent += time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
    return count / spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="articles added to the demo")
    parser.add_argument("--requests", type=int, default=200, help="requests per measure")
    parser.add_argument(
        "--demo-apps", action="store_true", help="also documents, questions and the schedule"
    )
    args = parser.parse_args()
    pages = {**PAGES, **DEMO_APP_PAGES} if args.demo_apps else PAGES
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo_news", stdout=open(os.devnull, "w"))
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_news_pages import add_plain_articles

        add_plain_articles(args.articles)
        for command in DEMO_APP_COMMANDS if args.demo_apps else []:
            call_command(command, stdout=open(os.devnull, "w"))
        from anphu_portal.models import Unit
        from news.models import Article

        Unit.load()
        client = Client()
        for url in pages.values():  # warm up: imports, templates, the unit map
            client.get(url)
        print(f"{Article.objects.count()} articles, {args.requests} requests per figure")
        print(f"{'endpoint':<24} {'cached req/s':>13} {'after edit req/s':>17}")
        for name, url in pages.items():
            cached = requests_per_second(client, url, args.requests, before=lambda: None)
            edited = requests_per_second(
                client, url, args.requests // 4, before=bump_content_version
            )
            print(f"{name:<24} {cached:>13.0f} {edited:>17.0f}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
