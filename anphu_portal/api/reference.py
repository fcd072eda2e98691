"""The API's reference page (/api/) and its root index (/api/v1/)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.response import Response
from rest_framework.views import APIView

from anphu_portal.api.units import api_unit, licence, publisher
from anphu_portal.api.views import mark_public
from anphu_portal.middleware import PUBLIC_CSP
from anphu_portal.registry import portal

# Swagger UI sets style attributes on its elements; scripts and style sheets stay our own.
REFERENCE_CSP = PUBLIC_CSP + "; style-src-attr 'unsafe-inline'"


@extend_schema(exclude=True)
class ApiReferenceView(SpectacularSwaggerSplitView):
    """Swagger UI over the schema, served from our own static files."""

    template_name = "api/reference.html"
    url_name = "api:schema"
    title = "Dữ liệu mở / Open data"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            unit = api_unit(request)
            response.data = {
                **response.data,
                "licence": licence(),
                "publisher": publisher(request, unit),
            }
        response["Content-Security-Policy"] = REFERENCE_CSP
        return response


def list_route_names() -> list[str]:
    """Return the URL names of the registered endpoints that take no argument ("article-list")."""
    names = ["unit-list"]
    for patterns in portal.api_routes.values():
        names += [p.name for p in patterns if p.name and not p.pattern.regex.groups]
    return sorted(set(names))


class ApiRootView(APIView):
    """List the endpoints of /api/v1/, with the licence and the publishing unit."""

    schema = None  # an index of links, not data

    def get(self, request):
        unit = api_unit(request)
        root = reverse("api:root")
        paths = sorted(reverse(f"api:{name}") for name in list_route_names())
        endpoints = {
            path[len(root) :].strip("/"): request.build_absolute_uri(path) for path in paths
        }
        response = Response(
            {
                "licence": licence(),
                "publisher": publisher(request, unit),
                "schema": request.build_absolute_uri(reverse("api:schema")),
                "reference": request.build_absolute_uri(reverse("api_reference")),
                "endpoints": endpoints,
            }
        )
        mark_public(response)
        return response
