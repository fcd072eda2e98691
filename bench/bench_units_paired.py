"""Compare unit 1's pages in a 1-unit and an N-unit database, request by request.

bench_units.py measures the two sizes one after the other, minutes apart; on a shared
machine the load changes in between and the ratio means little. This one switches the
connection between the two databases before every request, so each pair of requests
meets the same load, and prints the median of each side and of the pair ratios.
Both databases must be filled already (bench/fill_units.py) and migrated.
Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_units1 DJANGO_DEBUG=0 \
     DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=.localhost,testserver \
     DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/bench_units_paired.py \
     --large anphu_units [--requests 21] [--pages rss,article]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if "DATABASE_URL" not in os.environ:
    print("bench_units_paired: set DATABASE_URL to the 1-unit database; skipped.")
    sys.exit(0)

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

import bench.bench_units as units_bench  # noqa: E402  (sets Django up as that bench does)
from anphu_portal.models import forget_units, unit_map  # noqa: E402

PAGES = units_bench.PAGES


from bench.fill_units import bench_host  # noqa: E402


def use_database(name: str) -> None:
    """Point the default connection at another database of the same server, connected."""
    connection.close()
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def timed_request(client: Client, url: str) -> tuple[float, float]:
    """Return the wall and CPU ms of one request with an empty cache, the unit map kept.

    The CPU time of this process leaves out the database server's, and most of the
    other users' load: on a busy machine it is the steadier of the two.
    """
    cache.clear()
    forget_units()
    unit_map()
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, HTTP_HOST=bench_host(1))
    wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", required=True, help="name of the N-unit database")
    parser.add_argument("--requests", type=int, default=21)
    parser.add_argument("--pages", help="a comma-separated list of page names")
    args = parser.parse_args()
    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    small = connection.settings_dict["NAME"]
    pages = {k: v for k, v in PAGES.items() if not args.pages or k in args.pages.split(",")}
    client = Client()
    print(f"unit 1's pages, {small} vs {args.large}, {args.requests} interleaved pairs")
    print(f"{'':<13} {'wall ms, medians':^28} | {'CPU ms of this process':^28}")
    print(f"{'page':<13} {'small':>8} {'large':>8} {'ratio':>5} {'pairs':>5} | " * 1, end="")
    print(f"{'small':>8} {'large':>8} {'ratio':>5} {'pairs':>5}")
    for name, url in pages.items():
        times = {small: [], args.large: []}
        for _ in range(args.requests):
            for database in (small, args.large):
                use_database(database)
                timed_request(client, url)  # warm the new connection's first use
                times[database].append(timed_request(client, url))
        row = []
        for kind in (0, 1):
            xs = [t[kind] for t in times[small]]
            ys = [t[kind] for t in times[args.large]]
            a, b = statistics.median(xs), statistics.median(ys)
            pairs = statistics.median(y / x for x, y in zip(xs, ys, strict=True))
            row.append(f"{a:>8.1f} {b:>8.1f} {b / a:>5.2f} {pairs:>5.2f}")
        print(f"{name:<13} " + " | ".join(row))


if __name__ == "__main__":
    main()
