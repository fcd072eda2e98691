"""Public pages of the documents app: the filtered list, drafts, a document, its files."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from anphu_portal.antispam import consume_limit
from anphu_portal.caching import prefetch_page, versioned_key
from anphu_portal.middleware import client_ip
from anphu_portal.public_files import public_file_response
from anphu_portal.search import KnownCountPaginator
from anphu_portal.slugs import ascii_slug
from anphu_portal.templatetags.portal_tags import parameters_besides_page, requested_page
from documents.forms import PARAMS, DocumentFilterForm, DraftCommentForm, apply_filters, facets
from documents.listing import list_rows
from documents.models import Attachment, Disclosure, Document, DocumentRelation


class DocumentListView(ListView):
    """List the unit's issued documents, newest first, with search, filters and counts."""

    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.filters = DocumentFilterForm(request.GET).filters()
        if not self.filters["query"]:
            # The kept counts, this page's kept list and the layout's fragments: at once.
            chosen = sorted((name, value) for name, value in self.filters.items() if value)
            list_key = (parameters_besides_page(request), requested_page(request))
            prefetch_page(
                request,
                [
                    versioned_key("document-filters", *chosen, sections=("documents",)),
                    versioned_key("document-list", *list_key, sections=("documents",)),
                ],
            )
        self.shown = Document.objects.for_unit(request.unit).issued()
        self.facets, self.result_count = facets(self.shown, self.filters, request.unit)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return apply_filters(self.shown, self.filters).order_by("-issued_on", "-pk")

    def paginate_queryset(self, queryset, page_size):
        """Paginate with the facets' count; a bad page number shows the nearest page."""
        paginator = KnownCountPaginator(queryset, page_size, count=self.result_count)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = []
        if paginator.count:
            # Pick the page's rows by key first, from the index: the rows OFFSET skips are
            # then never joined to their type, issuer and field, nor given a status.
            # Read only when the page's list is rendered: without a search, the template
            # keeps its HTML (the rows with it) until the documents change, the day ends
            # or the next scheduled document is published.
            keys = queryset.values("pk")[page.start_index() - 1 : page.end_index()]
            page.object_list = SimpleLazyObject(
                lambda: list_rows(
                    Document.objects.filter(pk__in=keys).order_by("-issued_on", "-pk")
                )
            )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        disclosure = self.filters["disclosure"]
        return super().get_context_data(
            # The kept list varies on the filters and on what the pagination's links keep.
            list_key=parameters_besides_page(self.request),
            query=self.filters["query"],
            facets=self.facets,
            filtered=any(self.filters.values()),
            disclosure_label=Disclosure(disclosure).label if disclosure else "",
            disclosure_sections=[
                (value, label, value == disclosure) for value, label in Disclosure.choices
            ],
            disclosure_param=PARAMS["disclosure"],
            disclosure_value=disclosure,
            **kwargs,
        )


class DraftListView(TemplateView):
    """List the drafts open for comment, then those whose period has ended."""

    template_name = "documents/draft_list.html"

    def get_context_data(self, **kwargs):
        drafts = (
            Document.objects.for_unit(self.request.unit)
            .drafts()
            .select_related("document_type", "issuer")
            .defer("body", "search_text")
        )
        return super().get_context_data(
            open_drafts=list(drafts.comment_open().order_by("comment_closes_on", "-pk")),
            closed_drafts=list(drafts.comment_closed().order_by("-comment_closes_on", "-pk")[:50]),
            **kwargs,
        )


def detail_queryset(unit):
    """Return the published documents with all a detail page shows, in a fixed number of queries."""
    published = Document.objects.published().filter(is_draft=False)
    return (
        Document.objects.for_unit(unit)
        .published()
        .select_related("document_type", "issuer", "field")
        .defer("search_text")
        .with_status()
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.defer("text")),
            Prefetch(
                "outgoing_relations",
                queryset=DocumentRelation.objects.filter(target__in=published)
                .select_related("target", "target__document_type")
                .order_by("kind", "pk"),
            ),
            Prefetch(
                "incoming_relations",
                queryset=DocumentRelation.objects.filter(source__in=published)
                .select_related("source", "source__document_type")
                .order_by("kind", "pk"),
            ),
        )
    )


class DocumentDetailView(DetailView):
    """Show one document: metadata table, relations both ways, files; a draft's comments."""

    template_name = "documents/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return detail_queryset(self.request.unit)

    def get_context_data(self, **kwargs):
        document = self.object
        context = {"comment_open": document.comment_is_open()}
        if document.is_draft:
            context["approved_comments"] = list(
                document.comments.approved().only("name", "show_name", "content", "created_at")
            )
            if context["comment_open"]:
                context["form"] = kwargs.pop("form", None) or DraftCommentForm()
        return super().get_context_data(**context, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        """Keep a page carrying the comment form (its CSRF token, its start time) out of caches."""
        response = super().render_to_response(context, **response_kwargs)
        if context.get("comment_open"):
            add_never_cache_headers(response)
        return response

    def post(self, request, *args, **kwargs):
        """Take a comment on an open draft, within the limits per address and per contact."""
        self.object = document = self.get_object()
        if not document.comment_is_open():
            messages.error(request, "Dự thảo này không còn nhận góp ý.")
            return redirect(document.get_absolute_url())
        form = DraftCommentForm(request.POST, request.FILES)
        if form.is_valid() and self.within_limits(form):
            comment = form.save(commit=False)
            comment.document = document
            comment.save()
            return redirect("documents:comment_sent", slug=document.slug)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response

    def within_limits(self, form) -> bool:
        """Use a place of the hourly limits; add a Vietnamese error to the form when none is left."""
        hour = timedelta(hours=1)
        by_ip = consume_limit(
            scope="documents-comment-ip",
            key=client_ip(self.request) or "unknown",
            limit=settings.DOCUMENT_COMMENT_LIMIT_PER_IP_HOUR,
            window=hour,
        )
        by_contact = by_ip and consume_limit(
            scope="documents-comment-contact",
            key=form.cleaned_data["contact"],
            limit=settings.DOCUMENT_COMMENT_LIMIT_PER_CONTACT_HOUR,
            window=hour,
        )
        if not by_contact:
            form.add_error(
                None,
                "Đã nhận quá nhiều góp ý từ địa chỉ mạng hoặc thông tin liên hệ này trong một giờ; "
                "vui lòng gửi lại sau ít phút. Nội dung bạn đã nhập vẫn được giữ bên dưới.",
            )
        return by_contact


class CommentThanksView(TemplateView):
    """Confirm in Vietnamese that a comment was received."""

    template_name = "documents/comment_sent.html"

    def get_context_data(self, **kwargs):
        document = get_object_or_404(
            Document.objects.for_unit(self.request.unit).drafts(), slug=kwargs["slug"]
        )
        return super().get_context_data(document=document, **kwargs)


@require_safe
def download_attachment(request, slug: str, pk: int):
    """Send one file of a published document under a readable name."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("document").defer("text"),
        pk=pk,
        document__slug=slug,
        document__in=Document.objects.for_unit(request.unit).published(),
    )
    title = ascii_slug(attachment.title, max_length=60)
    name = f"{attachment.document.slug}-{title}" if title else attachment.document.slug
    extension = attachment.extension
    return public_file_response(attachment.file, filename=f"{name}{extension}", extension=extension)


@require_safe
def download_report(request, slug: str):
    """Send a draft's summary report of the comments, once its period is over."""
    document = get_object_or_404(Document.objects.for_unit(request.unit).drafts(), slug=slug)
    if not document.comment_report or not document.comment_has_closed():
        raise Http404("Chưa có báo cáo tổng hợp ý kiến.")
    extension = "." + document.comment_report.name.rsplit(".", 1)[-1].lower()
    return public_file_response(
        document.comment_report, filename=f"bao-cao-{document.slug}{extension}", extension=extension
    )
