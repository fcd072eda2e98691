"""Time the public document pages on a throwaway database: the demo plus N more documents.

Prints, for the list (plain, filtered, searched) and a detail page: SQL queries (the
portal's fragments cached) and the median time with the page cache off. Run:
DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=testserver DJANGO_SECURE_SSL_REDIRECT=0 \
    .venv/bin/python bench/bench_documents.py [--documents N]
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))
os.environ.setdefault("DJANGO_PAGE_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Static files come from the finders here; production serves a collected manifest.
STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

REQUESTS = 20


def add_documents(count: int) -> None:
    """Add plain documents (no files) spread over the types, issuers and ten years."""
    from anphu_portal.models import Unit
    from documents.models import Document, DocumentType, Issuer

    unit = Unit.default()
    types = list(DocumentType.objects.for_unit(unit))
    issuers = list(Issuer.objects.for_unit(unit))
    start = datetime.date(2016, 1, 1)
    Document.objects.bulk_create(
        Document(
            unit=unit,
            number=f"{n}/VB-{n % 7}",
            number_key=f"{n}-vb-{n % 7}",
            year=(start + datetime.timedelta(days=n % 3650)).year,
            slug=f"{n}-vb-{n % 7}-bench",
            document_type=types[n % len(types)],
            issuer=issuers[n % len(issuers)],
            issued_on=start + datetime.timedelta(days=n % 3650),
            summary=f"Văn bản thứ {n} về kế hoạch phát triển kinh tế xã hội",
            search_text=f"{n}/vb-{n % 7} van ban thu {n} ve ke hoach phat trien kinh te xa hoi | {n} vb",
        )
        for n in range(count)
    )


def measure(client: Client, path: str) -> tuple[int, float]:
    client.get(path)  # The portal's own fragments (menu, sidebar, unit) are cached after this.
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        first = client.get(path)
    assert first.status_code == 200, (path, first.status_code)
    if os.environ.get("BENCH_SHOW_SQL"):
        print("\n".join(sql[:110] for sql in queries))
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo_documents", verbosity=0)
        add_documents(args.documents)
        from documents.models import Document

        detail = Document.objects.issued().filter(incoming_relations__isnull=False).first()
        client = Client()
        pages = {
            "list": "/van-ban/",
            "list, type + year": "/van-ban/?loai=ke-hoach&nam=2026",
            "list, status": "/van-ban/?tinh-trang=het-hieu-luc",
            "search by number": "/van-ban/?q=125+qd+ubnd",
            "search by words": "/van-ban/?q=ke+hoach+kinh+te",
            "detail": detail.get_absolute_url(),
            "drafts": "/van-ban/du-thao/",
        }
        total = Document.objects.count()
        print(
            f"{connection.vendor}, {total} documents, median of {REQUESTS} requests, no page cache"
        )
        for name, path in pages.items():
            queries, median = measure(client, path)
            print(f"{name:20} {queries:3d} queries {median:8.1f} ms")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    with override_settings(STORAGES=STORAGES):
        main()
