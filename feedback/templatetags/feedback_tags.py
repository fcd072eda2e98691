"""Template tags of the feedback app: "was this page useful?" and the overdue count."""

from django import template

from anphu_portal.units import request_unit
from feedback.models import Submission

register = template.Library()


@register.inclusion_tag("feedback/usefulness.html", takes_context=True)
def page_usefulness(context):
    """Show the "Trang này có hữu ích không?" form for the page being rendered."""
    request = context.get("request")
    if request is None:
        return {"path": "", "thanked": False}
    return {"path": request.path, "thanked": request.GET.get("danh-gia") == "cam-on"}


@register.simple_tag(takes_context=True)
def overdue_feedback_count(context) -> int:
    """Return how many of the unit's open questions are past their due date."""
    return Submission.objects.for_unit(request_unit(context["request"])).overdue().count()
