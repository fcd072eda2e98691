"""Time the admin's recover list of one unit while another unit's history grows.

On a throwaway database: the default unit has 20 deleted categories; another unit gets
200, then 2,000 deleted categories (one version each). Prints the SQL queries and the
median time of the default unit's /quan-tri/news/category/recover/ for each size.
Run: DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=testserver \
     DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python bench/bench_recover_list.py [--sizes 200 2000]
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

# Through override_settings, so storages already opened by the apps are opened again.
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()

import reversion  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

REQUESTS = 15
URL = "/quan-tri/news/category/recover/"


def add_deleted_categories(unit, start: int, stop: int, prefix: str) -> None:
    """Create categories of a unit, each in a revision of its own, and delete them."""
    from news.models import Category

    for number in range(start, stop):
        with reversion.create_revision():
            category = Category.objects.create(
                unit=unit, name=f"{prefix} {number}", slug=f"{prefix.lower()}-{number}"
            )
        category.delete()


def measure(client: Client) -> tuple[int, float]:
    timings, queries = [], 0
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(URL)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = max(queries, len(captured))
    return queries, statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    args = parser.parse_args()
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from anphu_portal.models import Unit
        from tests.factories import login_staff, make_staff_user

        home = Unit.load()
        other = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
        add_deleted_categories(home, 0, 20, "AnPhu")
        client = Client()
        login_staff(client, make_staff_user(username="bench", superuser=True))
        print(f"Recover list of the default unit ({URL}, 20 deleted rows of its own), ")
        print(f"{connection.vendor}, median of {REQUESTS} requests")
        print(f"{'other unit versions':>20} {'queries':>8} {'ms':>8}")
        done = 0
        for size in sorted(args.sizes):
            add_deleted_categories(other, done, size, "XaMau")
            done = size
            queries, elapsed = measure(client)
            print(f"{size:>20} {queries:>8} {elapsed:>8.1f}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
