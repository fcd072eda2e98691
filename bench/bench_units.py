"""Compare every public page at 1 unit × M articles and at N units × M articles.

Fills the database given by DATABASE_URL with bench/fill_units.py (kept between runs),
then prints, for unit 1, the SQL queries and the median time with an empty cache, first
with one unit, then with N. Use a database of your own: it is filled, not emptied.
Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_units DJANGO_DEBUG=0 \
     DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=.localhost,testserver \
     DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/bench_units.py [--units 100]
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

if "DATABASE_URL" not in os.environ:
    # It fills the database it is given and keeps it: never the development database.
    print("bench_units: set DATABASE_URL to a database of your own; skipped.")
    sys.exit(0)

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
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from anphu_portal.models import unit_map  # noqa: E402
from bench.fill_units import bench_host, fill_units  # noqa: E402

REQUESTS = 15
PAGES = {
    "home": "/",
    "news": "/tin-tuc/",
    "category p.5": "/tin-tuc/chuyen-muc-1/?page=5",
    "article": "/tin-tuc/chuyen-muc-1/tin-so-1/",
    "rss": "/tin-tuc/rss/",
    "sitemap": "/sitemap.xml",
    "search": "/tim-kiem/?q=tin+so+15",
    "hotline": "/duong-day-nong/",
    "procedures": "/thu-tuc-hanh-chinh/",
}


def measure(client: Client, url: str, *, cold_units: bool = False) -> tuple[int, float]:
    """Return the most queries and the median ms of a page asked with an empty cache.

    The host-to-unit map stays cached (its own entry, rebuilt only when a unit or a host
    name changes, never by a content edit), unless `cold_units`: rebuilding it for every
    request costs 2 ms at 1 unit and 7 ms at 100 units, a cost no rendered page pays.
    """
    timings, queries = [], 0
    for _ in range(REQUESTS):
        cache.clear()
        if not cold_units:
            unit_map()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST=bench_host(1))
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = max(queries, len(captured))
    return queries, statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument(
        "--only", type=int, help="measure only at this many units (filled if missing)"
    )
    parser.add_argument(
        "--cold-units", action="store_true", help="also rebuild the unit map for each request"
    )
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    call_command("migrate", verbosity=0)
    client = Client()
    results = {}
    if args.only:
        fill_units(args.only, args.articles)
        for name, url in PAGES.items():
            queries, ms = measure(client, url, cold_units=args.cold_units)
            print(f"{args.only} units {name:<13} {queries:>3} queries {ms:>8.1f} ms")
        return
    for units in (1, args.units):
        fill_units(units, args.articles)
        results[units] = {
            name: measure(client, url, cold_units=args.cold_units) for name, url in PAGES.items()
        }
    small, large = results[1], results[args.units]
    print(f"Unit 1's pages, {args.articles} articles per unit, {connection.vendor}, cold cache,")
    print(f"median of {REQUESTS} requests: 1 unit vs {args.units} units")
    print(f"{'page':<13} {'queries':>9} {'ms (1)':>8} {f'ms ({args.units})':>9} {'ratio':>6}")
    for name in PAGES:
        (q1, t1), (qn, tn) = small[name], large[name]
        print(f"{name:<13} {q1:>4}/{qn:<4} {t1:>8.1f} {tn:>9.1f} {tn / t1:>6.2f}")


if __name__ == "__main__":
    main()
