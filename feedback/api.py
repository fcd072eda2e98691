"""The feedback app's open-data endpoint: the published questions and their answers.

Only what the public Q&A page shows: the subject, the question, its kind and field, the
answer and when it was given. Never the citizen's name, phone, e-mail or address, the
files, internal notes, the assignee or a tracking code.
"""

import django_filters
from django.urls import reverse
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from anphu_portal.api.units import absolute
from anphu_portal.api.views import PublicReadOnlyViewSet
from anphu_portal.folding import clean_query
from feedback.models import Field, Kind, Submission

# The only columns a public answer reads; the personal ones are never loaded.
PUBLIC_COLUMNS = ("pk", "unit_id", "kind", "field", "subject", "content", "answer")
PUBLIC_COLUMNS += ("answered_at", "updated_at")


class QuestionSerializer(serializers.ModelSerializer):
    """A published question with its answer (sanitised HTML, as the page shows it)."""

    question = serializers.CharField(source="content")
    kind_label = serializers.CharField(source="get_kind_display")
    field_label = serializers.CharField(source="get_field_display")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "subject",
            "question",
            "kind",
            "kind_label",
            "field",
            "field_label",
            "answer",
            "answered_at",
            "url",
            "api_url",
            "updated_at",
        ]

    def get_url(self, question) -> str:
        request, unit = self.context["request"], self.context["unit"]
        return absolute(request, unit, question.get_absolute_url())

    def get_api_url(self, question) -> str:
        path = reverse("api:question-detail", args=[question.pk])
        return absolute(self.context["request"], self.context["unit"], path)


class QuestionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo từ (không phân biệt dấu)")
    field = django_filters.ChoiceFilter(choices=Field.choices, label="Lĩnh vực")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Loại")
    answered_after = django_filters.DateFilter(
        field_name="answered_at", lookup_expr="date__gte", label="Trả lời từ ngày (YYYY-MM-DD)"
    )
    answered_before = django_filters.DateFilter(
        field_name="answered_at", lookup_expr="date__lte", label="Trả lời đến ngày (YYYY-MM-DD)"
    )

    class Meta:
        model = Submission
        fields = []

    def search(self, questions, name, value):
        return questions.search(clean_query(value[:200]))


class QuestionViewSet(PublicReadOnlyViewSet):
    """The unit's published questions and answers, the latest answered first."""

    queryset = Submission.objects.none()
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilter

    def public_queryset(self, unit):
        return Submission.objects.for_unit(unit).published().only(*PUBLIC_COLUMNS)


router = SimpleRouter()
router.register("questions", QuestionViewSet, basename="question")
urlpatterns = router.urls
