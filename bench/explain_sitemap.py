"""EXPLAIN (ANALYZE, BUFFERS) every query of the sitemap and the feeds, on a filled database.

Asks each address once with an empty cache as unit 1's host, captures its queries and runs
each SELECT again under EXPLAIN (see explain_news.py, whose helpers this uses). Prints per
address the status, the size of the answer and the queries; per query its time, whether it
scans news_article sequentially and the most rows any node handled. Addresses may be given
on the command line; by default the index, the newest and the oldest month of news, the
other sections (the newest year of documents) and the feeds. Fill and run as explain_news.py says, e.g.
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_big DJANGO_DEBUG=0 \
  DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=.localhost,testserver \
  DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/explain_sitemap.py
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.explain_news import explain, summary  # noqa: E402  (sets Django up)
from bench.fill_units import bench_host  # noqa: E402


def default_urls() -> list[str]:
    from anphu_portal.current_unit import activate_unit, deactivate_unit
    from anphu_portal.models import UnitHost
    from documents.sitemaps import document_year_sections
    from news.sitemaps import article_month_sections

    token = activate_unit(UnitHost.objects.get(host=bench_host(1)).unit)
    months, years = list(article_month_sections()), list(document_year_sections())
    deactivate_unit(token)
    sections = [*months[:1], *months[-1:], "news-months", "news-categories", *years[:1]]
    sections += ["documents-list", "procedures", "feedback"]
    return [
        "/sitemap.xml",
        *[f"/sitemap-{section}.xml" for section in sections],
        "/tin-tuc/rss/",
        "/tin-tuc/chuyen-muc-1/rss/",
        "/van-ban/rss/",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="*")
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    client = Client()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE news_article")
    for url in args.urls or default_urls():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST=bench_host(1))
            elapsed = (time.perf_counter() - started) * 1000
        print(
            f"{url}  HTTP {response.status_code}, {len(response.content):,} bytes, "
            f"{len(captured)} queries, {elapsed:.0f} ms"
        )
        for number, query in enumerate(captured.captured_queries, 1):
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            total, seq, most, nodes = summary(explain(query["sql"]))
            flag = "SEQ SCAN " if seq else ""
            print(f"  q{number:<2} {total:>8.2f} ms  max rows {most:>7}  {flag}{nodes[:110]}")


if __name__ == "__main__":
    main()
