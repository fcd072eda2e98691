"""Milliseconds of the open-data lists on the bench data set: shallow, deep and filtered.

Each address is asked in process with the test client on the filled database (API and
page caches off), once to warm up, then --repeat times; the median and the SQL queries
of one request are printed. Past the pagination cap an address answers 400, by design.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_bench \\
        .venv/bin/python bench/bench_api_lists.py [--repeat 15]

Fill the database first (bench/bench_scale.py, or bench/fill_units.py --scale).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.explain_pages import setup_django  # noqa: E402
from bench.fill_units import bench_host  # noqa: E402

ADDRESSES = [
    "/api/v1/articles/",
    "/api/v1/articles/?page=50",
    "/api/v1/articles/?page=500",
    "/api/v1/articles/?page=4999",
    "/api/v1/articles/?published_after=2024-01-01&published_before=2024-12-31",
    "/api/v1/articles/?published_after=2024-01-01&published_before=2024-12-31&page=300",
    "/api/v1/articles/?category=chuyen-muc-1",
    "/api/v1/documents/",
    "/api/v1/documents/?page=400",
    "/api/v1/questions/?page=200",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": f"testserver,{bench_host(1)}",
            "DJANGO_API_RATE": "1000000/minute",
        }
    )
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=bench_host(1))
    print(f"{'ms (median)':>11} {'status':>6} {'queries':>7}  address")
    for address in ADDRESSES:
        client.get(address)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(address)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(address)
        median = statistics.median(times)
        print(f"{median:>11.1f} {response.status_code:>6} {len(captured):>7}  {address}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
