"""What the content apps hand over to the portal, filled in by each app's AppConfig.ready().

The portal never imports a content app: the site search, the admin statistics page and
the sitemap reach the apps' data through the entries registered here, the way Django's
admin reaches models through `admin.site.register`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.sitemaps import Sitemap
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from anphu_portal.matching import (
    has_phrase,
    title_has_every_word,
    title_has_phrase,
    title_starts_with,
)


def title_first(query: str) -> list[Q]:
    """Return the rank tiers every section shares, best first; the rest come after them.

    The title starts with the query; the query as a phrase in the title; every word in
    the title; the phrase anywhere. Tiers of the same rank compare across sections, which
    is how the "Tất cả" tab merges them.
    """
    return [
        title_starts_with(query),
        title_has_phrase(query),
        title_has_every_word(query),
        has_phrase(query),
    ]


def as_typed(query: str) -> str:
    """Return the query unchanged: what most sections match their rows' words against."""
    return query


@dataclass(frozen=True)
class SearchSection:
    """One kind of result of the site search, shown as a tab with its count.

    `queryset(request)` returns what the public may find (the request lets a unit scope
    it); its QuerySet has a `search(query)` method. `tiers(query)` returns conditions in
    rank order: rows meeting the first come first, and so on, then the rest; every section
    uses the same tiers (`title_first`), so ranks compare across tabs. Within a tier rows
    follow `order`; on the "Tất cả" tab, rows of one tier follow `merge_position`
    (procedures, then documents, news, contacts). `describe(item, query)` returns the
    result's title, url, meta (such as the date) and excerpt.
    """

    key: str
    label: str
    position: int
    queryset: Callable[[HttpRequest], QuerySet]
    order: tuple  # field names or expressions, as order_by() takes them
    describe: Callable[[object, str], dict]
    tiers: Callable[[str], list[Q]] = title_first
    # A table that grows without bound (articles, documents, published questions): the
    # newest rows are searched first, the rest through the word or trigram index
    # (anphu_portal.search.SectionSearch.newest_keys_by_tier).
    # Such a section is matched by the words of its search_text (its queryset's search()
    # is not called), ranked by title_first (partly computed in Python) and its `order`
    # starts with a field name ("-publish_at").
    large: bool = False
    # What a large section matches the rows' words against: the query as typed, or the
    # form its queryset's search() uses (documents: "12/2024/QĐ-UBND" as "12 2024 qd ubnd").
    match_query: Callable[[str], str] = as_typed
    # Place among the sections for results of the same tier on the "Tất cả" tab.
    merge_position: int = 0

    def __post_init__(self):
        if self.large and (self.tiers is not title_first or not isinstance(self.order[0], str)):
            raise ValueError("A large search section ranks by title_first and a field first.")


@dataclass(frozen=True)
class MostReadList:
    """A list of the most viewed items of one kind, for the statistics page.

    `record_view(item_id=…)` adds a view; the visitor counter calls it for the item a
    page names in its X-Article-Id header.
    """

    key: str
    label: str
    items: Callable[[int], list]
    record_view: Callable[..., None] | None = None


@dataclass
class PortalRegistry:
    """The apps' contributions to portal-wide features, keyed so a second ready() is harmless."""

    search_sections: dict[str, SearchSection] = field(default_factory=dict)
    most_read: dict[str, MostReadList] = field(default_factory=dict)
    sitemaps: dict[str, type[Sitemap]] = field(default_factory=dict)
    # Each returns sections that depend on the unit's content (one per month of news),
    # keyed by section name; takes no argument and reads the current unit.
    sitemap_groups: dict[str, Callable[[], dict[str, Sitemap]]] = field(default_factory=dict)
    # Each erases citizens' personal data past its keeping period; takes `now`.
    personal_data_cleanups: dict[str, Callable] = field(default_factory=dict)
    # URL patterns mounted under /api/v1/, by app.
    api_routes: dict[str, list] = field(default_factory=dict)
    # Each gives a new unit the app's starting content; takes `unit`.
    unit_templates: dict[str, Callable] = field(default_factory=dict)
    # Each returns the next moment a unit's pages change by themselves (a banner starts
    # or ends), or None; takes `unit_id` and `now`. The page cache stops there.
    page_deadlines: dict[str, Callable] = field(default_factory=dict)
    # The sections a deadline's change shows in (absent: every page, fragments aside).
    deadline_sections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Deadlines of sections left out of the pages that show every section (the home page).
    deadlines_off_general_pages: set[str] = field(default_factory=set)
    # Each returns the cache key of a fragment of the layout every public page shows (the
    # header, the hotline boxes); takes the request. Read together (caching.prefetch_page).
    layout_fragments: dict[str, Callable] = field(default_factory=dict)
    # The cache keys of fragments one page shows (the home page's news), by the page's URL
    # name; each takes the request. Read with the layout's (caching.prefetch_page).
    page_fragments: dict[str, list[Callable]] = field(default_factory=dict)
    # Each returns a caching.ScriptRead the layout needs (the visitor figures), or None;
    # takes the request. Sent with the layout's fragments (caching.prefetch_page).
    layout_scripts: dict[str, Callable] = field(default_factory=dict)

    def register_search_section(self, section: SearchSection) -> None:
        """Add a tab to the site search."""
        self.search_sections[section.key] = section

    def register_most_read(self, most_read: MostReadList) -> None:
        """Add a most-read list to the statistics page."""
        self.most_read[most_read.key] = most_read

    def register_sitemaps(self, sitemaps: dict[str, type[Sitemap]]) -> None:
        """Add sections to the sitemap index, /sitemap.xml."""
        self.sitemaps.update(sitemaps)

    def register_sitemap_group(self, key: str, sections: Callable[[], dict[str, Sitemap]]) -> None:
        """Add sections found per request (one per month of news) to the sitemap index."""
        self.sitemap_groups[key] = sections

    def register_personal_data_cleanup(self, key: str, cleanup: Callable) -> None:
        """Add a hook to the personal-data clean-up."""
        self.personal_data_cleanups[key] = cleanup

    def register_api_routes(self, key: str, patterns: list) -> None:
        """Add URL patterns to the open-data API."""
        self.api_routes[key] = patterns

    def register_unit_template(self, key: str, create: Callable) -> None:
        """Add the app's starting content of a new unit (default categories, groups)."""
        self.unit_templates[key] = create

    def register_page_deadline(
        self,
        key: str,
        deadline: Callable,
        *,
        sections: tuple[str, ...] | None = None,
        general_pages: bool = True,
    ) -> None:
        """Add a hook that ends a unit's cached pages at a time the app knows in advance.

        With `sections`, it ends only the pages and fragments that show one of them (a
        scheduled article: the pages with news), and the pages that show every section
        (the home page, the search) unless `general_pages` is False; without, every page
        (a banner's start).
        """
        self.page_deadlines[key] = deadline
        if sections is not None:
            self.deadline_sections[key] = tuple(sections)
        if not general_pages:
            self.deadlines_off_general_pages.add(key)

    def register_layout_fragment(self, key: str, cache_key: Callable) -> None:
        """Add a fragment of every public page's layout, read with the others in one round trip."""
        self.layout_fragments[key] = cache_key

    def register_page_fragment(self, url_name: str, cache_key: Callable) -> None:
        """Add a fragment of the page of `url_name`, read with the layout's in one round trip."""
        self.page_fragments.setdefault(url_name, []).append(cache_key)

    def register_layout_script(self, key: str, script_read: Callable) -> None:
        """Add a Lua script every public page's layout runs, sent with its fragments' read."""
        self.layout_scripts[key] = script_read

    def ordered_search_sections(self) -> list[SearchSection]:
        """Return the search sections in the order of their tabs."""
        return sorted(self.search_sections.values(), key=lambda section: section.position)


portal = PortalRegistry()
