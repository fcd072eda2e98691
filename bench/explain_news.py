"""EXPLAIN (ANALYZE, BUFFERS) every query of the news pages, on a filled PostgreSQL database.

Asks each page once with an empty cache as unit 1's host, captures its queries, and runs
each query that reads articles again under EXPLAIN. Prints per query its time, whether a
node scans news_article sequentially, and the most rows any node handled; the full plans
go to the file given by --plans. Fill first, e.g. 100,000 articles in one unit:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_big DJANGO_DEBUG=0 \
  DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=.localhost,testserver \
  DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/fill_units.py 1 100000
then run this file with the same environment. It first VACUUMs the news and hotline
tables, as autovacuum does some time after a bulk load: until then PostgreSQL cannot
trust index-only scans and plans differently.
"""

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.explain_pages import setup_django  # noqa: E402
from bench.fill_units import bench_host  # noqa: E402

if "DATABASE_URL" not in os.environ:
    print("explain_news: set DATABASE_URL to a filled PostgreSQL database; skipped.")
    sys.exit(0)

# The environment given on the command line, page cache as configured.
setup_django({}, caches_off=False)

from django.conf import settings  # noqa: E402

settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def pages() -> dict[str, str]:
    last_month = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).strftime(
        "%Y-%m"
    )
    return {
        "home": "/",
        "news": "/tin-tuc/",
        "category": "/tin-tuc/chuyen-muc-1/",
        "news p.500": "/tin-tuc/?page=500",
        "category p.500": "/tin-tuc/chuyen-muc-1/?page=500",
        "news p.1000": "/tin-tuc/?page=1000",
        "news p.4000": "/tin-tuc/?page=4000",
        "month": f"/tin-tuc/thang/{last_month}/",
        "category month": f"/tin-tuc/chuyen-muc-1/thang/{last_month}/",
        "article": "/tin-tuc/chuyen-muc-1/tin-so-1/",
        "rss": "/tin-tuc/rss/",
        "category rss": "/tin-tuc/chuyen-muc-1/rss/",
        "hotline": "/duong-day-nong/",
    }


ROWS = re.compile(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)")


def explain(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def summary(plan: list[str]) -> tuple[float, bool, int, str]:
    """Return the execution time, a sequential scan of articles, the most rows, top node."""
    total = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
    seq = any("Seq Scan on news_article " in line for line in plan)
    most = max((int(rows) * int(loops) for rows, loops in ROWS.findall("\n".join(plan))), default=0)
    nodes = [line.strip().split("  (")[0].lstrip("-> ") for line in plan if "(cost=" in line]
    return total, seq, most, " / ".join(nodes[:4])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", default="explain_news_plans.txt")
    parser.add_argument("--only", help="a comma-separated list of page names")
    parser.add_argument("--all", action="store_true", help="explain every query, not only news")
    args = parser.parse_args()
    client = Client()
    with connection.cursor() as cursor:
        for table in ("news_article", "news_article_extra_categories", "hotline_contact"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    wanted = args.only.split(",") if args.only else None
    with open(args.plans, "w") as plans:
        for name, url in pages().items():
            if wanted and name not in wanted:
                continue
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                status = client.get(url, HTTP_HOST=bench_host(1)).status_code
            print(f"{name:<15} {url}  HTTP {status}, {len(captured)} queries")
            for number, query in enumerate(captured.captured_queries, 1):
                sql = query["sql"]
                if not args.all and "news_article" not in sql and "hotline_" not in sql:
                    continue
                plan = explain(sql)
                total, seq, most, nodes = summary(plan)
                flag = "SEQ SCAN " if seq else ""
                print(f"  q{number:<2} {total:>8.2f} ms  max rows {most:>7}  {flag}{nodes}")
                plans.write(f"== {name} q{number}: {sql}\n" + "\n".join(plan) + "\n\n")


if __name__ == "__main__":
    main()
