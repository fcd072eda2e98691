"""Time the public news pages on a throwaway database filled with the demo news.

Prints, for the home page, listings and an article: SQL queries and the median time
with an empty cache, right after an edit (page cache invalidated, fragments kept) and
from the anonymous page cache.
Run: DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=testserver \
     DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/bench_news_pages.py [--articles N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

# Static files come from the finders here; production serves a collected manifest.
# Through override_settings, so storages already opened by the apps are opened again.
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from anphu_portal.caching import bump_content_version  # noqa: E402

REQUESTS = 30


def add_plain_articles(count: int) -> None:
    """Add articles without images on top of the demo ones, to see the pages at scale."""
    from datetime import timedelta

    from news.models import Article, Category

    categories = list(Category.objects.all())
    oldest = Article.objects.published().order_by("publish_at").first().publish_at
    Article.objects.bulk_create(
        Article(
            title=f"Tin bổ sung số {n}",
            slug=f"tin-bo-sung-so-{n}",
            summary="Tin thêm vào để đo tốc độ trang (dữ liệu mẫu).",
            body="<p>Nội dung mẫu.</p>",
            category=categories[n % len(categories)],
            status=Article.Status.PUBLISHED,
            publish_at=oldest - timedelta(minutes=n + 1),
            search_text=f"tin bo sung so {n} | du lieu mau",
        )
        for n in range(count)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article")  # as autovacuum would after a bulk load


def measure(client: Client, url: str, *, before) -> tuple[int, float]:
    timings, queries = [], 0
    for _ in range(REQUESTS):
        before()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = max(queries, len(captured))
    return queries, statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="articles added to the demo")
    args = parser.parse_args()
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo_news", stdout=open(os.devnull, "w"))
        add_plain_articles(args.articles)
        from anphu_portal.models import Unit

        Unit.load()  # created once in real life, not on a page view
        from news.models import Article

        article = Article.objects.published().exclude(cover="").first()
        pages = {
            "home": "/",
            "listing": "/tin-tuc/",
            "listing p.5": f"/tin-tuc/{article.category.slug}/?page=5",
            "article": article.get_absolute_url(),
        }
        client = Client()
        print(f"News pages, {Article.objects.count()} articles, median of {REQUESTS} requests")
        print("cold: empty cache; after edit: content version bumped; cached: page cache hit")
        print(f"{'page':<12} {'queries':>7} {'cold ms':>8} {'after edit ms':>14} {'cached ms':>10}")
        for name, url in pages.items():
            queries, cold = measure(client, url, before=cache.clear)
            _, edited = measure(client, url, before=bump_content_version)
            _, cached = measure(client, url, before=lambda: None)
            print(f"{name:<12} {queries:>7} {cold:>8.1f} {edited:>14.1f} {cached:>10.2f}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
