"""Portal-wide pages: home, health check, robots.txt, the sitemap, the 400 and 500 pages."""

import secrets
import sys

from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from anphu_portal.outages import is_database_outage, report_database_outage, service_unavailable
from anphu_portal.sitemaps import sitemap_sections


class HomeView(TemplateView):
    """Show the home page: featured and latest news, category blocks, the sidebar."""

    template_name = "home.html"


@require_safe
def sitemap_index(request):
    """List the sitemap's sections: the fixed ones, then one per month of news."""
    return sitemap_views.index(request, sitemap_sections(), sitemap_url_name="sitemap_section")


@require_safe
def sitemap_section(request, section: str):
    """Show one section of the sitemap; an unknown section or page is a 404."""
    return sitemap_views.sitemap(request, sitemap_sections(), section=section)


def database_state() -> str:
    """Return "ok" when the database answers a query, else "down"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def cache_state() -> str:
    """Return "ok" when a value written to the cache reads back, else "down"."""
    key, token = f"portal:healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, 30)
        answered = cache.get(key) == token
        cache.delete(key)
    except Exception:
        # The database cache raises while the database is down; Redis' wrapper only misses.
        return "down"
    return "ok" if answered else "down"


@never_cache
@require_safe
def healthz(request):
    """Report database and cache apart: 200 while the database answers, 503 when it does not."""
    states = {"database": database_state(), "cache": cache_state()}
    if states["database"] == "down":
        return JsonResponse({"status": "down", **states}, status=503)
    status = "ok" if states["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, **states})


@require_safe
def robots_txt(request):
    """Tell crawlers where the sitemap is; the admin's path is not advertised here.

    Admin responses carry `X-Robots-Tag: noindex, nofollow` instead (see middleware).
    """
    lines = [
        "User-agent: *",
        "Disallow: /tim-kiem/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Point browsers that ask for /favicon.ico (admin and error pages name no icon) to the logo."""
    response = HttpResponseRedirect(static("img/logo.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def bad_request(request, exception):
    """Render the 400 page in the site's layout; Django's own renders it without the request."""
    return render(request, "400.html", status=400)


def server_error(request):
    """Render the 500 page, or the 503 one for a database outage, without any query."""
    # Outages raised inside a middleware reach this handler, not DatabaseOutageMiddleware.
    error = sys.exc_info()[1]
    if is_database_outage(error):
        report_database_outage(error)
        return service_unavailable()
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    """Explain a refused form in Vietnamese: reload the page and send it again."""
    return HttpResponse(loader.get_template("403_csrf.html").render(), status=403)
