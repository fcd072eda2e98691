"""Portal-wide template tags: pagination, the visitor statistics box, cached fragments."""

import contextlib
import functools

from django import template
from django.core.cache import cache
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from anphu_portal.caching import cached_by_sections, per_request, prefetch_page, versioned_key
from anphu_portal.current_unit import current_unit

register = template.Library()


def parameters_besides_page(request) -> str:
    """Return the GET parameters the pagination's links keep (all but `page`), encoded.

    A list kept as a fragment varies on them: its links carry them.
    """
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def requested_page(request) -> int:
    """Return the page number the request asks for, 1 when none or not a number.

    What a view prefetches its kept page under; the paginator then settles the number
    (a page past the last shows the last), and a page it moves is read on its own.
    """
    number = request.GET.get("page", "")
    return int(number) if number.isdigit() and len(number) < 10 else 1


@register.inclusion_tag("partials/pagination.html", takes_context=True)
def pagination(context, page_obj, label="Phân trang"):
    """Render page links that keep the other GET parameters (filters, query)."""
    return {
        "page_obj": page_obj,
        "page_range": page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=2, on_ends=1
        ),
        "ellipsis": page_obj.paginator.ELLIPSIS,
        "query_string": parameters_besides_page(context["request"]),
        "label": label,
    }


VISITOR_FIGURES_CACHE_KEY = "portal:visitor-figures"


def thousands(number: int) -> str:
    """Return a whole number the Vietnamese way, with dots between thousands: 12.345."""
    return f"{number:,}".replace(",", ".")


def visitor_figures_key(unit_id: int) -> str:
    """Return the cache key of one unit's visitor figures."""
    return f"{VISITOR_FIGURES_CACHE_KEY}:{unit_id}"


def current_visitor_figures() -> dict[str, str]:
    """Return total visits, today's visits and visitors online, formatted.

    On Redis, the database's figures plus the views not yet written there (see
    `visitor_counts`); otherwise the database's, cached 30 s.
    """
    from anphu_portal.models import VISITOR_FIGURES_CACHE_SECONDS, visitor_figures
    from anphu_portal.visitor_counts import redis_figures

    unit = current_unit()
    key = visitor_figures_key(unit.pk if unit else 0)

    def read() -> dict:
        figures = redis_figures(unit_id=unit.pk) if unit else None
        if figures is not None:
            return figures
        figures = cache.get(key)
        if figures is None:
            figures = visitor_figures(now=timezone.now(), unit_id=unit.pk if unit else None)
            cache.set(key, figures, VISITOR_FIGURES_CACHE_SECONDS)
        return figures

    # Shown twice on a page (header and footer): one cache read.
    figures = per_request(key, read)
    return {name: thousands(value) for name, value in figures.items()}


@register.inclusion_tag("partials/visitor_stats.html")
def visitor_stats():
    """Render the "Thống kê truy cập" box: total visits, today's visits, visitors online.

    Pages served from the page cache get fresh figures from VisitorCountingMiddleware.
    """
    return current_visitor_figures()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, sections, parts, unless, *, daily=False, scheduled=False):
        self.nodelist, self.name, self.sections = nodelist, name, sections
        self.parts, self.unless = parts, unless
        self.daily, self.scheduled = daily, scheduled

    def render(self, context):
        if self.unless is not None and self.unless.resolve(context):
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        html = cached_by_sections(
            self.name,
            lambda: self.nodelist.render(context),
            *parts,
            sections=self.sections,
            daily=self.daily,
            scheduled=self.scheduled,
        )
        return mark_safe(html)


# The bare words {% cached_fragment %} takes after what a fragment varies on.
FRAGMENT_WORDS = ("daily", "scheduled")


@register.tag
def cached_fragment(parser, token):
    """Keep a fragment's HTML until its sections change: the header, the footer.

        {% cached_fragment "header-menu" "news organization" nav unless header_query %}
        …
        {% endcached_fragment %}

    The name, then the sections it shows (besides the unit's identity and menus, on every
    page), then what else it varies on; bare words after them: `daily` (what it shows
    depends on today's date) ends it at midnight, `scheduled` (it lists content
    published at a set time) at the next such publication; `unless X`: not cached where
    X is true (the search page's own query in the search box). See
    caching.cached_by_sections.
    """
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name and its sections.")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    name, sections = (template.Variable(bit).resolve({}) for bit in bits[1:3])
    rest, unless = bits[3:], None
    if len(rest) >= 2 and rest[-2] == "unless":
        unless, rest = parser.compile_filter(rest[-1]), rest[:-2]
    words = set()
    while rest and rest[-1] in FRAGMENT_WORDS:
        words.add(rest.pop())
    parts = [parser.compile_filter(bit) for bit in rest]
    return CachedFragmentNode(
        nodelist,
        name,
        tuple(sections.split()),
        parts,
        unless,
        daily="daily" in words,
        scheduled="scheduled" in words,
    )


# The sections of the header's cached copy (templates/partials/header.html), besides the
# unit's identity and menus.
HEADER_SECTIONS = ("news", "organization")


def header_top_key(request) -> str:
    """Return the cache key of the header's top (brand and tools, up to the search box)."""
    return versioned_key("header-top", sections=HEADER_SECTIONS)


def header_menu_key(request) -> str:
    """Return the cache key of the header's menu a page of this address shows (its entry)."""
    return versioned_key("header-menu", menu_url(request.path), sections=HEADER_SECTIONS)


@register.simple_tag(takes_context=True)
def prefetch_layout(context) -> str:
    """Read the layout's fragments of the page at once, before the header asks (base.html)."""
    request = context.get("request")
    if request is not None:
        prefetch_page(request)
    return ""


# The main menu's entries, each current on the pages under its address (all one segment).
MENU_URL_NAMES = (
    "news:index",
    "procedures:list",
    "documents:list",
    "hotline:directory",
    "organization:pages",
    "organization:schedule",
)


@functools.lru_cache(maxsize=8)
def menu_addresses(urlconf, script_prefix: str) -> tuple[str, ...]:
    """Return the main menu's addresses, reversed once per URL configuration (133 µs)."""
    addresses = []
    for name in MENU_URL_NAMES:
        with contextlib.suppress(NoReverseMatch):
            addresses.append(reverse(name, urlconf=urlconf))
    return tuple(addresses)


@register.filter
def menu_url(path: str) -> str:
    """Return the address of the main-menu entry `path` lies under ("/" for home), else "".

    The header marks that entry (aria-current) and its cached copy varies on it: one copy
    per menu entry, not one per page, and a made-up address adds none.
    """
    if path == "/":
        return path
    for url in menu_addresses(get_urlconf(), get_script_prefix()):
        if path.startswith(url):
            return url
    return ""
