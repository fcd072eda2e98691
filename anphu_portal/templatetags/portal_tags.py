"""Portal-wide template tags: pagination and the visitor statistics box."""

from django import template
from django.core.cache import cache
from django.utils import timezone

from anphu_portal.caching import per_request
from anphu_portal.current_unit import current_unit

register = template.Library()


@register.inclusion_tag("partials/pagination.html", takes_context=True)
def pagination(context, page_obj, label="Phân trang"):
    """Render page links that keep the other GET parameters (filters, query)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page_obj,
        "page_range": page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=2, on_ends=1
        ),
        "ellipsis": page_obj.paginator.ELLIPSIS,
        "query_string": params.urlencode(),
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
