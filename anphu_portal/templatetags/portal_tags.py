"""Portal-wide template tags: pagination and the visitor statistics box."""

from django import template

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


@register.simple_tag
def visitor_stats():
    """Render the "Thống kê truy cập" box (filled in with the visitor statistics)."""
    return ""
