"""Portal-wide pages: home, health check, robots.txt and the 400 and 500 pages."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView


class HomeView(TemplateView):
    """Show the home page: featured and latest news, category blocks, the sidebar."""

    template_name = "home.html"


class StaticViewSitemap(Sitemap):
    """The portal's fixed entry pages: home, the news index and the procedure catalogue."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", "news:index", "procedures:list"]

    def location(self, item):
        return reverse(item)


@never_cache
@require_GET
def healthz(request):
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request):
    """Tell crawlers where the sitemap is and keep them out of the admin."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        "Disallow: /tim-kiem/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception):
    """Render the 400 page in the site's layout; Django's own renders it without the request."""
    return render(request, "400.html", status=400)


def server_error(request):
    """Render the 500 page without touching the database or context processors."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
