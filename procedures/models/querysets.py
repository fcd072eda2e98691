"""How pages select procedures: the public filters, their counts, the columns pages show."""

import re

from django.apps import apps
from django.db import models
from django.db.models import Aggregate, Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import JSONObject

from anphu_portal.caching import cached_by_sections, per_request
from anphu_portal.current_unit import current_unit
from anphu_portal.matching import filter_by_words

CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,59}$"
# The catalogue's order. search_text starts with the folded name: Đ sorts with D, accents
# do not matter.
LIST_ORDER = ("search_text", "code")

# Filter name -> the columns of its value and label, for counting procedures per value.
FACET_COLUMNS = {
    "sector": ("sectors__slug", "sectors__name"),
    "level": ("levels__slug", "levels__name"),
    "service_level": ("service_level", None),
    "agency": ("agencies__slug", "agencies__name"),
}


class JSONArrayAgg(Aggregate):
    """Collect the grouped values in a JSON array (JSON_GROUP_ARRAY / JSONB_AGG)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def related_rows(rows: models.QuerySet, **columns) -> Subquery:
    """Return the rows of the outer procedure as one JSON list, to read them in its query."""
    rows = (
        rows.filter(procedure=OuterRef("pk"))
        .order_by()
        .values("procedure")
        .annotate(rows=JSONArrayAgg(JSONObject(**columns)))
        .values("rows")
    )
    return Subquery(rows, output_field=models.JSONField())


def chosen_scope(unit) -> tuple[list[int], list[int]]:
    """Return the ids of the levels and of the agencies the unit chose, in one query."""
    scope = apps.get_model("procedures", "UnitProcedureScope")
    levels = scope.levels.through.objects.filter(unitprocedurescope__unit=unit)
    agencies = scope.agencies.through.objects.filter(unitprocedurescope__unit=unit)
    rows = levels.values_list(Value("level"), "level_id").union(
        agencies.values_list(Value("agency"), "agency_id"), all=True
    )
    chosen = {"level": [], "agency": []}
    for kind, pk in rows:
        chosen[kind].append(pk)
    return chosen["level"], chosen["agency"]


def kept_scope(unit) -> tuple[list[int], list[int]]:
    """Return chosen_scope(unit), for the unit being served kept until its choice changes.

    Building and running the query takes 0.5 ms of CPU a page, reading it from the cache
    0.06 ms (bench database, in process). An edit of the unit's choice bumps its
    procedures section (ProceduresConfig.ready), as for the list's counts.
    """
    serving = current_unit()
    if serving is None or serving.pk != getattr(unit, "pk", unit):
        return chosen_scope(unit)
    return cached_by_sections(
        "procedure-scope", lambda: chosen_scope(unit), sections=("procedures",)
    )


class ProcedureQuerySet(models.QuerySet):
    def active(self):
        """Return the procedures shown to the public."""
        return self.filter(active=True)

    def for_unit(self, unit):
        """Return the procedures a unit shows: those of its chosen levels and agencies.

        A unit that chose none shows the whole catalogue. The choice is read once per
        request, so most units' pages carry no subquery at all: with the choice as
        subqueries, the list page's counts took 60 ms to build and run instead of 18
        (bench/bench_scale.py data, 2,000 procedures).
        """
        key = f"procedure-scope:{getattr(unit, 'pk', unit)}"
        levels, agencies = per_request(key, lambda: kept_scope(unit))
        shown = self
        if levels:
            by_level = self.model.levels.through.objects.filter(level__in=levels)
            shown = shown.filter(pk__in=by_level.values("procedure_id"))
        if agencies:
            by_agency = self.model.agencies.through.objects.filter(agency__in=agencies)
            shown = shown.filter(pk__in=by_agency.values("procedure_id"))
        return shown

    def search(self, query: str | None):
        """Return the procedures matching every word of the query, or its exact code."""
        code = (query or "").strip()[:60]
        matches = filter_by_words(self, query)
        if code and re.match(CODE_PATTERN, code):
            matches = matches | self.filter(code__iexact=code)
        return matches

    def in_sector(self, slug: str):
        """Return the procedures of the sector with this slug (one of their sectors)."""
        return self.filter(sectors__slug=slug)

    def at_level(self, slug: str):
        """Return the procedures carried out at the level with this URL value."""
        return self.filter(levels__slug=slug)

    def with_service_level(self, service_level: str):
        """Return the procedures offered online at this service level."""
        return self.filter(service_level=service_level)

    def carried_out_by(self, slug: str):
        """Return the procedures that the agency with this slug carries out."""
        return self.filter(agencies__slug=slug)

    def filtered(self, *, query="", sector="", level="", service_level="", agency=""):
        """Return the procedures matching every filter given; empty filters are left out."""
        procedures = self.search(query) if query else self
        if sector:
            procedures = procedures.in_sector(sector)
        if level:
            procedures = procedures.at_level(level)
        if service_level:
            procedures = procedures.with_service_level(service_level)
        if agency:
            procedures = procedures.carried_out_by(agency)
        return procedures

    def facet_counts(self, **filters) -> list[dict]:
        """Count, for every value of each filter, the procedures matching the other filters.

        Each value met in this queryset comes back, with a count of 0 when the other
        filters leave none of its procedures: a chosen value stays a known one. Rows are
        {"facet", "value", "label", "count"}, the four filters in one query (UNION ALL),
        so that the list page keeps within its budget of six queries with the layout's.
        """
        parts = []
        for name, (value, label) in FACET_COLUMNS.items():
            others = {key: chosen for key, chosen in filters.items() if key != name and chosen}
            # One joined row per procedure and value (the links are unique): no DISTINCT.
            matching = Q(pk__in=self.filtered(**others).values("pk")) if others else None
            parts.append(
                self.order_by()
                .values(facet=Value(name), value=F(value), label=F(label) if label else Value(""))
                .annotate(count=Count("pk", filter=matching))
            )
        return list(parts[0].union(*parts[1:], all=True))

    def with_sector_rows(self):
        """Annotate sector_rows (slug, name) in the same query as the procedure."""
        through = self.model.sectors.through.objects
        return self.annotate(
            sector_rows=related_rows(through, slug="sector__slug", name="sector__name")
        )

    def with_level_rows(self):
        """Annotate level_rows (slug, name, position) in the same query as the procedure."""
        through = self.model.levels.through.objects
        columns = {"slug": "level__slug", "name": "level__name", "position": "level__position"}
        return self.annotate(level_rows=related_rows(through, **columns))

    def with_agency_rows(self):
        """Annotate agency_rows (name, position) in the same query as the procedure."""
        links = self.model.agency_links.rel.related_model.objects
        columns = {"pk": "pk", "position": "position", "name": "agency__name"}
        return self.annotate(agency_rows=related_rows(links, **columns))

    def with_legal_basis_rows(self):
        """Annotate legal_basis_rows (a JSON list) in the same query as the procedure."""
        bases = self.model.legal_bases.rel.related_model.objects
        columns = {
            name: name for name in ("pk", "position", "number", "title", "issued_on", "issuer")
        }
        return self.annotate(legal_basis_rows=related_rows(bases, **columns))

    def for_list_page(self):
        """Return the procedures with the columns a list item shows, in one query."""
        return self.with_sector_rows().with_level_rows().order_by(*LIST_ORDER)

    def for_detail_page(self):
        """Return active procedures with everything the detail page shows, in three queries."""
        return (
            self.active()
            .with_sector_rows()
            .with_level_rows()
            .with_agency_rows()
            .with_legal_basis_rows()
            .prefetch_related("channels", "documents")
        )
