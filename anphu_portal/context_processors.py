"""Template context shared by every page."""

from django.conf import settings
from django.core.exceptions import DisallowedHost

from anphu_portal.folding import clean_query
from anphu_portal.units import request_unit


def site_identity(request):
    """Add the unit's identity, this page's URL, the admin path and the cleaned search query."""
    try:
        page_url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        # The 400 page for a forged Host header must still render.
        page_url = request.path
    return {
        "site": request_unit(request),
        "page_url": page_url,
        "admin_path": settings.ADMIN_PATH,
        "header_query": clean_query(request.GET.get("q")),
    }
