"""The feedback app's part of the site search: published questions and answers."""

from django.utils.html import strip_tags

from anphu_portal.matching import excerpt, highlight
from anphu_portal.registry import SearchSection
from feedback.models import Submission


def published_questions(request):
    """Return the questions and answers the public may find."""
    return Submission.objects.for_unit(request.unit).published()


def describe_question(question, query: str) -> dict:
    """Return a published question as a search result."""
    return {
        "title": highlight(question.subject, query),
        "url": question.get_absolute_url(),
        "meta": f"{question.get_field_display()} – trả lời ngày {question.answered_at:%d/%m/%Y}",
        "excerpt": excerpt(f"{question.content} {strip_tags(question.answer)}", query),
    }


SEARCH_SECTION = SearchSection(
    key="hoi-dap",
    label="Hỏi đáp",
    position=50,
    queryset=published_questions,
    order=("-answered_at", "-pk"),
    merge_position=50,
    describe=describe_question,
    # Published answers grow without bound (5,000 of 50,000 questions in the bench): a
    # rare query walked them all (30-70 ms).
    large=True,
)
