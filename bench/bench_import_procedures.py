"""Time the import of 2,000 procedures into a fresh SQLite database and print the figures.

Run: .venv/bin/python bench/bench_import_procedures.py [COUNT]
Also prints the time of the catalogue pages with that many procedures and an empty cache.
The database and media are temporary; the project's own database is never touched.
"""

import copy
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
WORKDIR = tempfile.mkdtemp(prefix="bench-procedures-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{WORKDIR}/media"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")

import warnings  # noqa: E402

import django  # noqa: E402

# Static files come from the finders here; no collected directory is needed.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.core.management import call_command  # noqa: E402

from procedures.importing import import_procedures, read_procedure_file  # noqa: E402
from procedures.models import Procedure  # noqa: E402

DEMO = PROJECT / "procedures" / "fixtures" / "demo_procedures.json"


def national_rows(count: int) -> list[dict]:
    """Return `count` distinct procedures cloned from the demo package (full sections)."""
    templates = json.loads(DEMO.read_text(encoding="utf-8"))["data"]
    rows = []
    for i in range(count):
        row = copy.deepcopy(templates[i % len(templates)])
        row["MATTHC"] = f"9.{i:06d}"
        row["TENTTHC"] = f"{row['TENTTHC']} (bản thử {i})"
        rows.append(row)
    return rows


def timed(label: str, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {seconds:7.2f} s   {result.summary()}")
    return seconds


def main(count: int = 2000) -> None:
    call_command("migrate", verbosity=0)
    path = Path(WORKDIR) / "goi-tin.json"
    path.write_text(json.dumps({"data": national_rows(count)}, ensure_ascii=False), "utf-8")
    print(f"Import of {count} procedures (demo-like rows, every section) on SQLite")
    print(f"File: {path.stat().st_size / 1e6:.1f} MB, {WORKDIR}")

    def read():
        with open(path, "rb") as handle:
            return read_procedure_file(handle, name=path.name)

    start = time.perf_counter()
    source = read()
    print(f"{'read JSON':<46} {time.perf_counter() - start:7.2f} s")
    first = timed(
        "first import (all created)", lambda: import_procedures(rows=source.rows, dry_run=False)
    )
    timed(
        "second import (all unchanged)", lambda: import_procedures(rows=source.rows, dry_run=False)
    )
    for row in source.rows[::10]:
        row["TUKHOA"] = "đã sửa"
    timed(
        "third import (every 10th row changed)",
        lambda: import_procedures(rows=source.rows, dry_run=False),
    )
    timed("dry run of the same file", lambda: import_procedures(rows=source.rows, dry_run=True))
    assert Procedure.objects.count() == count
    time_pages(source.rows[0]["MATTHC"])
    print(
        f"Result: {count} procedures imported in {first:.1f} s ({count / first:.0f}/s); "
        "target: 2,000 in under 60 s."
    )


def time_pages(code: str) -> None:
    """Print the median time of the catalogue pages, uncached, with the imported procedures."""
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    pages = [
        "/thu-tuc-hanh-chinh/",
        "/thu-tuc-hanh-chinh/?q=khai+sinh&cap=xa",
        "/thu-tuc-hanh-chinh/?linh-vuc=ho-tich&page=3",
        f"/thu-tuc-hanh-chinh/{code}/",
    ]
    client = Client()
    with override_settings(
        STORAGES=storages, ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False
    ):
        for url in pages:
            timings = []
            for _ in range(20):
                cache.clear()
                start = time.perf_counter()
                assert client.get(url).status_code == 200, url
                timings.append(time.perf_counter() - start)
            median = statistics.median(timings) * 1000
            print(f"{'page ' + url:<46} {median:7.0f} ms (median of 20, empty cache)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
