"""The site search /tim-kiem/: one tab per section the apps register, ranked and paged."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.views.generic import TemplateView

from anphu_portal.folding import clean_query, fold_words
from anphu_portal.matching import filter_by_words_unindexed
from anphu_portal.registry import SearchSection, portal

RESULTS_PER_PAGE = 10
# From this many matches on, a word counts as frequent (see filter_by_words_unindexed).
FREQUENT = 200


def max_counted() -> int:
    """Return where counting stops ("hơn 1.000 kết quả"); pages go up to this many results."""
    return settings.SEARCH_MAX_COUNTED


class TieredResults:
    """The matches tier by tier (first tier first), each tier in the section's order.

    One ordered query with LIMIT per tier instead of one sort by a computed rank: each
    can walk an index on the order (publish time) and stop after one page.
    """

    def __init__(self, matches: QuerySet, tiers: list[Q], order: tuple[str, ...]):
        self.tiers, earlier = [], Q()
        for condition in tiers:
            tier = matches.filter(condition)
            self.tiers.append((tier.exclude(earlier) if earlier else tier).order_by(*order))
            earlier |= condition
        self.tiers.append(matches.exclude(earlier).order_by(*order))

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        rows, before = [], 0  # `before`: how many rows the tiers already walked hold
        for number, tier in enumerate(self.tiers):
            skip = max(0, start - before)
            found = list(tier[skip : stop - before])
            rows += found
            if len(rows) == stop - start or number == len(self.tiers) - 1:
                return rows
            # This tier ran out inside the window: its size is known, except on a later
            # page with none of it left, where it must be counted.
            if found or skip == 0:
                before += skip + len(found)
            else:
                before += tier.order_by()[: max_counted()].count()
        return rows


class KnownCountPaginator(Paginator):
    """A paginator that reuses a count already made for the tab, instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


class SectionSearch:
    """The search of one section for one request and query."""

    def __init__(self, section: SearchSection, request, query: str):
        self.section, self.request, self.query = section, request, query

    def matches(self) -> QuerySet:
        return self.section.queryset(self.request).search(self.query)

    def count(self) -> int:
        """Count the matches, stopping at max_counted(): beyond that nobody pages through."""
        return self.matches().order_by()[: max_counted()].count()

    def ranked(self, *, count: int) -> TieredResults:
        matches = self.matches()
        if self.section.large and count >= FREQUENT:
            matches = filter_by_words_unindexed(self.section.queryset(self.request), self.query)
        return TieredResults(matches, self.section.tiers(self.query), self.section.order)


def tab_context(tabs: list[tuple[SearchSection, int]], current: SearchSection) -> list[dict]:
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


class SearchView(TemplateView):
    """Search every registered section at once: a tab with its count for each."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q"))
        context["query"] = query
        sections = portal.ordered_search_sections()
        if not fold_words(query) or not sections:
            return context
        tabs = [(s, SectionSearch(s, self.request, query).count()) for s in sections]
        wanted = self.request.GET.get("loai")
        current, count = next(((s, n) for s, n in tabs if s.key == wanted), (None, 0))
        if current is None:
            current, count = next(((s, n) for s, n in tabs if n), tabs[0])
        results = SectionSearch(current, self.request, query).ranked(count=count)
        paginator = KnownCountPaginator(results, RESULTS_PER_PAGE, count=count)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            tabs=tab_context(tabs, current),
            total=sum(n for _, n in tabs),
            capped=any(n >= max_counted() for _, n in tabs),
            current=current,
            page_obj=page,
            results=[current.describe(item, query) for item in page.object_list],
        )
        return context
