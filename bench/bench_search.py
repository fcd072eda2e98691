"""Time the site search (/tim-kiem/) over many articles; prints p50/p95 in milliseconds.

The target is p95 under 50 ms with 100,000 articles on PostgreSQL, where a trigram GIN
index serves `search_text LIKE '%word%'` and a word index (GIN over
to_tsvector('simple', search_text)) the lookups of whole words. It runs on a throwaway
test database. Use a database of its own (DATABASE_URL=…/anphu_bench, say): the test
suite run against the same name drops test_<name>, and with it a kept fill.
Run (as `make bench` does, with the test environment of the Makefile):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x \
  DJANGO_ALLOWED_HOSTS=testserver DJANGO_SECURE_SSL_REDIRECT=0 \
  .venv/bin/python bench/bench_search.py [--articles 100000] [--requests 300] [--keep] \
  [--work [--plans]] [--max-counted N]

With --keep the test database (test_<name>) is kept after the run and reused by the next
run with --keep: filling 100,000 articles is done once.
Cache round trips per page are counted too (the database cache table, or Redis with
REDIS_URL set).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))
os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"  # time the search itself, not the page cache

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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

SUBJECTS = [
    "Cải cách hành chính",
    "Xây dựng nông thôn mới",
    "Phòng chống lũ",
    "Chuyển đổi số",
    "Đăng ký khai sinh",
    "Giao thông nông thôn",
    "An ninh trật tự",
    "Giáo dục mầm non",
    "Y tế cơ sở",
    "Bảo trợ xã hội",
    "Lúa đông xuân",
    "Nuôi cá bè",
    "Du lịch cộng đồng",
    "Đường dây nóng",
    "Dịch vụ công trực tuyến",
    "Thuế hộ kinh doanh",
]
PLACES = [
    "An Phú",
    "Long Bình",
    "Khánh An",
    "Khánh Bình",
    "Quốc Thái",
    "Nhơn Hội",
    "Phú Hữu",
    "Phú Hội",
    "Phước Hưng",
    "Vĩnh Lộc",
    "Vĩnh Hậu",
    "Vĩnh Trường",
    "Vĩnh Hội Đông",
    "Đa Phước",
]
ACTIONS = ["Hội nghị", "Ra quân", "Tổng kết", "Triển khai", "Kiểm tra", "Tuyên truyền", "Hỗ trợ"]
QUERIES = [
    "cai cach hanh chinh",
    "khai sinh",
    "vinh hoi dong",
    "chuyen doi so",
    "lua dong xuan",
    "duong day nong",
    "phu huu",
    "an phu",
    "tong ket nuoi ca be",
    "dich vu cong truc tuyen",
    "đa phước",
    "giao duc",
    "xyz khong co",
    "ho tro bao tro xa hoi khanh binh",
    # Frequent words, rare together, scattered (one match in 150-200 rows).
    "kiem tra y te co so vinh loc",
    "ra quan du lich cong dong nhon hoi",
]


def fill(count: int) -> None:
    """Insert `count` published articles in the demo's categories and words, in batches."""
    from anphu_portal.slugs import ascii_slug
    from news.management.commands.load_demo_news import CATEGORIES, PARAGRAPHS
    from news.models import Article, Category

    DEMO_TITLES = [title for *_rest, titles in CATEGORIES for title in titles]
    # The demo's category names are searched too ("cải cách hành chính" is one of them).
    categories = [
        Category.objects.get_or_create(slug=ascii_slug(name), defaults={"name": name})[0]
        for name, *_rest in CATEGORIES
    ]
    rng = random.Random(2026)
    now = timezone.now()
    batch = []
    for n in range(count):
        title = (
            f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS).lower()} tại {rng.choice(PLACES)} ({n})"
        )
        article = Article(
            title=title,
            slug=f"tin-{n}",
            summary=f"{rng.choice(SUBJECTS)} – {rng.choice(PLACES)}: tin số {n} của cổng thông tin.",
            # Each article a mix of the demo's sentences, as real articles share words
            # but not whole paragraphs.
            body=f"<p>{rng.choice(PARAGRAPHS).format(place=title.lower())}</p>"
            f"<p>{'. '.join(rng.sample(DEMO_TITLES, 3))}.</p>",
            category=categories[n % len(categories)],
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(minutes=n),
        )
        article.search_text = article.build_search_text()
        batch.append(article)
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would after so many inserts: statistics and the visibility
            # map (index-only scans).
            cursor.execute("VACUUM ANALYZE news_article")


def cache_round_trips(client: Client) -> int:
    """Return how many cache operations one search page makes (database or Redis)."""
    from django.core.cache import caches
    from django.test.utils import CaptureQueriesContext

    counted, depth = 0, 0
    backend = type(caches["default"])  # `cache` is a proxy to it
    originals = {}
    for name in ("get", "set", "add", "delete", "get_many", "set_many", "incr", "touch"):
        original = getattr(backend, name, None)
        if original is None:
            continue
        originals[name] = original

        def counting(self, *args, _original=original, **kwargs):
            nonlocal counted, depth
            counted += depth == 0  # get() calling get_many() is one round trip
            depth += 1
            try:
                return _original(self, *args, **kwargs)
            finally:
                depth -= 1

        setattr(backend, name, counting)
    try:
        with CaptureQueriesContext(connection) as queries:
            client.get("/tim-kiem/", {"q": QUERIES[0]})
    finally:
        for name, original in originals.items():
            setattr(backend, name, original)
    table = getattr(settings, "CACHES", {}).get("default", {}).get("LOCATION", "")
    on_table = sum(table in q["sql"] for q in queries.captured_queries)
    return on_table if "DatabaseCache" in settings.CACHES["default"]["BACKEND"] else counted


def scans(plan: dict) -> list[str]:
    """Return the scan nodes of a JSON plan, as "Index Scan on news_article_visible"."""
    found = []
    if "Scan" in plan["Node Type"]:
        found.append(f"{plan['Node Type']} on {plan.get('Index Name') or plan['Relation Name']}")
    for child in plan.get("Plans", []):
        found += scans(child)
    return found


def database_work(client: Client, *, plans: bool = False) -> None:
    """Print, per query, the database pages the search read and the time its queries took.

    Pages read (shared buffers hit or read, from EXPLAIN ANALYZE BUFFERS) do not depend on
    how busy the machine is, so two versions of the code compare fairly even when the
    timings do not. PostgreSQL only.
    """
    from django.test.utils import CaptureQueriesContext

    print("database work per search page (queries on news_article, PostgreSQL EXPLAIN):")
    for query in QUERIES:
        with CaptureQueriesContext(connection) as captured:
            client.get("/tim-kiem/", {"q": query})
        pages = milliseconds = count = 0
        for executed in captured.captured_queries:
            sql = executed["sql"]
            if "news_article" not in sql or not sql.startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
            read = plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"]
            pages += read
            milliseconds += plan["Execution Time"]
            count += 1
            if plans:
                shown = ", ".join(dict.fromkeys(scans(plan["Plan"])))
                print(f"      {read:6d} pages {plan['Execution Time']:6.1f} ms: {shown}")
        print(f"  {query!r:42} {count} queries, {pages:6d} pages, {milliseconds:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--max-counted",
        type=int,
        default=None,
        help="SEARCH_MAX_COUNTED for this run (where counts stop and the ranked window ends)",
    )
    parser.add_argument(
        "--work", action="store_true", help="also print the database work of each query"
    )
    parser.add_argument(
        "--plans", action="store_true", help="with --work, the scans of each query's plan"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the filled test database for the next run"
    )
    args = parser.parse_args()

    from news.models import Article

    if args.max_counted:
        settings.SEARCH_MAX_COUNTED = args.max_counted

    # No setup_test_environment(): it makes every template render send a signal that the
    # test client answers by copying each context, a cost no served page has.
    # Not serialized: a kept database of 100,000 articles would be read whole on each run.
    old_config = setup_databases(
        verbosity=0, interactive=False, keepdb=args.keep, serialized_aliases=set()
    )
    try:
        started = time.perf_counter()
        present = Article.objects.count()
        if present != args.articles:
            Article.objects.all().delete()
            fill(args.articles)
            print(
                f"database: {connection.vendor}; filled {args.articles:,} articles "
                f"in {time.perf_counter() - started:.1f} s"
            )
        else:
            print(f"database: {connection.vendor}; reusing {present:,} articles")
        if connection.vendor != "postgresql":
            print(
                "note: the target is for PostgreSQL with its trigram index; run with "
                "DATABASE_URL=postgres://… to measure it"
            )
        client = Client()
        for query in QUERIES:  # warm up connections and caches of the database
            client.get("/tim-kiem/", {"q": query})
        timings, cpu = [], []
        per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
        for n in range(args.requests):
            query = QUERIES[n % len(QUERIES)]
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get("/tim-kiem/", {"q": query})
            elapsed = (time.perf_counter() - begin) * 1000
            cpu.append((time.process_time() - begin_cpu) * 1000)
            assert response.status_code == 200, response.status_code
            timings.append(elapsed)
            per_query[query].append(elapsed)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(
            f"search page, {len(timings)} requests: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, p99 {p99:.1f} ms, max {timings[-1]:.1f} ms (target p95 < 50 ms; "
            f"counts stop at {settings.SEARCH_MAX_COUNTED})"
        )
        cpu.sort()
        # Python's own time, which depends less on how busy the machine is than the above.
        print(
            f"CPU time of this process per page: p50 {statistics.median(cpu):.1f} ms, "
            f"p95 {cpu[int(len(cpu) * 0.95) - 1]:.1f} ms"
        )
        for query, values in per_query.items():
            print(f"  {query!r:42} median {statistics.median(values):6.1f} ms")
        print(f"cache round trips per search page: {cache_round_trips(client)}")
        if args.work and connection.vendor == "postgresql":
            database_work(client, plans=args.plans)
    finally:
        if not args.keep:
            teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
