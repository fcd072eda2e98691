"""The organization app's open-data endpoints: introduction, leaders, schedule, English page.

Only what the public pages show: published introduction pages, the active people of active
bodies with the contact their card shows, the week's schedule (cancelled entries marked as
the page marks them), the signed schedules, the English page and the footer's links.
"""

import datetime

import django_filters
from django.conf import settings
from django.db.models import Prefetch
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from anphu_portal.api.units import absolute
from anphu_portal.api.views import PublicReadOnlyViewSet, mark_public
from organization.models import (
    Banner,
    Body,
    EnglishPage,
    Link,
    Page,
    Person,
    ScheduleEntry,
    SignedSchedule,
)
from organization.weeks import BadWeek, parse_week, week_label

WEEK_HINT = (
    "Tuần không hợp lệ: ghi theo mẫu 2026-W49 hoặc một ngày 2026-12-02. / "
    "Bad week: use 2026-W49 or a date such as 2026-12-02."
)


def link(serializer, path_or_url: str) -> str:
    """Return the absolute address of a path on the served unit's host."""
    return absolute(serializer.context["request"], serializer.context["unit"], path_or_url)


class PageRefSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Page
        fields = ["slug", "title", "url"]

    def get_url(self, page) -> str:
        return link(self, page.get_absolute_url())


class PageSerializer(serializers.ModelSerializer):
    """An introduction page of the menu, without its text."""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Page
        fields = ["slug", "title", "parent", "position", "url", "api_url", "updated_at"]

    def get_url(self, page) -> str:
        return link(self, page.get_absolute_url())

    def get_api_url(self, page) -> str:
        return link(self, reverse("api:page-detail", args=[page.slug]))

    def get_parent(self, page) -> str | None:
        """Return the parent page's slug, unless that page is hidden."""
        parent = page.parent
        return parent.slug if parent is not None and parent.published else None


class PageDetailSerializer(PageSerializer):
    """An introduction page with its text (sanitised HTML) and its published children."""

    children = PageRefSerializer(many=True, source="public_children")

    class Meta(PageSerializer.Meta):
        fields = [*PageSerializer.Meta.fields, "body", "children"]


class BodyRefSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Body
        fields = ["id", "name", "kind", "kind_label"]


class LeaderSerializer(serializers.ModelSerializer):
    """A leader as their card shows them: the phones and e-mail of their directory entry."""

    body = BodyRefSerializer()
    phones = serializers.SerializerMethodField()
    email = serializers.CharField(source="email_address")
    photo = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "title",
            "title_en",
            "term",
            "portfolio",
            "communes",
            "body",
            "is_head",
            "is_spokesperson",
            "phones",
            "email",
            "photo",
            "url",
            "calendar_url",
            "updated_at",
        ]

    def get_phones(self, person) -> list[str]:
        return [number.display for number in person.phone_numbers]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_photo(self, person) -> dict | None:
        if not person.photo:
            return None
        return {"url": link(self, person.photo.url), "alt": person.photo_alt or person.name}

    def get_url(self, person) -> str:
        return link(self, person.get_absolute_url())

    def get_calendar_url(self, person) -> str:
        return link(self, reverse("organization:leader_feed", args=[person.slug]))


class BodySerializer(serializers.ModelSerializer):
    """A body of the organisation chart, its functions, contact and active people."""

    kind_label = serializers.CharField(source="get_kind_display")
    phones = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "functions",
            "address",
            "phones",
            "email",
            "position",
            "people",
            "updated_at",
        ]

    def get_phones(self, body) -> list[str]:
        return [number.display for number in body.phone_numbers]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_people(self, body) -> list[dict]:
        return [
            {
                "slug": person.slug,
                "name": person.name,
                "title": person.title,
                "api_url": link(self, reverse("api:leader-detail", args=[person.slug])),
            }
            for person in body.public_people
        ]


class LeaderRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name", "title"]


class ScheduleEntrySerializer(serializers.ModelSerializer):
    """One engagement of the week, as the schedule page lists it."""

    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    leaders = LeaderRefSerializer(many=True)
    status_label = serializers.CharField(source="get_status_display")
    week = serializers.SerializerMethodField()

    class Meta:
        model = ScheduleEntry
        fields = [
            "uid",
            "date",
            "week",
            "starts_at",
            "ends_at",
            "content",
            "place",
            "participants",
            "preparer",
            "leaders",
            "is_citizen_reception",
            "status",
            "status_label",
            "changed_at",
            "updated_at",
        ]

    def get_starts_at(self, entry) -> datetime.datetime:
        return serializers.DateTimeField().to_representation(entry.starts())

    def get_ends_at(self, entry) -> datetime.datetime | None:
        ends = entry.ends()
        return serializers.DateTimeField().to_representation(ends) if ends else None

    def get_week(self, entry) -> str:
        return week_label(entry.date - datetime.timedelta(days=entry.date.weekday()))


class SignedScheduleSerializer(serializers.ModelSerializer):
    """The week's schedule as signed on paper (a PDF)."""

    week_label = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    class Meta:
        model = SignedSchedule
        fields = ["title", "week", "week_label", "file", "updated_at"]

    def get_week_label(self, signed) -> str:
        return week_label(signed.week)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_file(self, signed) -> dict:
        try:
            size = signed.document.size
        except OSError:
            size = None
        return {
            "url": link(self, signed.document.url),
            "size": size,
            "content_type": "application/pdf",
        }


class LinkSerializer(serializers.ModelSerializer):
    logo = serializers.SerializerMethodField()

    class Meta:
        model = Link
        fields = ["name", "url", "position", "logo", "updated_at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_logo(self, item) -> dict | None:
        if not item.logo:
            return None
        return {"url": link(self, item.logo.url), "alt": item.alt_text}


class BannerSerializer(serializers.ModelSerializer):
    """A message shown at the top of every page right now (a flood, a storm, an outage)."""

    level_label = serializers.CharField(source="get_level_display")
    from_province = serializers.SerializerMethodField()

    class Meta:
        model = Banner
        fields = [
            "id",
            "level",
            "level_label",
            "text",
            "link_url",
            "link_text",
            "starts_at",
            "ends_at",
            "from_province",
            "updated_at",
        ]

    def get_from_province(self, banner) -> bool:
        return banner.unit_id != self.context["unit"].pk


class EnglishPageSerializer(serializers.Serializer):
    """The unit's page in English, with its leaders' English titles and its links."""

    name = serializers.CharField()
    location = serializers.CharField()
    introduction = serializers.CharField()
    contacts = serializers.ListField(child=serializers.CharField())
    leaders = serializers.ListField(child=serializers.DictField())
    links = serializers.ListField(child=serializers.DictField())
    url = serializers.URLField()
    updated_at = serializers.DateTimeField(allow_null=True)


def public_people():
    """Return the active people, with what their card reads, for a prefetch."""
    return (
        Person.objects.active()
        .select_related("body", "contact")
        .defer("search_text", "contact__search_text")
    )


class PageViewSet(PublicReadOnlyViewSet):
    """The unit's published introduction pages, in menu order."""

    queryset = Page.objects.none()
    serializer_class = PageSerializer
    lookup_field = "slug"

    def public_queryset(self, unit):
        pages = Page.objects.for_unit(unit).published().select_related("parent")
        if self.action == "list":
            return pages.defer("body", "search_text")
        children = Page.objects.published().defer("body", "search_text")
        return pages.defer("search_text").prefetch_related(
            Prefetch("children", queryset=children, to_attr="public_children")
        )

    def get_serializer_class(self):
        return PageDetailSerializer if self.action == "retrieve" else PageSerializer


class LeaderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo tên, chức vụ, lĩnh vực")
    kind = django_filters.ChoiceFilter(
        field_name="body__kind", choices=Body.Kind.choices, label="Loại cơ quan"
    )
    body = django_filters.NumberFilter(field_name="body_id", label="Mã cơ quan, bộ phận")
    spokesperson = django_filters.BooleanFilter(
        field_name="is_spokesperson", label="Người phát ngôn"
    )

    class Meta:
        model = Person
        fields = []

    def search(self, people, name, value):
        return people.search(value[:200])


class LeaderViewSet(PublicReadOnlyViewSet):
    """The active people of the unit's active bodies, in the chart's order."""

    queryset = Person.objects.none()
    serializer_class = LeaderSerializer
    filterset_class = LeaderFilter
    lookup_field = "slug"

    def public_queryset(self, unit):
        return (
            public_people()
            .filter(unit=unit)
            .order_by("body__position", "body__name", "position", "pk")
        )


class BodyViewSet(PublicReadOnlyViewSet):
    """The unit's active bodies (the organisation chart), each with its active people."""

    queryset = Body.objects.none()
    serializer_class = BodySerializer

    def public_queryset(self, unit):
        people = Prefetch("people", queryset=public_people(), to_attr="public_people")
        return Body.objects.for_unit(unit).active().prefetch_related(people)


class ScheduleFilter(django_filters.FilterSet):
    leader = django_filters.CharFilter(method="led_by", label="Mã lãnh đạo chủ trì (slug)")
    citizen_reception = django_filters.BooleanFilter(
        field_name="is_citizen_reception", label="Buổi tiếp công dân"
    )

    class Meta:
        model = ScheduleEntry
        fields = []

    def led_by(self, entries, name, value):
        led = ScheduleEntry.leaders.through.objects.filter(person__slug=value)
        return entries.filter(pk__in=led.values("scheduleentry_id"))


def requested_week(request) -> datetime.date:
    """Return the Monday of ?week= (this week when absent); a 400 for a bad week."""
    try:
        return parse_week(request.query_params.get("week"))
    except BadWeek:
        raise ValidationError({"week": WEEK_HINT}) from None


WEEK_PARAMETER = OpenApiParameter(
    "week",
    str,
    description="Tuần ISO (2026-W49) hoặc một ngày trong tuần (2026-12-02); mặc định tuần này.",
)


@extend_schema_view(list=extend_schema(parameters=[WEEK_PARAMETER]))
class ScheduleViewSet(PublicReadOnlyViewSet):
    """One week of the unit's work schedule, Monday to Sunday (cancelled entries marked)."""

    queryset = ScheduleEntry.objects.none()
    serializer_class = ScheduleEntrySerializer
    filterset_class = ScheduleFilter
    lookup_field = "uid"

    def public_queryset(self, unit):
        entries = ScheduleEntry.objects.for_unit(unit).prefetch_related(
            Prefetch("leaders", queryset=Person.objects.only("slug", "name", "title"))
        )
        if self.action == "list":
            return entries.in_week(requested_week(self.request))
        return entries


@extend_schema_view(list=extend_schema(parameters=[WEEK_PARAMETER]))
class SignedScheduleViewSet(PublicReadOnlyViewSet):
    """The signed PDF schedules of the unit, the latest week first (?week= picks one)."""

    queryset = SignedSchedule.objects.none()
    serializer_class = SignedScheduleSerializer

    def public_queryset(self, unit):
        signed = SignedSchedule.objects.filter(unit=unit).order_by("-week", "-pk")
        if self.request.query_params.get("week"):
            signed = signed.filter(week=requested_week(self.request))
        return signed


class LinkViewSet(PublicReadOnlyViewSet):
    """The websites the unit's footer links to."""

    queryset = Link.objects.none()
    serializer_class = LinkSerializer

    def public_queryset(self, unit):
        return Link.objects.for_unit(unit).active()


# A banner starts and ends at its own moment, which no edit marks: its answers are built
# for each request (one query) and kept by clients for a minute at most.
BANNER_CLIENT_SECONDS = 60


class BannerViewSet(PublicReadOnlyViewSet):
    """The banners the unit's pages show at this moment: its own and its province's."""

    queryset = Banner.objects.none()
    serializer_class = BannerSerializer

    def public_queryset(self, unit):
        now = timezone.now()
        return (
            Banner.objects.reaching(unit)
            .filter(starts_at__lte=now, ends_at__gt=now)
            .order_by("-starts_at", "pk")
        )

    def list(self, request, *args, **kwargs):
        response = self.framed(super(PublicReadOnlyViewSet, self).list(request))
        mark_public(response, min(BANNER_CLIENT_SECONDS, settings.API_CACHE_SECONDS))
        return response

    def retrieve(self, request, *args, **kwargs):
        response = self.framed(
            super(PublicReadOnlyViewSet, self).retrieve(request, *args, **kwargs)
        )
        mark_public(response, min(BANNER_CLIENT_SECONDS, settings.API_CACHE_SECONDS))
        return response


class EnglishPageViewSet(PublicReadOnlyViewSet):
    """The unit's page in English (/en/), one object."""

    queryset = EnglishPage.objects.none()
    serializer_class = EnglishPageSerializer
    pagination_class = None

    def public_queryset(self, unit):
        return EnglishPage.objects.filter(unit=unit)

    @extend_schema(responses=EnglishPageSerializer)
    def show(self, request, *args, **kwargs):
        return self.cached(self.english_page, request)

    def english_page(self, request):
        unit = self.unit
        page = EnglishPage.objects.filter(unit=unit).first() or EnglishPage(
            unit=unit, name=unit.unit_name
        )
        leaders = (
            Person.objects.for_unit(unit).active().exclude(title_en="").only("name", "title_en")
        )
        context = self.get_serializer_context()
        data = {
            "name": page.name,
            "location": page.location,
            "introduction": page.introduction,
            "contacts": [line.strip() for line in page.contacts.splitlines() if line.strip()],
            "leaders": [{"name": p.name, "title": p.title_en} for p in leaders],
            "links": LinkSerializer(
                Link.objects.for_unit(unit).active(), many=True, context=context
            ).data,
            "url": absolute(request, unit, reverse("organization:english")),
            "updated_at": page.updated_at,
        }
        return Response(EnglishPageSerializer(data).data)


router = SimpleRouter()
router.register("pages", PageViewSet, basename="page")
router.register("leaders", LeaderViewSet, basename="leader")
router.register("bodies", BodyViewSet, basename="body")
router.register("schedule", ScheduleViewSet, basename="schedule")
router.register("signed-schedules", SignedScheduleViewSet, basename="signed-schedule")
router.register("links", LinkViewSet, basename="link")
router.register("banners", BannerViewSet, basename="banner")
urlpatterns = [
    *router.urls,
    path("english/", EnglishPageViewSet.as_view({"get": "show"}), name="english-page"),
]
