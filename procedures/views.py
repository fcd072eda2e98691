"""Public administrative-procedure catalogue: the filtered list, the detail, form downloads."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from anphu_portal.caching import cached_by_sections, prefetch_page, versioned_key
from anphu_portal.public_files import public_file_response
from anphu_portal.search import KnownCountPaginator
from anphu_portal.templatetags.portal_tags import parameters_besides_page, requested_page
from procedures.form_files import CONTENT_TYPES, download_name, extension_of
from procedures.forms import ProcedureFilterForm
from procedures.listing import list_rows
from procedures.models import LIST_ORDER, Procedure, RequiredDocument, UnitProcedureDetail

# The section this app's kept fragments belong to (with the catalogue it shows).
SECTIONS = ("procedures",)


class ProcedureListView(ListView):
    """List the active procedures with search, filters and counts, 20 per page."""

    template_name = "procedures/procedure_list.html"
    context_object_name = "procedures"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.form = ProcedureFilterForm(request.GET)
        filters = self.form.filters()
        if not filters["query"]:
            # The unit's scope, the counts, this page's kept list and the layout: at once.
            chosen = sorted((name, value) for name, value in filters.items() if value)
            list_key = (parameters_besides_page(request), requested_page(request))
            prefetch_page(
                request,
                [
                    versioned_key("procedure-scope", sections=SECTIONS),
                    versioned_key("procedure-facets", *chosen, sections=SECTIONS),
                    versioned_key("procedure-list", *list_key, sections=SECTIONS),
                ],
            )
        shown = Procedure.objects.active().for_unit(request.unit)
        self.filters, self.facets, self.result_count = self.form.count(shown)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        shown = Procedure.objects.active().for_unit(self.request.unit)
        return shown.filtered(**self.filters).order_by(*LIST_ORDER)

    def paginate_queryset(self, queryset, page_size):
        """Paginate with the count the facets gave; a bad page number shows the nearest page."""
        paginator = KnownCountPaginator(queryset, page_size, count=self.result_count)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = []
        if paginator.count:
            # Pick the page's rows by key first: the rows OFFSET skips are then never given
            # their sector and level columns (page 50 of 2,000 procedures: 45 ms -> 12 ms).
            keys = queryset.values("pk")[page.start_index() - 1 : page.end_index()]
            chosen = Procedure.objects.filter(pk__in=keys).order_by(*LIST_ORDER)
            # Read only where the template shows them: without a query, the list is a
            # cached fragment of the procedures section.
            page.object_list = SimpleLazyObject(lambda: list_rows(chosen))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # The cached list varies on the filters and on what the pagination's links keep.
            list_key=parameters_besides_page(self.request),
            query=self.filters["query"],
            facets=self.facets,
            filtered=any(self.filters.values()),
            result_count=self.result_count,
            **kwargs,
        )


class ProcedureDetailView(DetailView):
    """Show every non-empty section of one procedure, in the national database's order."""

    template_name = "procedures/procedure_detail.html"
    context_object_name = "procedure"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Procedure.objects.for_unit(self.request.unit).for_detail_page()

    def get_object(self, queryset=None):
        """Return the procedure with all its rows, kept per version of the unit's procedures.

        Its four queries (the procedure with its sectors, levels, agencies and legal basis;
        its channels; its documents; the unit's office) took about 7 ms of the page's 16 ms
        of CPU (bench/cpu_pages.py); a page rebuilt after another section's edit reads them
        from the cache instead.
        """
        code = self.kwargs[self.slug_url_kwarg]
        prefetch_page(
            self.request,
            [
                versioned_key("procedure", code, sections=SECTIONS),
                versioned_key("procedure-office", sections=SECTIONS),
            ],
        )
        procedure = cached_by_sections(
            "procedure",
            lambda: self.get_queryset().filter(code=code).first(),
            code,
            sections=("procedures",),
        )
        if procedure is None:
            raise Http404("Không có thủ tục hành chính này.")
        return procedure

    def get_context_data(self, **kwargs):
        """Add the unit's one-stop office and online-submission link."""
        details = cached_by_sections(
            "procedure-office",
            # False, not None, for a unit without them: None is not kept.
            lambda: UnitProcedureDetail.objects.filter(unit=self.request.unit).first() or False,
            sections=("procedures",),
        )
        details = details or None
        return super().get_context_data(unit_details=details, **kwargs)


@require_safe
def download_form(request, code: str, pk: int):
    """Send an uploaded form template as an attachment with a safe ASCII name."""
    document = get_object_or_404(
        RequiredDocument.objects.select_related("procedure"),
        pk=pk,
        procedure__code=code,
        procedure__active=True,
    )
    if not document.form_file:
        raise Http404("Thủ tục này không có tệp mẫu đơn.")
    return public_file_response(
        document.form_file,
        filename=download_name(document.form_name or document.name, document.form_file.name),
        extension=extension_of(document.form_file.name),
        content_types=CONTENT_TYPES,  # the form formats only; anything else as octet-stream
        not_found="Không tìm thấy tệp mẫu đơn.",
    )
