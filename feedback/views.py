"""Public pages of questions and feedback, the tracking page, and staff access to files."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from anphu_portal.antispam import consume_limit, limit_reached
from anphu_portal.middleware import client_ip
from anphu_portal.private_files import private_file_response
from feedback.access import may_see_personal_data
from feedback.forms import QuestionFilterForm, SubmissionForm, TrackingForm
from feedback.models import PageUsefulness, Submission, SubmissionAttachment
from feedback.workflow import create_submission

DAY = timedelta(days=1)


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@never_cache
def submit(request):
    """Show the question form; on a valid post, save the item and show its tracking code."""
    if request.method != "POST":
        return render(request, "feedback/submit.html", {"form": SubmissionForm()})
    form = SubmissionForm(request.POST, request.FILES)
    if not form.is_valid():
        form.hold_accepted_files()
        return render(request, "feedback/submit.html", {"form": form}, status=400)
    refusal = over_limit(request, form.cleaned_data["phone"])
    if refusal:
        form.hold_accepted_files()
        context = {"form": form, "limit_message": refusal}
        return render(request, "feedback/submit.html", context, status=429)
    submission = create_submission(
        unit=request.unit,
        data=form.submission_data(),
        uploads=form.accepted_files,
        held=form.kept_held(),
        request=request,
    )
    return render(request, "feedback/submitted.html", {"submission": submission})


def over_limit(request, phone: str) -> str:
    """Use a place of the address's and the phone's daily allowance; return why not, or ""."""
    ip_limit = setting("FEEDBACK_LIMIT_PER_IP", 20)
    if not consume_limit(scope="feedback-ip", key=client_ip(request), limit=ip_limit, window=DAY):
        return (
            f"Từ địa chỉ mạng này đã gửi {ip_limit} câu hỏi trong hôm nay, là mức tối đa. "
            "Nội dung ông/bà đã nhập vẫn được giữ dưới đây; vui lòng gửi lại vào ngày mai "
            "hoặc gọi đường dây nóng."
        )
    phone_limit = setting("FEEDBACK_LIMIT_PER_PHONE", 3)
    if not consume_limit(scope="feedback-phone", key=phone, limit=phone_limit, window=DAY):
        return (
            f"Số điện thoại này đã gửi {phone_limit} câu hỏi trong hôm nay, là mức tối đa. "
            "Nội dung ông/bà đã nhập vẫn được giữ dưới đây; vui lòng gửi lại vào ngày mai "
            "hoặc gọi đường dây nóng."
        )
    return ""


TRACKING_REFUSED = (
    "Không tìm thấy câu hỏi với mã tra cứu và 4 số cuối điện thoại này. Vui lòng kiểm tra "
    "lại mã trên trang xác nhận hoặc trong thư điện tử."
)


@never_cache
def track(request):
    """Show an item's status and answer to whoever has its code and the phone's last digits."""
    if request.method != "POST":
        return render(request, "feedback/track.html", {"form": TrackingForm()})
    form = TrackingForm(request.POST)
    if not form.is_valid():
        return render(request, "feedback/track.html", {"form": form}, status=400)
    limit = {
        "scope": "feedback-track",
        "key": client_ip(request),
        "limit": setting("FEEDBACK_TRACKING_FAILURES_PER_HOUR", 10),
        "window": timedelta(hours=1),
    }
    if limit_reached(**limit):
        message = (
            "Đã nhập sai quá nhiều lần. Vui lòng thử lại sau một giờ, hoặc gọi đường dây "
            "nóng để được hỗ trợ."
        )
        context = {"form": form, "refused": message}
        return render(request, "feedback/track.html", context, status=429)
    submission = (
        Submission.objects.for_unit(request.unit)
        .filter(
            tracking_code=form.cleaned_data["code"],
            phone__endswith=form.cleaned_data["phone_end"],
            personal_data_erased=False,
        )
        .first()
    )
    if submission is None:
        consume_limit(**limit)
        context = {"form": form, "refused": TRACKING_REFUSED}
        return render(request, "feedback/track.html", context, status=404)
    return render(request, "feedback/tracked.html", {"submission": submission})


class QuestionListView(ListView):
    """The published questions and answers, newest first, by field and words."""

    template_name = "feedback/question_list.html"
    context_object_name = "questions"
    paginate_by = 10

    def get_queryset(self):
        # The field filter is "?linh-vuc=" as on the procedure catalogue.
        query = self.request.GET
        data = {"q": query.get("q", ""), "linh_vuc": query.get("linh-vuc", "")}
        self.filters = QuestionFilterForm(data if any(data.values()) else None)
        questions = Submission.objects.for_unit(self.request.unit).published()
        if self.filters.is_valid():
            if self.filters.cleaned_data["linh_vuc"]:
                questions = questions.filter(field=self.filters.cleaned_data["linh_vuc"])
            if self.filters.cleaned_data["q"]:
                questions = questions.search(self.filters.cleaned_data["q"])
        return questions.only("pk", "subject", "content", "answer", "answered_at", "field", "kind")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.filters, **kwargs)


class QuestionDetailView(DetailView):
    template_name = "feedback/question_detail.html"
    context_object_name = "question"

    def get_queryset(self):
        return Submission.objects.for_unit(self.request.unit).published()


class PolicyView(TemplateView):
    template_name = "feedback/policy.html"


@never_cache
def attachment(request, pk: int):
    """Send a citizen's file to staff who may see the item's personal data, in its unit."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise PermissionDenied  # staff open files from the admin, where they are logged in
    item = get_object_or_404(
        SubmissionAttachment.objects.select_related("submission"),
        pk=pk,
        submission__unit=request.unit,
    )
    if not may_see_personal_data(request.user, request.unit):
        raise PermissionDenied
    return private_file_response(item.file, download_name=item.original_name or None)


USEFUL_VALUES = {"co": True, "khong": False}


@csrf_exempt
@require_POST
def page_usefulness(request):
    """Record “was this page useful?” from a form without token or cookie; go back."""
    path = request.POST.get("path", "")
    useful = USEFUL_VALUES.get(request.POST.get("useful", ""))
    comment = " ".join(request.POST.get("comment", "").split())[:500]
    if not is_local_page(request, path) or useful is None:
        return render(request, "feedback/usefulness_refused.html", status=400)
    allowed = consume_limit(
        scope="page-usefulness",
        key=f"{client_ip(request)}|{path}",
        limit=setting("FEEDBACK_USEFULNESS_PER_PAGE", 3),
        window=DAY,
    )
    if allowed:
        PageUsefulness.objects.create(unit=request.unit, path=path, useful=useful, comment=comment)
    return HttpResponseRedirect(f"{path}?danh-gia=cam-on#danh-gia-trang")


def is_local_page(request, path: str) -> bool:
    """Return whether `path` is a page of this site (a path, not another host)."""
    if not path.startswith("/") or len(path) > 500:
        return False
    if not url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        return False
    try:
        resolve(path)
    except Resolver404:
        return False
    return True
