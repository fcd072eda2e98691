"""EXPLAIN every query of the public pages on the bench data set: is the cost flat?

Each page is asked in process with the test client on the filled database (page cache
off; asked twice, the second request's queries are kept, as under load). Every SELECT is
run again under EXPLAIN (ANALYZE, BUFFERS). The report flags a Seq Scan on a big table,
a node that reads many more rows than a page shows (rows that grow with the table), and
lists the slowest queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_bench \\
        .venv/bin/python bench/explain_pages.py [--pages home,article] [--min-rows 5000]

Fill the database first (bench/bench_scale.py, or bench/fill_units.py --scale).
"""

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fill_units import bench_host  # noqa: E402

# The pages measured from outside by bench/bench_scale.py.
WRK_PAGES = {
    "home": "/",
    "category": "/tin-tuc/chuyen-muc-1/",
    "news page 500": "/tin-tuc/?page=500",
    "article": "/tin-tuc/chuyen-muc-1/tin-so-1/",
    "procedures ?cap=xa": "/thu-tuc-hanh-chinh/?cap=xa",
    "procedure": "/thu-tuc-hanh-chinh/BENCH.000001/",
    "directory": "/duong-day-nong/",
    "documents": "/van-ban/",
    "search": "/tim-kiem/?q=khai+sinh",
}
# And the other public pages reviewed with EXPLAIN.
OTHER_PAGES = {
    "documents p.200": "/van-ban/?page=200",
    "document": "/van-ban/1-qd-ubnd-{year}/",
    "drafts": "/van-ban/du-thao/",
    "questions": "/hoi-dap/",
    "questions p.100": "/hoi-dap/?page=100",
    "question": "/hoi-dap/{question}/",
    "schedule": "/lich-cong-tac/",
    "schedule ics": "/lich-cong-tac/lich.ics",
    "leaders": "/gioi-thieu/lanh-dao/",
    "chart": "/gioi-thieu/co-cau-to-chuc/",
    "pages": "/gioi-thieu/",
    "procedures": "/thu-tuc-hanh-chinh/",
    "procedures p.50": "/thu-tuc-hanh-chinh/?page=50",
    "procedures search": "/thu-tuc-hanh-chinh/?q=khai+sinh",
    "search documents": "/tim-kiem/?q=khai+sinh&loai=van-ban",
    "search documents p.10": "/tim-kiem/?q=khai+sinh&loai=van-ban&page=10",
    "search questions": "/tim-kiem/?q=khai+sinh&loai=hoi-dap",
    "search part of a word": "/tim-kiem/?q=khai+sin",
    "search a number": "/tim-kiem/?q=1%2FQ%C4%90-UBND",
    "api documents": "/api/v1/documents/",
    "api questions": "/api/v1/questions/",
    "api schedule": "/api/v1/schedule/",
    "api procedures": "/api/v1/procedures/",
    "api contacts": "/api/v1/contacts/",
    "api articles": "/api/v1/articles/",
    "api articles p500": "/api/v1/articles/?page=500",
    "api articles past cap": "/api/v1/articles/?page=4999",
    "api articles category": "/api/v1/articles/?category=chuyen-muc-1",
    "api articles category p400": "/api/v1/articles/?category=chuyen-muc-1&page=400",
    "api articles 2024 p300": (
        "/api/v1/articles/?published_after=2024-01-01&published_before=2024-12-31&page=300"
    ),
    "api documents past cap": "/api/v1/documents/?page=900",
}
BIG_TABLES = (
    "news_article",
    "documents_document",
    "documents_attachment",
    "feedback_submission",
    "organization_scheduleentry",
    "procedures_procedure",
    "procedures_procedure_levels",
    "procedures_procedure_sectors",
    "procedures_procedureagency",
    "hotline_contact",
)


def setup_django(env: dict, *, caches_off: bool = True) -> None:
    """Set Django up in this process on the bench database, by default with no page cache."""
    os.environ.update(env)
    if caches_off:
        # bench/explain_news.py keeps the page cache on: storing a page adds its queries.
        os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
        os.environ["DJANGO_API_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings, setup_test_environment

    # Through override_settings, so storages already opened by the apps are opened again.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, ".localhost", "testserver"],
    ).enable()
    setup_test_environment()


def resolve(url: str) -> str:
    """Fill the placeholders of a page address from the bench data."""
    if "{" not in url:
        return url
    from django.utils import timezone

    from feedback.models import Submission

    question = Submission.objects.published().values_list("pk", flat=True).first()
    return url.format(year=timezone.localdate().year, question=question)


def page_queries(url: str) -> tuple[int, list[dict]]:
    """Return the status and the queries of the page's second request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=bench_host(1))
    client.get(url)  # Fills the fragment caches, as the first request under load does.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, captured.captured_queries


def explain_sql(sql: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        value = cursor.fetchone()[0]
    return (json.loads(value) if isinstance(value, str) else value)[0]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def findings(plan: dict, min_rows: int) -> list[str]:
    """Return what is wrong with a plan: seq scans on big tables, nodes reading many rows."""
    found = []
    for node in nodes(plan["Plan"]):
        relation = node.get("Relation Name", "")
        loops = node.get("Actual Loops", 1)
        rows = node.get("Actual Rows", 0) * loops
        removed = node.get("Rows Removed by Filter", 0) * loops
        kind = node["Node Type"]
        if kind == "Seq Scan" and relation in BIG_TABLES:
            found.append(f"Seq Scan on {relation} ({rows + removed} rows read)")
        elif rows + removed >= min_rows and kind not in ("Limit", "Result"):
            where = f" on {relation}" if relation else ""
            index = f" using {node['Index Name']}" if "Index Name" in node else ""
            found.append(f"{kind}{where}{index}: {rows} rows, {removed} removed")
    return found


def review(name: str, url: str, min_rows: int, slowest: list) -> None:
    status, queries = page_queries(url)
    problems, total_ms = [], 0.0
    for number, query in enumerate(queries, 1):
        sql = query["sql"]
        if not re.match(r"\s*(SELECT|WITH)\b", sql, re.IGNORECASE):
            continue
        plan = explain_sql(sql)
        ms = plan["Execution Time"]
        total_ms += ms
        slowest.append((ms, name, number, sql))
        problems += [f"  q{number} {ms:.1f} ms: {text}" for text in findings(plan, min_rows)]
    print(f"{name:<20} {status} {len(queries):>3} queries {total_ms:>8.1f} ms  {url}")
    for line in problems:
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--min-rows", type=int, default=5000, help="flag nodes reading more")
    parser.add_argument("--slowest", type=int, default=8)
    parser.add_argument("--sql", action="store_true", help="print the slowest queries' SQL")
    args = parser.parse_args()
    setup_django(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-" + "k" * 50),
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": f"testserver,{bench_host(1)}",
        }
    )
    from django.db import connection

    if connection.vendor != "postgresql":
        print("explain_pages: needs PostgreSQL (DATABASE_URL); skipped.")
        return 0
    pages = {**WRK_PAGES, **OTHER_PAGES}
    chosen = args.pages.split(",") if args.pages else list(pages)
    slowest = []
    for name in chosen:
        review(name, resolve(pages[name]), args.min_rows, slowest)
    print(f"\nSlowest queries ({args.slowest}):")
    for ms, name, number, sql in sorted(slowest, reverse=True)[: args.slowest]:
        print(f"{ms:>8.1f} ms  {name} q{number}: {sql[:160] if not args.sql else sql}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
