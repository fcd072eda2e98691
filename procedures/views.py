"""Public administrative-procedure catalogue: the filtered list, the detail, form downloads."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Value
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from anphu_portal.folding import fold
from procedures.models import LEVELS, Procedure, RequiredDocument, download_name
from procedures.models.form_files import CONTENT_TYPES, extension_of

LEVEL_LABELS = {code: label for code, label, _field in LEVELS}
SHORT_SERVICE_LEVELS = {
    "toan-trinh": "Toàn trình",
    "mot-phan": "Một phần",
    "khong": "Không trực tuyến",
}


@dataclass
class Entry:
    """One procedure of the list, read with the columns every filter needs."""

    code: str
    name: str
    sector_slug: str | None
    sector_name: str | None
    levels: list[str]
    service_level: str
    matches_query: bool
    agencies: set[str] = field(default_factory=set)

    def get_absolute_url(self):
        return reverse("procedures:detail", args=[self.code])

    def level_labels(self):
        return [LEVEL_LABELS[code] for code in self.levels]

    def service_level_label(self):
        return SHORT_SERVICE_LEVELS[self.service_level]


@lru_cache(maxsize=20_000)
def sort_key(name: str) -> str:
    """Return the name folded for alphabetical order (Đ with D); names rarely change."""
    return fold(name)


def load_entries(query: str) -> tuple[list[Entry], dict[str, str], dict[str, str]]:
    """Return every active procedure, marked when it matches the query, in one query.

    All of them are read so that every sector and agency is a known filter value, even
    when none of its procedures matches the words typed.
    """
    procedures = Procedure.objects.active().order_by()
    if query:
        matching = Procedure.objects.search(query).filter(pk=OuterRef("pk"))
        procedures = procedures.annotate(matches_query=Exists(matching))
    else:
        procedures = procedures.annotate(matches_query=Value(True))
    rows = procedures.values_list(
        "code",
        "name",
        "sector__slug",
        "sector__name",
        "at_province",
        "at_district",
        "at_commune",
        "service_level",
        "matches_query",
        "agencies__slug",
        "agencies__name",
    )
    entries: dict[str, Entry] = {}
    sectors: dict[str, str] = {}
    agencies: dict[str, str] = {}
    for code, name, s_slug, s_name, *levels, service, matches, a_slug, a_name in rows:
        if code not in entries:
            level_codes = [lvl for (lvl, _l, _f), on in zip(LEVELS, levels, strict=True) if on]
            entries[code] = Entry(code, name, s_slug, s_name, level_codes, service, matches)
        if s_slug:
            sectors[s_slug] = s_name
        if a_slug:
            agencies[a_slug] = a_name
            entries[code].agencies.add(a_slug)
    ordered = sorted(entries.values(), key=lambda entry: (sort_key(entry.name), entry.code))
    return ordered, sectors, agencies


@dataclass
class Facet:
    """One filter of the list: its URL parameter, label, options and counts."""

    param: str
    label: str
    values: Callable[[Entry], set]
    options: list[tuple[str, str]]
    selected: str = ""
    counts: Counter = field(default_factory=Counter)

    def choices(self):
        """Return (value, label, count, selected) for the options worth showing."""
        return [
            (value, label, self.counts[value], value == self.selected)
            for value, label in self.options
            if self.counts[value] or value == self.selected
        ]


def by_label(names: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(names.items(), key=lambda item: sort_key(item[1]))


def build_facets(params, sectors: dict, agencies: dict) -> list[Facet]:
    """Return the four filters with the valid values chosen in the URL; others are ignored."""
    facets = [
        Facet("linh-vuc", "Lĩnh vực", lambda e: {e.sector_slug}, by_label(sectors)),
        Facet("cap", "Cấp thực hiện", lambda e: set(e.levels), list(LEVEL_LABELS.items())),
        Facet(
            "muc-do",
            "Mức độ dịch vụ công trực tuyến",
            lambda e: {e.service_level},
            list(SHORT_SERVICE_LEVELS.items()),
        ),
        Facet("co-quan", "Cơ quan thực hiện", lambda e: e.agencies, by_label(agencies)),
    ]
    for facet in facets:
        value = params.get(facet.param, "")
        if value in dict(facet.options):
            facet.selected = value
    return facets


def apply_facets(entries: list[Entry], facets: list[Facet]) -> list[Entry]:
    """Count each filter's values under the other filters, and return the filtered entries."""

    def matches(entry, skip=None):
        return entry.matches_query and all(
            facet.selected in facet.values(entry)
            for facet in facets
            if facet.selected and facet is not skip
        )

    for facet in facets:
        facet.counts = Counter(
            value for entry in entries if matches(entry, facet) for value in facet.values(entry)
        )
    return [entry for entry in entries if matches(entry)]


class ProcedureListView(TemplateView):
    """List the active procedures with search, filters and counts, 20 per page."""

    template_name = "procedures/procedure_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        query = params.get("q", "")[:200].replace("\x00", "").strip()
        entries, sectors, agencies = load_entries(query)
        facets = build_facets(params, sectors, agencies)
        results = apply_facets(entries, facets)
        page_obj = Paginator(results, self.paginate_by).get_page(params.get("page"))
        context.update(
            query=query,
            facets=facets,
            filtered=bool(query or any(facet.selected for facet in facets)),
            result_count=len(results),
            page_obj=page_obj,
            procedures=page_obj.object_list,
        )
        return context


class ProcedureDetailView(DetailView):
    """Show every non-empty section of one procedure, in the national database's order."""

    template_name = "procedures/procedure_detail.html"
    context_object_name = "procedure"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Procedure.objects.for_detail_page()


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
    try:
        handle = document.form_file.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp mẫu đơn.") from None
    extension = extension_of(document.form_file.name)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document.form_name or document.name, document.form_file.name),
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
