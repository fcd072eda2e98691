"""The documents app's open-data endpoints: issued documents, drafts for comment, the lists.

Only what the public pages show: published documents whose time has come, their files and
relations to other published documents; on a draft, the comments moderators approved, under
the name only when its writer agreed to show it. Commenters' contact data never appear.
"""

import django_filters
from django.db.models import Prefetch, Q
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from anphu_portal.api.units import absolute
from anphu_portal.api.views import PublicReadOnlyViewSet
from anphu_portal.folding import clean_query
from anphu_portal.uploads import CONTENT_TYPES, extension_of
from documents.models import (
    Attachment,
    Disclosure,
    Document,
    DocumentRelation,
    DocumentType,
    DraftComment,
    Field,
    Issuer,
    Status,
)


def link(serializer, path: str) -> str:
    """Return the absolute address of a path on the served unit's host."""
    return absolute(serializer.context["request"], serializer.context["unit"], path)


class DocumentListEntrySerializer(serializers.Serializer):
    """An entry of one of the unit's lists (type, issuer, field) as a document names it."""

    slug = serializers.CharField()
    name = serializers.CharField()


class UnitListSerializer(serializers.ModelSerializer):
    """An entry of the unit's lists, with the address of its filtered documents."""

    documents_api_url = serializers.SerializerMethodField()
    filter_name = ""

    class Meta:
        fields = ["slug", "name", "position", "documents_api_url"]

    def get_documents_api_url(self, entry) -> str:
        return link(self, reverse("api:document-list") + f"?{self.filter_name}={entry.slug}")


class DocumentTypeSerializer(UnitListSerializer):
    filter_name = "type"
    disclosure_label = serializers.SerializerMethodField()

    class Meta:
        model = DocumentType
        fields = [*UnitListSerializer.Meta.fields, "disclosure", "disclosure_label"]

    def get_disclosure_label(self, entry) -> str:
        return entry.get_disclosure_display() if entry.disclosure else ""


class IssuerSerializer(UnitListSerializer):
    filter_name = "issuer"

    class Meta(UnitListSerializer.Meta):
        model = Issuer


class DocumentFieldSerializer(UnitListSerializer):
    filter_name = "field"

    class Meta(UnitListSerializer.Meta):
        model = Field


class LegalDocumentSerializer(serializers.ModelSerializer):
    """A document as a list row shows it: number, dates, lists, today's status."""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    document_type = DocumentListEntrySerializer()
    issuer = DocumentListEntrySerializer()
    field = DocumentListEntrySerializer(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()
    published_at = serializers.DateTimeField(source="publish_at")

    class Meta:
        model = Document
        fields = [
            "slug",
            "number",
            "summary",
            "url",
            "api_url",
            "document_type",
            "issuer",
            "field",
            "signer",
            "signer_title",
            "issued_on",
            "effective_on",
            "expires_on",
            "status",
            "status_label",
            "published_at",
            "updated_at",
        ]

    def get_url(self, document) -> str:
        return link(self, document.get_absolute_url())

    def get_api_url(self, document) -> str:
        return link(self, reverse("api:document-detail", args=[document.slug]))


class LegalDocumentRefSerializer(serializers.Serializer):
    """A related document, named as the relation table of the page names it."""

    slug = serializers.CharField()
    number = serializers.CharField()
    summary = serializers.CharField()
    document_type = serializers.CharField(source="document_type.name")
    issued_on = serializers.DateField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return link(self, document.get_absolute_url())

    def get_api_url(self, document) -> str:
        return link(self, reverse("api:document-detail", args=[document.slug]))


class DocumentRelationSerializer(serializers.Serializer):
    """One relation read from this document's side: "<this> <label> <document>"."""

    kind = serializers.CharField()
    label = serializers.CharField()
    document = LegalDocumentRefSerializer()


class DocumentFileSerializer(serializers.Serializer):
    """A downloadable file: its absolute address, name, size in bytes and content type."""

    title = serializers.CharField()
    url = serializers.URLField()
    size = serializers.IntegerField(allow_null=True)
    content_type = serializers.CharField()
    kind = serializers.CharField()


class LegalDocumentDetailSerializer(LegalDocumentSerializer):
    """A document with its full text, files and relations both ways."""

    attachments = serializers.SerializerMethodField()
    acts_on = serializers.SerializerMethodField()
    acted_on_by = serializers.SerializerMethodField()

    class Meta(LegalDocumentSerializer.Meta):
        fields = [
            *LegalDocumentSerializer.Meta.fields,
            "body",
            "attachments",
            "acts_on",
            "acted_on_by",
        ]

    @extend_schema_field(DocumentFileSerializer(many=True))
    def get_attachments(self, document) -> list[dict]:
        return [
            {
                "title": attachment.display_name,
                "url": link(
                    self, reverse("documents:attachment", args=[document.slug, attachment.pk])
                ),
                "size": attachment.size,
                "content_type": attachment.content_type,
                "kind": attachment.kind_name,
            }
            for attachment in document.attachments.all()
        ]

    @extend_schema_field(DocumentRelationSerializer(many=True))
    def get_acts_on(self, document) -> list[dict]:
        rows = [
            {"kind": r.kind, "label": r.get_kind_display(), "document": r.target}
            for r in document.outgoing_relations.all()
        ]
        return DocumentRelationSerializer(rows, many=True, context=self.context).data

    @extend_schema_field(DocumentRelationSerializer(many=True))
    def get_acted_on_by(self, document) -> list[dict]:
        rows = [
            {"kind": r.kind, "label": r.reverse_label, "document": r.source}
            for r in document.incoming_relations.all()
        ]
        return DocumentRelationSerializer(rows, many=True, context=self.context).data


class DraftSerializer(serializers.ModelSerializer):
    """A draft for public comment: its period and whether comments are taken today."""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    document_type = DocumentListEntrySerializer()
    issuer = DocumentListEntrySerializer()
    comment_state = serializers.SerializerMethodField()
    comment_report = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="publish_at")

    class Meta:
        model = Document
        fields = [
            "slug",
            "number",
            "summary",
            "url",
            "api_url",
            "document_type",
            "issuer",
            "issued_on",
            "comment_opens_on",
            "comment_closes_on",
            "comment_state",
            "comment_report",
            "published_at",
            "updated_at",
        ]

    def get_url(self, document) -> str:
        return link(self, document.get_absolute_url())

    def get_api_url(self, document) -> str:
        return link(self, reverse("api:draft-detail", args=[document.slug]))

    def get_comment_state(self, document) -> str:
        """Return "open", "closed" or "upcoming" (the period has not begun)."""
        if document.comment_is_open():
            return "open"
        return "closed" if document.comment_has_closed() else "upcoming"

    @extend_schema_field(DocumentFileSerializer(allow_null=True))
    def get_comment_report(self, document) -> dict | None:
        """Return the summary report of the comments, once the period is over."""
        report = document.comment_report
        if not report or not document.comment_has_closed():
            return None
        extension = extension_of(report.name)
        try:
            size = report.size
        except OSError:
            size = None
        return {
            "title": "Báo cáo tổng hợp ý kiến",
            "url": link(self, reverse("documents:report", args=[document.slug])),
            "size": size,
            "content_type": CONTENT_TYPES.get(extension, "application/octet-stream"),
            "kind": extension[1:].upper(),
        }


class DraftCommentSerializer(serializers.Serializer):
    """An approved comment as the draft's page shows it: no contact, no file."""

    name = serializers.CharField(source="public_name")
    content = serializers.CharField()
    created_at = serializers.DateTimeField()


class DraftDetailSerializer(DraftSerializer):
    """A draft with its text, files and the approved comments."""

    body = serializers.CharField()
    attachments = serializers.SerializerMethodField()
    comments = DraftCommentSerializer(many=True, source="approved_comments")

    class Meta(DraftSerializer.Meta):
        fields = [*DraftSerializer.Meta.fields, "body", "attachments", "comments"]

    get_attachments = LegalDocumentDetailSerializer.get_attachments


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Số ký hiệu hoặc từ trong trích yếu, nội dung (không phân biệt dấu)"
    )
    type = django_filters.CharFilter(field_name="document_type__slug", label="Mã loại văn bản")
    issuer = django_filters.CharFilter(field_name="issuer__slug", label="Mã cơ quan ban hành")
    field = django_filters.CharFilter(field_name="field__slug", label="Mã lĩnh vực")
    year = django_filters.NumberFilter(field_name="year", label="Năm ban hành")
    status = django_filters.ChoiceFilter(
        field_name="current_status", choices=Status.choices, label="Tình trạng hiệu lực hôm nay"
    )
    disclosure = django_filters.ChoiceFilter(
        field_name="document_type__disclosure", choices=Disclosure.choices, label="Mục công khai"
    )

    class Meta:
        model = Document
        fields = []

    def search(self, documents, name, value):
        return documents.search(clean_query(value[:200]))


class DraftFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        method="in_state",
        choices=[("open", "Đang lấy ý kiến"), ("closed", "Đã hết hạn lấy ý kiến")],
        label="Đang lấy ý kiến (open) hay đã hết hạn (closed)",
    )
    q = django_filters.CharFilter(method="search", label="Số ký hiệu hoặc từ trong trích yếu")

    class Meta:
        model = Document
        fields = []

    def in_state(self, drafts, name, value):
        return drafts.comment_open() if value == "open" else drafts.comment_closed()

    def search(self, drafts, name, value):
        return drafts.search(clean_query(value[:200]))


def public_relations(unit, side: str):
    """Return a prefetch of the relations to the unit's published, issued documents."""
    other = "target" if side == "outgoing_relations" else "source"
    shown = Document.objects.for_unit(unit).issued()
    return Prefetch(
        side,
        queryset=DocumentRelation.objects.filter(**{f"{other}__in": shown})
        .select_related(other, f"{other}__document_type")
        .order_by("kind", "pk"),
    )


class DocumentViewSet(PublicReadOnlyViewSet):
    """The unit's issued documents, newest first; the detail adds text, files, relations."""

    queryset = Document.objects.none()
    serializer_class = LegalDocumentSerializer
    filterset_class = DocumentFilter
    lookup_field = "slug"

    def public_queryset(self, unit):
        documents = (
            Document.objects.for_unit(unit)
            .issued()
            .select_related("document_type", "issuer", "field")
            .with_status()
            .order_by("-issued_on", "-pk")
        )
        if self.action == "list":
            return documents.defer("body", "search_text")
        return documents.defer("search_text").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.defer("text")),
            public_relations(unit, "outgoing_relations"),
            public_relations(unit, "incoming_relations"),
        )

    def get_serializer_class(self):
        return (
            LegalDocumentDetailSerializer if self.action == "retrieve" else LegalDocumentSerializer
        )


class DraftViewSet(PublicReadOnlyViewSet):
    """The unit's drafts for comment, those whose period ends first at the top."""

    queryset = Document.objects.none()
    serializer_class = DraftSerializer
    filterset_class = DraftFilter
    lookup_field = "slug"

    def public_queryset(self, unit):
        drafts = (
            Document.objects.for_unit(unit)
            .drafts()
            .select_related("document_type", "issuer")
            .order_by("-comment_closes_on", "-pk")
        )
        if self.action == "list":
            return drafts.defer("body", "search_text")
        comments = DraftComment.objects.approved().only(
            "document_id", "name", "show_name", "content", "created_at"
        )
        return drafts.defer("search_text").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.defer("text")),
            Prefetch("comments", queryset=comments, to_attr="approved_comments"),
        )

    def get_serializer_class(self):
        return DraftDetailSerializer if self.action == "retrieve" else DraftSerializer


class UnitListViewSet(PublicReadOnlyViewSet):
    """The entries of one of the unit's lists that some published document is filed under."""

    model = None
    document_field = ""
    lookup_field = "slug"

    def public_queryset(self, unit):
        used = Document.objects.for_unit(unit).published().values(self.document_field)
        return (
            self.model.objects.for_unit(unit)
            .filter(pk__in=used)
            .filter(~Q(slug=""))
            .order_by("position", "name", "pk")
        )


class DocumentTypeViewSet(UnitListViewSet):
    """The unit's document types (with the "Công khai" section each belongs to)."""

    model = DocumentType
    document_field = "document_type"
    queryset = DocumentType.objects.none()
    serializer_class = DocumentTypeSerializer


class IssuerViewSet(UnitListViewSet):
    """The unit's issuing bodies."""

    model = Issuer
    document_field = "issuer"
    queryset = Issuer.objects.none()
    serializer_class = IssuerSerializer


class FieldViewSet(UnitListViewSet):
    """The unit's fields (lĩnh vực) documents are about."""

    model = Field
    document_field = "field"
    queryset = Field.objects.none()
    serializer_class = DocumentFieldSerializer


router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("drafts", DraftViewSet, basename="draft")
router.register("document-types", DocumentTypeViewSet, basename="document-type")
router.register("issuers", IssuerViewSet, basename="issuer")
router.register("document-fields", FieldViewSet, basename="document-field")
urlpatterns = router.urls
