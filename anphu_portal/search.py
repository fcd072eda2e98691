"""The site search /tim-kiem/: one tab per section the apps register, ranked and paged."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.functions import Coalesce
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from anphu_portal import caching
from anphu_portal.folding import clean_query, fold_words
from anphu_portal.matching import (
    filter_by_whole_words,
    filter_by_words,
    filter_by_words_unindexed,
    title_first_columns,
    title_first_tier,
)
from anphu_portal.registry import SearchSection, portal, title_first
from anphu_portal.templatetags.portal_tags import parameters_besides_page

RESULTS_PER_PAGE = 10
# How many words of a large section's rare query the trigram index looks up together:
# more than for a count, as each one cuts the candidates the table must be read for.
TRIGRAM_WORDS = 5
# The ?loai= value of the tab that merges every section.
ALL_KEY = "tat-ca"
RESULTS_TEMPLATE = "portal/partials/search_results.html"
# What of ?page= keys the results kept (a longer number is past the last page anyway).
PAGE_PARAMETER_LENGTH = 12


def max_counted() -> int:
    """Return where counting stops ("hơn 1.000 kết quả"); pages go up to this many results."""
    return settings.SEARCH_MAX_COUNTED


def tier_querysets(matches: QuerySet, tiers: list[Q], order: tuple[str, ...]) -> list["LazyTier"]:
    """Return one ordered queryset per tier, each without the rows of the tiers before it."""
    result, earlier = [], Q()
    for condition in tiers:
        result.append(LazyTier(matches, condition, earlier, order))
        earlier |= condition
    result.append(LazyTier(matches, Q(), earlier, order))
    return result


class LazyTier:
    """One tier's ordered queryset, built when first read: most tiers of a page never are.

    Building a queryset of conditions is not free (about 0.2 ms per filter), and a page
    built five tiers for every section with matches to read one or two of them.
    """

    def __init__(self, matches: QuerySet, condition: Q, earlier: Q, order: tuple):
        self.matches, self.condition, self.earlier, self.order = matches, condition, earlier, order

    @cached_property
    def queryset(self) -> QuerySet:
        tier = self.matches.filter(self.condition) if self.condition else self.matches
        return (tier.exclude(self.earlier) if self.earlier else tier).order_by(*self.order)

    def __getitem__(self, window: slice):
        return self.queryset[window]

    def size(self) -> int:
        """Return how many rows the tier holds, counting no further than max_counted()."""
        return self.queryset.order_by()[: max_counted()].count()


class KeyedTier:
    """One tier given as keys in rank order; slicing reads only the rows of that slice."""

    def __init__(self, queryset: QuerySet, keys: list):
        self.queryset, self.keys = queryset, keys

    def __getitem__(self, window: slice) -> list:
        keys = self.keys[window]
        rows = self.queryset.in_bulk(keys) if keys else {}
        return [rows[key] for key in keys if key in rows]

    def size(self) -> int:
        return len(self.keys)


class TieredResults:
    """The rows of several ordered querysets, one after the other, each row with its section.

    One ordered query with LIMIT per tier instead of one sort by a computed rank: each
    can walk an index on the order (publish time) and stop after one page. The "Tất cả"
    tab chains the tiers of every section: tier by tier, sections in merge order.
    """

    def __init__(self, parts: list[tuple[SearchSection, QuerySet]]):
        self.parts = parts

    def __getitem__(self, window: slice) -> list[tuple[SearchSection, object]]:
        start, stop = window.start or 0, window.stop
        rows, before = [], 0  # `before`: how many rows the parts already walked hold
        for number, (section, tier) in enumerate(self.parts):
            skip = max(0, start - before)
            found = list(tier[skip : stop - before])
            rows += [(section, row) for row in found]
            if len(rows) == stop - start or number == len(self.parts) - 1:
                return rows
            # This part ran out inside the window: its size is known, except on a later
            # page with none of it left, where it must be counted.
            if found or skip == 0:
                before += skip + len(found)
            else:
                before += tier.size()
        return rows


class KnownCountPaginator(Paginator):
    """A paginator that reuses a count already made for the tab, instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


# A large section first examines this many times max_counted() of its newest rows.
PROBE_FACTOR = 4
# Past the probe, the older rows are walked newest first if at least one probed row in
# this many matched; sparser words are looked up through an index instead. A walk reads
# every row it passes, max_counted() * WALK_DENSITY rows at most; the index reads every
# match of the whole table (every candidate, with trigrams). At 100,000 articles on
# PostgreSQL with 100 counted (bench/bench_search.py --work), walking 3,500 rows took
# 4.6 ms where the word index read 2,800 matches in 12 ms ("tong ket nuoi ca be", one
# match in 35 rows); the two cost the same near one match in 60 rows.
WALK_DENSITY = 60


def unindexed_order(order: tuple) -> list:
    """Return `order` in a form no index serves: the rows are all found, then sorted.

    Ordered by a column it has an index on and LIMITed, PostgreSQL walks that index and
    checks every row on the way, even when the trigram index would find the few matches
    at once; COALESCE(x, x) sorts the same but hides the column.
    """
    result = []
    for item in order:
        if isinstance(item, str) and item.lstrip("-") != "pk":
            name = item.lstrip("-")
            item = OrderBy(Coalesce(F(name), F(name)), descending=item.startswith("-"))
        result.append(item)
    return result


class SectionSearch:
    """The search of one section for one request and query."""

    def __init__(self, section: SearchSection, request, query: str):
        self.section, self.request, self.query = section, request, query
        self._keys: list | None = None

    @cached_property
    def public(self) -> QuerySet:
        """Return what the public may find in the section, built once for the request.

        Building it costs more than some of its queries take (a procedure's unit scope
        is four subqueries, about 2 ms); the count and the shown page both start here.
        """
        return self.section.queryset(self.request)

    @cached_property
    def words(self) -> str:
        """Return the query as a large section matches its rows' words against it."""
        return self.section.match_query(self.query)

    def matches(self) -> QuerySet:
        return self.public.search(self.query)

    def count(self) -> int:
        """Count the matches, stopping at max_counted(): beyond that nobody pages through."""
        if self.section.large:
            return sum(len(keys) for keys in self.newest_keys_by_tier())
        return self.counted_keys().count()

    def counted_keys(self) -> QuerySet:
        """Return the keys count() counts: keys only, so a section's annotations are not read."""
        return self.matches().order_by().values("pk")[: max_counted()]

    def tiers(self, *, count: int) -> list:
        """Return the section's matches, one ordered queryset (or list of keys) per rank tier."""
        if self.section.large:
            return self.ranked_keys()
        return tier_querysets(self.matches(), self.section.tiers(self.query), self.section.order)

    def ranked_keys(self) -> list["KeyedTier"]:
        """Return the keys of the newest max_counted() matches, split by tier."""
        base = self.public
        return [KeyedTier(base, keys) for keys in self.newest_keys_by_tier()]

    def newest_keys_by_tier(self) -> list[list]:
        """Return the keys of the newest max_counted() matches, newest first, one list per tier.

        The count of a large section comes from here too (no second query). Where the
        matches lie decides how to find them, and no statistics tell it beforehand:
        - the newest PROBE_FACTOR * max_counted() rows are walked newest first (an index
          range scan): frequent words fill the limit there and the search stops;
        - if some matched but too few, the older rows are walked on while the words
          matched often enough (WALK_DENSITY);
        - otherwise the older matches are looked up through the trigram index (on
          PostgreSQL) and sorted, whatever their number.
        Each query reads keys with what their tier is computed from (title_first_tier);
        only the page's rows are read later. At 100,000 articles on PostgreSQL
        (bench/bench_search.py --work) the two slowest bench searches (frequent words,
        rarer together) read 5,100 table pages instead of 7,300-7,500 (a count, then a
        walk of 30,000 rows), all 14 searches 22,000 instead of 32,000; the page went
        from p50 110-156 / p95 363-513 ms to p50 49-56 / p95 116-135 ms on the same busy
        machine (load average 5-7, runs of the old and new code alternated).
        """
        if self._keys is not None:
            return self._keys
        limit = max_counted()
        base = self.public
        columns = title_first_columns(self.query)
        names = list(columns)
        order = self.section.order
        newest_first = order[0].startswith("-")
        field = order[0].lstrip("-")
        probed = PROBE_FACTOR * limit
        # Ordered by the field alone, an index on it answers without reading the table.
        by_field = base.order_by(order[0]).values_list(field, flat=True)
        bound = by_field[probed - 1 : probed].first()
        newer = {f"{field}__{'gte' if newest_first else 'lte'}": bound}
        older = {f"{field}__{'lt' if newest_first else 'gt'}": bound}
        walked = filter_by_words_unindexed(base, self.words)
        recent = walked.filter(**newer) if bound is not None else walked
        found = list(recent.order_by(*order).annotate(**columns).values_list("pk", *names)[:limit])
        if bound is not None and len(found) < limit:
            wanted = limit - len(found)
            if len(found) * WALK_DENSITY >= probed:
                rest = walked.filter(**older).order_by(*order)
                found += list(rest.annotate(**columns).values_list("pk", *names)[:wanted])
            else:
                found += self.looked_up_keys(base.filter(**older), columns, wanted)
        tier_of = title_first_tier(self.query)
        by_tier: list[list] = [[] for _ in range(len(title_first(self.query)) + 1)]
        for pk, *values in found:
            by_tier[tier_of(*values)].append(pk)
        self._keys = by_tier
        return by_tier

    def looked_up_keys(self, rows: QuerySet, columns: dict, wanted: int) -> list[tuple]:
        """Return the keys and tier columns of the newest `wanted` matches among `rows`.

        Through an index, then sorted. The word index first, where it can answer: its
        matches are exact, where each trigram candidate must be read and checked (words
        frequent but rare together, such as "tong ket nuoi ca be", had 4,000 candidates
        for 2,900 matches, "ho tro bao tro xa hoi khanh binh" 4,500 for 500). When it
        finds `wanted` rows, those stand for the matches (whole words rank no lower than
        parts of words); when it finds fewer, the trigram index finds every match.
        """
        order = unindexed_order(self.section.order)
        by_words = filter_by_whole_words(rows, self.words)
        if by_words is not None:
            keys = list(by_words.order_by(*order).values_list("pk", flat=True)[:wanted])
            if len(keys) == wanted:
                return self.with_tier_columns(rows, keys, columns)
        indexed = filter_by_words(rows, self.words, indexed_words=TRIGRAM_WORDS)
        keys = list(indexed.order_by(*order).values_list("pk", flat=True)[:wanted])
        return self.with_tier_columns(rows, keys, columns)

    @staticmethod
    def with_tier_columns(rows: QuerySet, keys: list, columns: dict) -> list[tuple]:
        """Return each key with its tier columns, in the order of `keys`.

        Apart from the sorted lookup, because PostgreSQL computes the columns of every
        match before it sorts them: the word index found the 5,972 documents with "khai
        sinh" in 6 ms, and 1,090 ms went by when each one's 20 KB text was read for them.
        """
        if not keys:
            return []
        found = rows.filter(pk__in=keys).annotate(**columns).values_list("pk", *columns)
        by_key = {pk: (pk, *values) for pk, *values in found}
        return [by_key[key] for key in keys if key in by_key]

    def ranked(self, *, count: int) -> TieredResults:
        return TieredResults([(self.section, tier) for tier in self.tiers(count=count)])


def count_sections(searches: list[SectionSearch]) -> list[int]:
    """Return each section's count(), the small sections' counted in one query.

    One round trip instead of one per section: on a busy server each costs more waiting
    than the count itself (an index lookup of a few rows).
    """
    small = [search for search in searches if not search.section.large]
    counts = dict.fromkeys(small, 0)
    parts, params = [], []
    keysets = [(search, search.counted_keys()) for search in small]
    aliases = {keys.db for _, keys in keysets}
    for search, keys in keysets:
        try:
            sql, values = keys.query.get_compiler(using=keys.db).as_sql()
        except EmptyResultSet:
            continue  # a queryset that cannot match (.none()) keeps its 0
        parts.append((search, f"(SELECT COUNT(*) FROM ({sql}) AS counted_{len(parts)})"))
        params += values
    if parts and len(aliases) == 1:
        with connections[aliases.pop()].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(sql for _, sql in parts), params)
            counts.update(zip((search for search, _ in parts), cursor.fetchone(), strict=True))
    elif parts:  # sections read from different databases: each counted on its own
        counts.update((search, search.count()) for search, _ in parts)
    return [counts[search] if search in counts else search.count() for search in searches]


@dataclass(frozen=True)
class AllSections:
    """The "Tất cả" tab: every section's results merged by rank tier."""

    key: str = ALL_KEY
    label: str = "Tất cả"


@dataclass(frozen=True)
class CurrentTab:
    """The tab shown, as the kept results name it (a section itself is not kept)."""

    key: str
    label: str


def merged(searches: list[tuple[SectionSearch, int]]) -> TieredResults:
    """Return every section's results, tier by tier, ties in the sections' merge order."""
    searches = sorted(searches, key=lambda pair: pair[0].section.merge_position)
    per_section = [
        (search.section, search.tiers(count=count)) for search, count in searches if count
    ]
    if not per_section:
        return TieredResults([])
    return TieredResults(
        [
            (section, tiers[number])
            for number in range(len(per_section[0][1]))
            for section, tiers in per_section
        ]
    )


def tab_context(tabs: list[tuple[object, int]], current: object) -> list[dict]:
    """Return what the template shows of each tab."""
    limit = max_counted()
    return [
        {
            "key": section.key,
            "label": section.label,
            "count": count,
            "capped": count >= limit,
            "current": section is current,
        }
        for section, count in tabs
    ]


def describe(section: SearchSection, item, query: str, *, merged_tab: bool) -> dict:
    """Return what the page shows of a result; on "Tất cả" it also names the section."""
    return {**section.describe(item, query), "kind": section.label if merged_tab else ""}


class SearchView(TemplateView):
    """Search every registered section at once: "Tất cả" first, then a tab for each."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q"))
        context["query"] = query
        if not fold_words(query) or not portal.ordered_search_sections():
            return context
        wanted = self.request.GET.get("loai") or ""
        number = (self.request.GET.get("page") or "")[:PAGE_PARAMETER_LENGTH]
        # The same query finds the same for every visitor: kept, with its HTML, per
        # version of every section of the unit (all of them are searched), and no longer
        # than the next scheduled article. The pagination's links keep the other GET
        # parameters: they are part of the key.
        found = caching.cached_by_sections(
            "search",
            lambda: self.results(query, wanted, number),
            query,
            wanted,
            number,
            parameters_besides_page(self.request),
            sections=None,
            scheduled=True,
        )
        context.update(found)
        return context

    def results(self, query: str, wanted: str, number: str) -> dict:
        """Return the tabs, their counts and one page of results, as plain values to keep."""
        sections = portal.ordered_search_sections()
        searches = [SectionSearch(s, self.request, query) for s in sections]
        counted = list(zip(searches, count_sections(searches), strict=True))
        total = sum(n for _, n in counted)
        tabs = [(AllSections(), total), *((search.section, n) for search, n in counted)]
        current, count = next(((s, n) for s, n in tabs if s.key == wanted), tabs[0])
        if isinstance(current, AllSections):
            results = merged(counted)
        else:
            search = next(search for search in searches if search.section is current)
            results = search.ranked(count=count)
        page = KnownCountPaginator(results, RESULTS_PER_PAGE, count=count).get_page(number)
        found = {
            "tabs": tab_context(tabs, current),
            "total": total,
            "capped": any(n >= max_counted() for _, n in counted),
            "current": CurrentTab(current.key, current.label),
            # The same page of a paginator over numbers: what the pagination shows of it.
            "page_obj": Paginator(range(count), RESULTS_PER_PAGE).get_page(page.number),
            "results": [
                describe(section, item, query, merged_tab=current is not section)
                for section, item in page.object_list
            ],
        }
        html = get_template(RESULTS_TEMPLATE).render({**found, "query": query}, self.request)
        return {**found, "results_html": mark_safe(html)}
