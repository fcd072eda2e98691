"""/api/v1/units/: the units of the platform and each unit's identity."""

from rest_framework import serializers

from anphu_portal.api.units import absolute, unit_root
from anphu_portal.api.views import PublicReadOnlyViewSet
from anphu_portal.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="unit_name")
    parent = serializers.CharField(source="parent_unit")
    level_label = serializers.CharField(source="get_level_display")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    logo = serializers.SerializerMethodField()
    successor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sections = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "slug",
            "name",
            "parent",
            "level",
            "level_label",
            "portal_title",
            "address",
            "phone",
            "email",
            "logo",
            "url",
            "api_url",
            "sections",
            "archived",
            "successor",
            "updated_at",
        ]

    def get_url(self, unit) -> str:
        return unit_root(self.context["request"], unit)

    def get_api_url(self, unit) -> str:
        return absolute(self.context["request"], unit, "/api/v1/")

    def get_logo(self, unit) -> str:
        return absolute(self.context["request"], unit, unit.logo.url) if unit.logo else ""

    def get_sections(self, unit) -> list[str]:
        return [key for key in Unit.Section.values if unit.shows_section(key)]


class UnitViewSet(PublicReadOnlyViewSet):
    """The units of the platform, with their addresses and the sections they publish."""

    queryset = Unit.objects.none()
    serializer_class = UnitSerializer
    lookup_field = "slug"

    def public_queryset(self, unit):
        return Unit.objects.select_related("parent", "successor").order_by("unit_name", "pk")
