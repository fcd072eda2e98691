"""The procedure catalogue's open-data endpoints, with the national package shape on request.

`?format=goi-tin` answers a list or a detail in the shape `import_procedures` reads;
`export.json`, `export.csv` and `export.xlsx` give the unit's whole catalogue at once.
"""

import json

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from anphu_portal.api.units import api_unit, licence, publisher
from anphu_portal.api.views import PublicReadOnlyViewSet, cache_key, mark_public
from procedures.api_shapes import (
    AgencySerializer,
    LevelSerializer,
    NationalProcedureSerializer,
    ProcedureDetailSerializer,
    ProcedureOfficeSerializer,
    ProcedureSerializer,
    SectorSerializer,
)
from procedures.exporting import csv_bytes, national_row, xlsx_bytes
from procedures.models import (
    CODE_PATTERN,
    SHORT_SERVICE_LEVELS,
    Agency,
    Level,
    NationalLevel,
    Procedure,
    Sector,
    UnitProcedureDetail,
)

SECTION = "thu-tuc-hanh-chinh"
NATIONAL_FORMAT = "goi-tin"


class NationalPackageRenderer(JSONRenderer):
    """JSON in the national database's package shape (gói tin), chosen by ?format=goi-tin."""

    format = NATIONAL_FORMAT


class ProcedureFilter(django_filters.FilterSet):
    """The public catalogue's filters, with the same meaning as on its page."""

    q = django_filters.CharFilter(method="search", label="Tên hoặc mã thủ tục")
    sector = django_filters.CharFilter(method="in_sector", label="Mã lĩnh vực (slug)")
    level = django_filters.ChoiceFilter(
        method="at_level", choices=NationalLevel.choices, label="Cấp thực hiện"
    )
    service_level = django_filters.ChoiceFilter(
        method="with_service_level",
        choices=[(value, label) for value, label in SHORT_SERVICE_LEVELS.items() if value],
        label="Mức độ dịch vụ công trực tuyến",
    )
    agency = django_filters.CharFilter(method="carried_out_by", label="Mã cơ quan thực hiện")

    class Meta:
        model = Procedure
        fields = []

    def search(self, procedures, name, value):
        return procedures.search(value[:200])

    def in_sector(self, procedures, name, value):
        return procedures.in_sector(value)

    def at_level(self, procedures, name, value):
        return procedures.at_level(value)

    def with_service_level(self, procedures, name, value):
        return procedures.with_service_level(value)

    def carried_out_by(self, procedures, name, value):
        return procedures.carried_out_by(value)


NATIONAL_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=[NATIONAL_FORMAT],
    description="goi-tin: dạng gói tin của CSDL quốc gia về TTHC (MATTHC, TENTTHC, …), "
    "đọc lại được bằng lệnh import_procedures. / The national package shape.",
)


@extend_schema_view(
    list=extend_schema(parameters=[NATIONAL_PARAMETER]),
    retrieve=extend_schema(parameters=[NATIONAL_PARAMETER]),
)
class ProcedureViewSet(PublicReadOnlyViewSet):
    """The active procedures the unit shows, by name; `?format=goi-tin` for the national shape."""

    section = SECTION
    queryset = Procedure.objects.none()
    serializer_class = ProcedureSerializer
    filterset_class = ProcedureFilter
    lookup_field = "code"
    lookup_value_regex = CODE_PATTERN.strip("^$")
    renderer_classes = [JSONRenderer, NationalPackageRenderer]

    def national(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", "") == NATIONAL_FORMAT

    def public_queryset(self, unit):
        return Procedure.objects.active().for_unit(unit)

    def filter_queryset(self, queryset):
        procedures = super().filter_queryset(queryset)
        if self.action == "retrieve" or self.national():
            return procedures.for_detail_page().order_by("search_text", "code")
        return procedures.for_list_page()

    def get_serializer_class(self):
        if self.national():
            return NationalProcedureSerializer
        return ProcedureDetailSerializer if self.action == "retrieve" else ProcedureSerializer


class CatalogueEntryViewSet(PublicReadOnlyViewSet):
    """Entries of the catalogue that at least one procedure the unit shows has."""

    section = SECTION
    lookup_field = "slug"
    link_field = ""  # the procedures' many-to-many field to this entry

    def public_queryset(self, unit):
        model = self.queryset.model
        through = getattr(Procedure, self.link_field).through.objects
        shown = Procedure.objects.active().for_unit(unit)
        linked = through.filter(procedure__in=shown, **{self.link_field[:-1]: OuterRef("pk")})
        return model.objects.filter(Exists(linked)).order_by(*model._meta.ordering)


class SectorViewSet(CatalogueEntryViewSet):
    """Sectors (lĩnh vực) of the procedures the unit shows."""

    queryset = Sector.objects.none()
    serializer_class = SectorSerializer
    link_field = "sectors"


class AgencyViewSet(CatalogueEntryViewSet):
    """Agencies (cơ quan thực hiện) of the procedures the unit shows."""

    queryset = Agency.objects.none()
    serializer_class = AgencySerializer
    link_field = "agencies"

    def public_queryset(self, unit):
        shown = Procedure.objects.active().for_unit(unit)
        links = Procedure.agencies.through.objects.filter(
            procedure__in=shown, agency=OuterRef("pk")
        )
        return Agency.objects.filter(Exists(links)).order_by("name")


class LevelViewSet(CatalogueEntryViewSet):
    """Levels (cấp thực hiện) of the procedures the unit shows, in the national order."""

    queryset = Level.objects.none()
    serializer_class = LevelSerializer
    link_field = "levels"


@extend_schema(responses=ProcedureOfficeSerializer)
class UnitProcedureOfficeView(APIView):
    """The unit's one-stop office and online-submission link, shown on its procedure pages."""

    def get(self, request):
        unit = api_unit(request)
        if not unit.shows_section(SECTION):
            raise NotFound("Đơn vị không công bố mục này. / The unit does not publish this.")
        details = UnitProcedureDetail.objects.filter(unit=unit).first()
        fields = ("office_address", "office_hours", "phone", "online_url")
        data = {name: getattr(details, name, "") for name in fields}
        response = Response({"licence": licence(), "publisher": publisher(request, unit), **data})
        mark_public(response)
        return response


EXPORTS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@extend_schema(
    responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    description="Toàn bộ danh mục: JSON dạng gói tin, CSV hoặc XLSX theo mẫu nhập. / "
    "The whole catalogue: national-shape JSON, or the import's CSV or XLSX layout.",
)
class CatalogueExportView(APIView):
    """The unit's whole catalogue in one file: national JSON, or the import's CSV or XLSX.

    Built once per catalogue version and kept in the cache: a client fetching it nightly
    costs one cache read. Three queries however many procedures (see for_detail_page).
    """

    kind = "json"

    def get(self, request):
        unit = api_unit(request)
        if not unit.shows_section(SECTION):
            raise NotFound("Đơn vị không công bố mục này. / The unit does not publish this.")
        key = cache_key(request, unit, f"api-export-{self.kind}")
        content = cache.get(key)
        if content is None:
            content = self.build(request, unit)
            cache.set(key, content, settings.API_EXPORT_CACHE_SECONDS)
        response = HttpResponse(content, content_type=EXPORTS[self.kind])
        response["Content-Disposition"] = f'attachment; filename="thu-tuc-{unit.slug}.{self.kind}"'
        # The spreadsheets have no room for them: the licence and publisher go in a header.
        response["Link"] = (
            f'<{licence()["url"]}>; rel="license", <{publisher(request, unit)["url"]}>; rel="author"'
        )
        mark_public(response, settings.API_EXPORT_CACHE_SECONDS)
        return response

    def build(self, request, unit) -> bytes:
        procedures = list(
            Procedure.objects.active().for_unit(unit).for_detail_page().order_by("code")
        )
        if self.kind == "csv":
            return csv_bytes(procedures)
        if self.kind == "xlsx":
            return xlsx_bytes(procedures)
        data = {
            "licence": licence(),
            "publisher": publisher(request, unit),
            "data": [national_row(procedure) for procedure in procedures],
        }
        return json.dumps(data, ensure_ascii=False).encode()


router = SimpleRouter()
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("sectors", SectorViewSet, basename="sector")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("levels", LevelViewSet, basename="level")

urlpatterns = [
    # Before the router's procedures/<code>/, whose pattern would take "export.csv".
    *(
        path(
            f"procedures/export.{kind}",
            CatalogueExportView.as_view(kind=kind),
            name=f"procedure-export-{kind}",
        )
        for kind in EXPORTS
    ),
    path("procedure-office/", UnitProcedureOfficeView.as_view(), name="procedure-office"),
    *router.urls,
]
