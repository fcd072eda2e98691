"""The URL patterns of /api/v1/: the portal's own, then each app's registered routes."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from anphu_portal.api.reference import ApiRootView
from anphu_portal.api.unit_endpoint import UnitViewSet
from anphu_portal.registry import portal


def api_urlpatterns() -> list:
    """Return the API's URL patterns; the apps registered theirs in AppConfig.ready()."""
    router = SimpleRouter()
    router.register("units", UnitViewSet, basename="unit")
    patterns = [
        path("", ApiRootView.as_view(), name="root"),
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        *router.urls,
    ]
    for key in sorted(portal.api_routes):
        patterns += portal.api_routes[key]
    return patterns
