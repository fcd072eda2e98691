"""The hotline app's open-data endpoints: active contact groups and contacts."""

import django_filters
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from anphu_portal.api.units import absolute
from anphu_portal.api.views import PublicReadOnlyViewSet
from hotline.models import Contact, ContactGroup


class ContactSerializer(serializers.ModelSerializer):
    phones = serializers.SerializerMethodField()
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()
    vcard_url = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "title",
            "organization",
            "phones",
            "email",
            "address",
            "note",
            "group",
            "url",
            "vcard_url",
            "updated_at",
        ]

    def get_phones(self, contact) -> list[str]:
        return [number.display for number in contact.phone_numbers]

    def get_url(self, contact) -> str:
        return absolute(self.context["request"], self.context["unit"], contact.get_absolute_url())

    def get_vcard_url(self, contact) -> str:
        return absolute(self.context["request"], self.context["unit"], contact.get_vcard_url())


class ContactGroupSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    url = serializers.SerializerMethodField()
    contacts = ContactSerializer(many=True, source="public_contacts")

    class Meta:
        model = ContactGroup
        fields = [
            "slug",
            "name",
            "kind",
            "kind_label",
            "description",
            "position",
            "url",
            "contacts",
            "updated_at",
        ]

    def get_url(self, group) -> str:
        return absolute(self.context["request"], self.context["unit"], group.get_absolute_url())


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo từ (không phân biệt dấu)")
    group = django_filters.CharFilter(field_name="group__slug", label="Mã nhóm danh bạ")
    kind = django_filters.ChoiceFilter(
        field_name="group__kind", choices=ContactGroup.Kind.choices, label="Loại nhóm"
    )

    class Meta:
        model = Contact
        fields = []

    def search(self, contacts, name, value):
        return contacts.search(value)


class ContactGroupViewSet(PublicReadOnlyViewSet):
    """The unit's active contact groups, each with its active contacts."""

    section = "duong-day-nong"
    queryset = ContactGroup.objects.none()
    serializer_class = ContactGroupSerializer
    lookup_field = "slug"

    def public_queryset(self, unit):
        contacts = Contact.objects.active().select_related("group")
        return ContactGroup.objects.for_unit(unit).active().with_active_contacts(contacts)


class ContactViewSet(PublicReadOnlyViewSet):
    """The unit's active contacts of active groups, in the directory's order."""

    section = "duong-day-nong"
    queryset = Contact.objects.none()
    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def public_queryset(self, unit):
        return (
            Contact.objects.for_unit(unit)
            .active()
            .select_related("group")
            .defer("search_text")
            .order_by("group__position", "group__name", "position", "pk")
        )


router = SimpleRouter()
router.register("contact-groups", ContactGroupViewSet, basename="contact-group")
router.register("contacts", ContactViewSet, basename="contact")
urlpatterns = router.urls
