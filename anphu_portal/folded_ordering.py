"""Alphabetical order of admin lists with Vietnamese accents folded, on SQLite and PostgreSQL.

Byte order puts "Chuyển" before "Cấp" (h sorts before ấ); the public pages sort by the
folded name. Models with a stored folded text order by it; the short lists without one
(sectors, agencies, roles) get their rank computed here.
"""

from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import Case, IntegerField, Value, When

from anphu_portal.folding import fold

FOLDED_RANK = "folded_rank"


class FoldedChangeList(ChangeList):
    """A change list ordered by the folded rank unless a column header was clicked."""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return [FOLDED_RANK, "-pk"]


class FoldedNameOrderingMixin:
    """Order a short `ModelAdmin` list by the folded value of `folded_name_field`.

    The admin's own `ordering` stays a plain field: Django also uses it for the choices of
    other models' forms, where the rank does not exist.
    """

    folded_name_field = "name"

    def get_changelist(self, request, **kwargs):
        return FoldedChangeList

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        rows = queryset.model._default_manager.values_list("pk", self.folded_name_field)
        ranked = sorted(rows, key=lambda row: (fold(row[1]), row[0]))
        rank = Case(
            *(When(pk=pk, then=Value(position)) for position, (pk, _) in enumerate(ranked)),
            default=Value(len(ranked)),
            output_field=IntegerField(),
        )
        return queryset.annotate(**{FOLDED_RANK: rank})
