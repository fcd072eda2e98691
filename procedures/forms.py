"""Forms of the procedures app: the public list's filters, the admin import upload."""

from dataclasses import dataclass
from functools import lru_cache

from django import forms

from anphu_portal.caching import cached_by_sections
from anphu_portal.folding import fold
from procedures.models import SHORT_SERVICE_LEVELS, NationalLevel, ProcedureQuerySet

MAX_IMPORT_BYTES = 20 * 1024 * 1024
FILTERS = ["query", "sector", "level", "service_level", "agency"]
# Filter -> its URL parameter, kept from the first version of the catalogue's links.
PARAMS = {
    "query": "q",
    "sector": "linh-vuc",
    "level": "cap",
    "service_level": "muc-do",
    "agency": "co-quan",
}


@lru_cache(maxsize=20_000)
def sort_key(name: str) -> str:
    """Return the name folded for alphabetical order (Đ with D); names rarely change."""
    return fold(name)


@dataclass
class Facet:
    """One filter of the list as shown: its URL parameter, label and (value, label, count)."""

    param: str
    label: str
    options: list[tuple[str, str, int]]
    selected: str

    def choices(self):
        """Return (value, label, count, selected) for the options worth showing."""
        return [
            (value, label, count, value == self.selected)
            for value, label, count in self.options
            if count or value == self.selected
        ]


class ProcedureFilterForm(forms.Form):
    """The catalogue's search and filters, read from the URL; unknown values are ignored."""

    query = forms.CharField(label="Tên hoặc mã thủ tục (có dấu hoặc không dấu)", required=False)
    sector = forms.SlugField(label="Lĩnh vực", required=False, max_length=120)
    level = forms.ChoiceField(label="Cấp thực hiện", required=False, choices=NationalLevel.choices)
    service_level = forms.ChoiceField(
        label="Mức độ dịch vụ công trực tuyến",
        required=False,
        # "Chưa có thông tin" is no filter a citizen would choose.
        choices=[(value, label) for value, label in SHORT_SERVICE_LEVELS.items() if value],
    )
    agency = forms.SlugField(label="Cơ quan thực hiện", required=False, max_length=120)

    def add_prefix(self, field_name):
        return PARAMS.get(field_name, field_name)

    def clean_query(self):
        return self.cleaned_data["query"][:200].strip()

    def filters(self) -> dict[str, str]:
        """Return the well-formed filters of the URL (the others are left empty)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in FILTERS}

    def count(self, procedures: ProcedureQuerySet) -> tuple[dict[str, str], list[Facet], int]:
        """Return the filters known to the catalogue, the facets and the number of results.

        A sector or agency that no procedure has is ignored, like any bad value: the
        counts are made again without it, which only a stale or mistyped link costs.
        """
        filters = self.filters()
        rows = facet_counts(procedures, filters)
        known = {(row["facet"], row["value"]) for row in rows}
        unknown = [name for name in ("sector", "agency") if (name, filters[name]) not in known]
        if any(filters[name] for name in unknown):
            filters.update({name: "" for name in unknown})
            rows = facet_counts(procedures, filters)
        return filters, self.facets(rows, filters), self.total(rows, filters)

    def facets(self, rows: list[dict], filters: dict[str, str]) -> list[Facet]:
        """Return the four facets: sectors and agencies by name, levels in the national order."""
        found = {name: {} for name in FILTERS}
        for row in rows:
            if row["value"] is not None:
                found[row["facet"]][row["value"]] = (row["label"], row["count"])
        by_name = {
            name: sorted(found[name], key=lambda value, name=name: sort_key(found[name][value][0]))
            for name in ("sector", "agency")
        }
        values = {
            "sector": by_name["sector"],
            "level": NationalLevel.values,
            "service_level": [value for value in SHORT_SERVICE_LEVELS if value],
            "agency": by_name["agency"],
        }
        return [
            Facet(
                param=PARAMS[name],
                label=self.fields[name].label,
                options=[self.option(found[name], name, value) for value in values[name]],
                selected=filters[name],
            )
            for name in values
        ]

    @staticmethod
    def option(found: dict, name: str, value: str) -> tuple[str, str, int]:
        """Return (value, label, count); a level or service level no procedure has counts 0."""
        label, count = found.get(value, ("", 0))
        fixed_labels = {"level": dict(NationalLevel.choices), "service_level": SHORT_SERVICE_LEVELS}
        return value, label or fixed_labels.get(name, {}).get(value, value), count

    @staticmethod
    def total(rows: list[dict], filters: dict[str, str]) -> int:
        """Return the number of results: each procedure has exactly one service level."""
        return sum(
            row["count"]
            for row in rows
            if row["facet"] == "service_level" and filters["service_level"] in ("", row["value"])
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp thủ tục",
        help_text="Tệp .json (gói tin CSDL quốc gia về TTHC), .xlsx hoặc .csv (UTF-8), tối đa 20 MB.",
    )
    dry_run = forms.BooleanField(
        label="Chạy thử (chỉ báo cáo, không ghi vào cơ sở dữ liệu)",
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 20 MB; hãy tách thành nhiều tệp nhỏ hơn.")
        return upload


def facet_counts(procedures: ProcedureQuerySet, filters: dict[str, str]) -> list[dict]:
    """Return procedures.facet_counts(), kept per choice of filters until the catalogue or
    the unit's choice of procedures changes; counted each time when a query is typed."""
    if filters["query"]:
        return procedures.facet_counts(**filters)
    chosen = sorted((name, value) for name, value in filters.items() if value)
    return cached_by_sections(
        "procedure-facets",
        lambda: procedures.facet_counts(**filters),
        *chosen,
        sections=("procedures",),
    )
