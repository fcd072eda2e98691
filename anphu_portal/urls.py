"""Root URLconf: Vietnamese ASCII paths as in DESIGN.md."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from anphu_portal import views
from anphu_portal.api.reference import ApiReferenceView
from anphu_portal.api.urls import api_urlpatterns
from anphu_portal.search import SearchView

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tin-tuc/", include("news.urls")),
    path("duong-day-nong/", include("hotline.urls")),
    path("thu-tuc-hanh-chinh/", include("procedures.urls")),
    path("van-ban/", include("documents.urls")),
    path("", include("organization.urls")),
    path("hoi-dap/", include("feedback.urls")),
    path("tim-kiem/", SearchView.as_view(), name="search"),
    path("api/", ApiReferenceView.as_view(), name="api_reference"),
    path("api/v1/", include((api_urlpatterns(), "api"))),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

if settings.DEBUG:
    # In production nginx serves /media/ (see README).
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

# Django renders templates/403.html and 404.html itself, with the request.
handler400 = views.bad_request
handler500 = views.server_error
