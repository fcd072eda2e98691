"""The shapes of the catalogue's API answers: list and detail, national package, entries."""

from django.urls import reverse
from rest_framework import serializers

from anphu_portal.api.units import absolute
from procedures.exporting import national_row
from procedures.models import Agency, Level, Procedure, Sector, UnitProcedureDetail


def page_url(context, path_: str) -> str:
    return absolute(context["request"], context["unit"], path_)


class NamedRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ProcedureSerializer(serializers.ModelSerializer):
    """A procedure as the catalogue's list shows it."""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    sectors = NamedRefSerializer(many=True, source="sector_list")
    levels = NamedRefSerializer(many=True, source="level_list")
    service_level_label = serializers.CharField(source="short_service_level")

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "url",
            "api_url",
            "sectors",
            "levels",
            "service_level",
            "service_level_label",
            "updated_at",
        ]

    def get_url(self, procedure) -> str:
        return page_url(self.context, procedure.get_absolute_url())

    def get_api_url(self, procedure) -> str:
        return page_url(self.context, reverse("api:procedure-detail", args=[procedure.code]))


class ChannelSerializer(serializers.Serializer):
    channel = serializers.IntegerField()
    channel_label = serializers.CharField(source="get_channel_display")
    processing_time = serializers.CharField()
    fees = serializers.ListField(child=serializers.CharField(), source="fee_list")
    description = serializers.CharField()


class DocumentSerializer(serializers.Serializer):
    case = serializers.CharField()
    name = serializers.CharField()
    form_name = serializers.CharField()
    form_url = serializers.CharField()
    form_file = serializers.SerializerMethodField()
    original_count = serializers.IntegerField(allow_null=True)
    copy_count = serializers.IntegerField(allow_null=True)

    def get_form_file(self, document) -> str:
        if not document.form_file:
            return ""
        return page_url(self.context, document.get_download_url())


class LegalBasisSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    issuer = serializers.CharField()


class StepGroupSerializer(serializers.Serializer):
    case = serializers.CharField()
    steps = serializers.ListField(child=serializers.CharField())

    def to_representation(self, group):
        case, steps = group
        return {"case": case, "steps": steps}


class ProcedureDetailSerializer(ProcedureSerializer):
    """A procedure with every section of its page, in the national database's order."""

    procedure_type_label = serializers.CharField(source="get_procedure_type_display")
    steps = StepGroupSerializer(many=True, source="step_groups")
    subjects = serializers.ListField(child=serializers.CharField(), source="subject_list")
    agencies = serializers.ListField(child=serializers.CharField(), source="agency_name_list")
    competent_authorities = serializers.ListField(
        child=serializers.CharField(), source="competent_authority_list"
    )
    authorized_agencies = serializers.ListField(
        child=serializers.CharField(), source="authorized_agency_list"
    )
    coordinating_agencies = serializers.ListField(
        child=serializers.CharField(), source="coordinating_agency_list"
    )
    results = serializers.ListField(child=serializers.CharField(), source="result_list")
    channels = ChannelSerializer(many=True, source="channels.all")
    documents = DocumentSerializer(many=True, source="documents.all")
    legal_bases = LegalBasisSerializer(many=True, source="legal_basis_list")

    class Meta(ProcedureSerializer.Meta):
        fields = [
            *ProcedureSerializer.Meta.fields,
            "decision_number",
            "decision_date",
            "decision_summary",
            "issuing_body",
            "procedure_type",
            "procedure_type_label",
            "steps",
            "channels",
            "documents",
            "subjects",
            "agencies",
            "competent_authorities",
            "receiving_address",
            "authorized_agencies",
            "coordinating_agencies",
            "results",
            "legal_bases",
            "requirements",
            "keywords",
            "description",
            "online_url",
        ]


class NationalProcedureSerializer(serializers.BaseSerializer):
    """A procedure in the national package shape (MATTHC, TENTTHC, …)."""

    def to_representation(self, procedure) -> dict:
        return national_row(procedure)


class SectorSerializer(serializers.ModelSerializer):
    procedures_api_url = serializers.SerializerMethodField()
    filter_param = "sector"

    class Meta:
        model = Sector
        fields = ["slug", "name", "procedures_api_url"]

    def get_procedures_api_url(self, entry) -> str:
        query = f"?{self.filter_param}={entry.slug}"
        return page_url(self.context, reverse("api:procedure-list") + query)


class AgencySerializer(SectorSerializer):
    filter_param = "agency"

    class Meta(SectorSerializer.Meta):
        model = Agency


class LevelSerializer(SectorSerializer):
    filter_param = "level"

    class Meta(SectorSerializer.Meta):
        model = Level


class ProcedureOfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitProcedureDetail
        fields = ["office_address", "office_hours", "phone", "online_url"]
