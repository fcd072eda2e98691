"""Fill a database with N units of M articles each (bulk inserts), reusing what is there.

Each unit gets a host name u<n>.bench.localhost, five categories, M published articles
without images and a hotline group. Units already filled are kept, so a second run, or
a run asking for more units, only adds what is missing.
Run: DATABASE_URL=postgres://… DJANGO_DEBUG=0 DJANGO_SECRET_KEY=x \
     DJANGO_ALLOWED_HOSTS=.localhost,testserver .venv/bin/python bench/fill_units.py 100 2000

`--scale` fills instead the data set of the performance issue (bench/bench_scale.py):
the measured unit (unit 1, the default unit) with 100,000 articles, contacts, documents,
questions and schedule entries, the shared procedure catalogue, and 99 other units of
1,000 articles (bench/fill_scale.py).
"""

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anphu_portal.settings")

CATEGORIES = ["Tin tức - Sự kiện", "Chính trị", "Kinh tế", "Văn hóa - Xã hội", "Thông báo"]
BATCH = 2000


def bench_host(number: int) -> str:
    return f"u{number}.bench.localhost"


def progress(done: int, total: int, what: str = "đơn vị") -> None:
    filled = 30 * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'-' * (30 - filled)}] {done}/{total} {what}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def fill_unit(number: int, articles: int) -> None:
    """Create unit `number` with its categories, articles and hotline group."""
    from django.db import transaction
    from django.utils import timezone

    from anphu_portal.models import Unit, UnitHost
    from hotline.models import Contact, ContactGroup
    from news.models import Article, Category

    with transaction.atomic():
        if number == 1:
            unit = Unit.default()
        else:
            unit = Unit.objects.create(
                unit_name=f"Ủy ban nhân dân xã Thử {number}",
                slug=f"xa-thu-{number}",
                portal_title=f"Cổng thông tin xã Thử {number}",
            )
        UnitHost.objects.create(unit=unit, host=bench_host(number))
        categories = Category.objects.bulk_create(
            Category(unit=unit, name=name, slug=f"chuyen-muc-{i}", position=i)
            for i, name in enumerate(CATEGORIES)
        )
        now = timezone.now()
        for start in range(0, articles, BATCH):
            Article.objects.bulk_create(
                Article(
                    unit=unit,
                    title=f"Tin số {n} của xã Thử {number}",
                    slug=f"tin-so-{n}",
                    summary="Tin thêm vào để đo tốc độ trang (dữ liệu mẫu).",
                    body="<p>Nội dung mẫu.</p>",
                    category=categories[n % len(categories)],
                    status=Article.Status.PUBLISHED,
                    publish_at=now - timedelta(minutes=n + 1),
                    featured=n % 50 == 0,
                    search_text=f"tin so {n} cua xa thu {number} | du lieu mau",
                )
                for n in range(start, min(start + BATCH, articles))
            )
        group = ContactGroup.objects.create(
            unit=unit, name="Đường dây nóng", slug="duong-day-nong", show_in_sidebar=True
        )
        Contact.objects.create(group=group, name="Cán bộ trực", phones="02963000000")


def fill_units(units: int, articles: int) -> None:
    """Make sure units 1…`units` exist with their content; add only the missing ones."""
    from django.db import connection

    from anphu_portal.models import UnitHost, forget_units

    present = set(UnitHost.objects.filter(host__endswith=".bench.localhost").values_list("host"))
    missing = [n for n in range(1, units + 1) if (bench_host(n),) not in present]
    for done, number in enumerate(missing, 1):
        fill_unit(number, articles)
        progress(done, len(missing))
    if missing and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    forget_units()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("units", type=int, nargs="?", default=100)
    parser.add_argument("articles", type=int, nargs="?", default=2000)
    parser.add_argument("--scale", action="store_true", help="the performance issue's data set")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.scale:
        from bench.fill_scale import fill_scale

        fill_scale()
    else:
        fill_units(args.units, args.articles)


if __name__ == "__main__":
    main()
