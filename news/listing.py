"""Article listings that cost the same at any table size: capped pages and month archives.

A listing is the (publish_at, id) pairs of its published articles, newest first. Pages
pick their ids with an OFFSET over an index that holds both columns (an index-only scan),
then fetch the page's rows by id; the total is counted only up to MAX_PAGES pages.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property

from news.models import Article
from news.models.articles import read_cover_pictures

ARTICLES_PER_PAGE = 12
# Page 1,000 at 12 a page is 12,000 index entries to skip: about 3 ms on PostgreSQL.
# Older articles are reached through the month archive.
MAX_PAGES = 1_000
# Past the cap, the month of the requested page's first article is looked up this far
# (one index-only OFFSET: page 4,000 skips 48,000 entries, 15 ms under EXPLAIN ANALYZE
# at 100,000 articles); further still, the oldest month (one index probe).
MONTH_LOOKUP_PAGES = 5 * MAX_PAGES


class Listing:
    """The (publish_at, id) of a listing's published articles, newest first, as SQL.

    A category lists its own articles and those it is an extra category of: two indexed
    branches, each LIMITed to the rows a slice needs, under UNION ALL. PostgreSQL 15 sorts
    a UNION ALL as a whole rather than merging its ordered branches, so without the
    LIMITs a category's page 1 sorted all its articles (57 ms at 20,000).
    """

    def __init__(self, branches):
        self.branches = [branch.values_list("publish_at", "id") for branch in branches]

    def _sql(self, bottom: int, size: int, newest_first: bool) -> tuple[str, list]:
        order = ("-publish_at", "-id") if newest_first else ("publish_at", "id")
        if len(self.branches) == 1:
            sliced = self.branches[0].order_by(*order)[bottom : bottom + size]
            return sliced.query.sql_with_params()
        parts, params = [], []
        for number, branch in enumerate(self.branches):
            sliced = branch.order_by(*order)[: bottom + size]
            sql, branch_params = sliced.query.sql_with_params()
            # Each branch in its own SELECT: SQLite allows no LIMIT in a UNION's branch.
            parts.append(f"SELECT * FROM ({sql}) AS branch_{number}")
            params.extend(branch_params)
        direction = "DESC" if newest_first else "ASC"
        sql = (
            f"SELECT publish_at, id FROM ({' UNION ALL '.join(parts)}) AS listing "
            f"ORDER BY publish_at {direction}, id {direction} LIMIT {size:d} OFFSET {bottom:d}"
        )
        return sql, params

    def subquery(self, template: str, bottom: int, size: int) -> RawSQL:
        """Return a slice of the listing inside `template`, as SQL another query embeds."""
        sql, params = self._sql(bottom, size, newest_first=True)
        return RawSQL(template.format(sql), params, output_field=IntegerField())

    def rows(self, bottom: int, size: int, *, newest_first=True) -> list[tuple]:
        """Return the (publish_at, id) of a slice of the listing."""
        sql, params = self._sql(bottom, size, newest_first)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(as_datetime(at), pk) for at, pk in cursor.fetchall()]

    def count(self, limit: int) -> int:
        """Return the number of articles, counted no further than `limit`."""
        sql, params = self._sql(0, limit, newest_first=True)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
            return cursor.fetchone()[0]


def as_datetime(value) -> datetime:
    """Return a moment read by a raw query as an aware datetime (SQLite gives text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def listing(unit, category=None, **filters) -> Listing:
    """Return the published articles of a unit's listing (all or a category's), filtered."""
    published = Article.objects.published().filter(**filters).order_by()
    if category is None:
        return Listing([published.filter(unit=unit)])
    also_in = Article.extra_categories.through.objects.filter(category=category)
    extra = published.filter(unit=unit, pk__in=also_in.values("article_id"))
    return Listing([published.filter(category=category), extra.exclude(category=category)])


class CappedPaginator(Paginator):
    """Page through a listing up to MAX_PAGES pages, counting no further than that.

    One query per page, like the paginator it replaces: the page's rows picked by id
    from the listing's index-only OFFSET (a deferred join), with the capped count as a
    scalar subquery the database runs once.
    """

    def __init__(self, rows: Listing, per_page=ARTICLES_PER_PAGE, max_pages=MAX_PAGES):
        super().__init__(rows, per_page, allow_empty_first_page=True)
        self.max_pages = max_pages

    @property
    def count_limit(self) -> int:
        return self.max_pages * self.per_page + 1

    @cached_property
    def count(self):
        """Return the number of articles, counted up to one more than the cap allows."""
        return min(self.object_list.count(self.count_limit), self.count_limit)

    @property
    def capped(self) -> bool:
        """Return True when there are more articles than the pages show."""
        return self.count > self.max_pages * self.per_page

    @cached_property
    def num_pages(self):
        return min(Paginator.num_pages.func(self), self.max_pages)

    def page(self, number):
        if not 1 <= number <= self.max_pages:
            raise EmptyPage("Không có trang này.")
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        page_ids = rows.subquery("SELECT id FROM ({}) AS page_rows", bottom, self.per_page)
        counted = rows.subquery("SELECT COUNT(*) FROM ({}) AS counted", 0, self.count_limit)
        articles = read_cover_pictures(
            Article.objects.filter(pk__in=page_ids).annotate(listing_total=counted).for_cards()
        )
        if not articles and number > 1:
            raise EmptyPage("Trang này không có tin bài.")
        total = articles[0].listing_total if articles else 0
        self.__dict__["count"] = min(total, self.count_limit)
        return self._get_page(articles, number, self)


def page_number(value: str | None) -> int:
    """Return the page number asked for, or raise PageNotAnInteger or EmptyPage."""
    if value is None:
        return 1
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise PageNotAnInteger("Số trang không hợp lệ.")
    number = int(value)
    if number < 1:
        raise EmptyPage("Không có trang này.")
    return number


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """Return the month written YYYY-MM, or raise ValueError."""
        year, _, month = text.partition("-")
        if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
            raise ValueError(text)
        value = cls(int(year), int(month))
        if value.year < 1900 or not 1 <= value.month <= 12:
            raise ValueError(text)
        return value

    @classmethod
    def of(cls, moment: datetime) -> "Month":
        """Return the month of a moment, in the portal's time zone."""
        local = timezone.localtime(moment)
        return cls(local.year, local.month)

    @classmethod
    def current(cls) -> "Month":
        return cls.of(timezone.now())

    def __str__(self) -> str:
        return f"{self.year:04}-{self.month:02}"

    @property
    def label(self) -> str:
        return f"{self.month}/{self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def start(self) -> datetime:
        """Return the first moment of the month, in the portal's time zone."""
        return timezone.make_aware(datetime(self.year, self.month, 1))

    def filters(self) -> dict:
        return {"publish_at__gte": self.start(), "publish_at__lt": self.next().start()}

    def url(self, category=None) -> str:
        if category is None:
            return reverse("news:month", args=[str(self)])
        return reverse("news:category_month", args=[category.slug, str(self)])


def month_of_position(rows: Listing, position: int) -> Month | None:
    """Return the month of the article at `position` (0 is the newest), else the oldest's."""
    if position < MONTH_LOOKUP_PAGES * ARTICLES_PER_PAGE:
        found = rows.rows(position, 1)
        if found:
            return Month.of(found[0][0])
    return oldest_month(rows)


def oldest_month(rows: Listing) -> Month | None:
    """Return the month of a listing's oldest article, or None when it has none."""
    oldest = rows.rows(0, 1, newest_first=False)
    return Month.of(oldest[0][0]) if oldest else None


def neighbour_months(unit, category, month: Month) -> tuple[Month | None, Month | None]:
    """Return the nearest earlier and later months that have articles, each one index probe."""
    earlier = listing(unit, category, publish_at__lt=month.start()).rows(0, 1)
    later = listing(unit, category, publish_at__gte=month.next().start())
    later = later.rows(0, 1, newest_first=False)
    return (
        Month.of(earlier[0][0]) if earlier else None,
        Month.of(later[0][0]) if later else None,
    )
