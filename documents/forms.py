"""Forms of the documents app: the public list's filters and the comment on a draft."""

from dataclasses import dataclass

from django import forms
from django.db.models import Count

from anphu_portal.antispam import AntiSpamFormMixin
from anphu_portal.caching import cached_by_sections
from anphu_portal.folding import clean_query
from documents.models import (
    Disclosure,
    DocumentQuerySet,
    DocumentType,
    DraftComment,
    Field,
    Issuer,
    Status,
)

# Filter -> its URL parameter.
PARAMS = {
    "query": "q",
    "document_type": "loai",
    "issuer": "co-quan",
    "field": "linh-vuc",
    "year": "nam",
    "status": "tinh-trang",
    "disclosure": "cong-khai",
}


@dataclass
class Facet:
    """One filter as shown: its URL parameter, label, and (value, label, count, selected)."""

    param: str
    label: str
    choices: list[tuple[str, str, int, bool]]


class DocumentFilterForm(forms.Form):
    """The list's search and filters, read from the URL; a value the unit lacks is ignored."""

    query = forms.CharField(required=False)
    document_type = forms.SlugField(required=False, max_length=200)
    issuer = forms.SlugField(required=False, max_length=200)
    field = forms.SlugField(required=False, max_length=200)
    year = forms.IntegerField(required=False, min_value=1945, max_value=2100)
    status = forms.ChoiceField(required=False, choices=Status.choices)
    disclosure = forms.ChoiceField(required=False, choices=Disclosure.choices)

    def add_prefix(self, field_name):
        return PARAMS.get(field_name, field_name)

    def filters(self) -> dict:
        """Return the well-formed filters of the URL (the others are left empty)."""
        self.is_valid()
        cleaned = {name: self.cleaned_data.get(name) or "" for name in PARAMS}
        cleaned["query"] = clean_query(cleaned["query"])
        return cleaned


def apply_filters(
    documents: DocumentQuerySet, filters: dict, *, skip: str | tuple[str, ...] = ""
) -> DocumentQuerySet:
    """Return the documents that meet every filter but those in `skip` (counted as facets)."""
    skipped = (skip,) if isinstance(skip, str) else skip
    lookups = {
        "document_type": "document_type__slug",
        "issuer": "issuer__slug",
        "field": "field__slug",
        "year": "year",
        "disclosure": "document_type__disclosure",
    }
    for name, lookup in lookups.items():
        if filters.get(name) and name not in skipped:
            documents = documents.filter(**{lookup: filters[name]})
    if filters.get("query"):
        documents = documents.search(filters["query"])
    if filters.get("status") and "status" not in skipped:
        documents = documents.with_status_in(filters["status"])
    return documents


# The filters shown with counts, in the order of a row of facet_rows().
FACETED = ("document_type", "issuer", "field", "year", "status")


def facet_rows(documents: DocumentQuerySet, filters: dict) -> list[tuple]:
    """Count the documents per combination of the five faceted values.

    Two queries instead of one per filter and one for the page count: every count reads
    all the unit's documents (at 20,000 documents six passes took 60 ms). The first counts
    the combinations of type, issuer, field and year from the index alone; the second
    computes the status of the few documents that may not be in force (computing it for
    all took 25-60 ms). The combinations are few, so adding them up later is cheap.
    """
    shown = apply_filters(documents, filters, skip=FACETED).order_by()
    keys = ("document_type_id", "issuer_id", "field_id", "year")
    totals = shown.values_list(*keys).annotate(n=Count("pk"))
    others = (
        shown.maybe_not_in_force()
        .with_status()
        .values_list(*keys, "current_status")
        .annotate(n=Count("pk"))
    )
    ended = {}
    for *combination, status, n in others:
        ended.setdefault(tuple(combination), []).append((status, n))
    rows = []
    for *combination, total in totals:
        statuses = ended.get(tuple(combination), [])
        in_force = total - sum(n for status, n in statuses if status != Status.IN_FORCE)
        statuses = [(s, n) for s, n in statuses if s != Status.IN_FORCE] + [
            (Status.IN_FORCE, in_force)
        ]
        rows += [(*combination, status, n) for status, n in statuses if n]
    return rows


def chosen_values(filters: dict, entries: dict) -> tuple:
    """Return, per faceted filter, the value a row must hold (None: no filter; 0: none can)."""
    chosen = []
    for name in FACETED:
        value = filters[name]
        if not value:
            chosen.append(None)
        elif name in entries:
            by_slug = {entry.slug: entry.pk for entry in entries[name]}
            chosen.append(by_slug.get(value, 0))
        else:
            chosen.append(value)
    return tuple(chosen)


def count_by(rows: list[tuple], chosen: tuple, position: int) -> dict:
    """Add up the rows per value at `position`, among rows meeting the other filters."""
    counts = {}
    for row in rows:
        if all(value is None or row[i] == value for i, value in enumerate(chosen) if i != position):
            counts[row[position]] = counts.get(row[position], 0) + row[-1]
    return counts


def matching_count(rows: list[tuple], chosen: tuple) -> int:
    """Return how many documents meet every filter, from the combination counts."""
    return sum(
        row[-1]
        for row in rows
        if all(value is None or row[i] == value for i, value in enumerate(chosen))
    )


def facets(documents: DocumentQuerySet, filters: dict, unit) -> tuple[list[Facet], int]:
    """Return the five filters with their counts, each counted under the other filters,
    and the number of documents meeting every filter.

    Without a query they are kept per choice of filters until the unit's documents change
    (or midnight, when a document's status may change, or the next scheduled publication);
    a query is counted each time.
    """
    if filters.get("query"):
        return count_facets(documents, filters, unit)
    chosen = sorted((name, value) for name, value in filters.items() if value)
    return cached_by_sections(
        "document-filters",
        lambda: count_facets(documents, filters, unit),
        *chosen,
        sections=("documents",),
        daily=True,
        scheduled=True,
    )


def count_facets(documents: DocumentQuerySet, filters: dict, unit) -> tuple[list[Facet], int]:
    lists = [
        ("document_type", "Loại văn bản", DocumentType),
        ("issuer", "Cơ quan ban hành", Issuer),
        ("field", "Lĩnh vực", Field),
    ]
    entries = {
        name: list(model.objects.for_unit(unit).order_by("position", "name"))
        for name, _label, model in lists
    }
    rows = facet_rows(documents, filters)
    chosen = chosen_values(filters, entries)
    shown = []
    for position, (name, label, _model) in enumerate(lists):
        counts = count_by(rows, chosen, position)
        choices = [
            (entry.slug, entry.name, counts[entry.pk], entry.slug == filters[name])
            for entry in entries[name]
            if entry.pk in counts
        ]
        shown.append(Facet(PARAMS[name], label, choices))
    years = count_by(rows, chosen, FACETED.index("year"))
    shown.append(
        Facet(
            PARAMS["year"],
            "Năm ban hành",
            [
                (str(year), str(year), n, year == filters["year"])
                for year, n in sorted(years.items(), reverse=True)
            ],
        )
    )
    statuses = count_by(rows, chosen, FACETED.index("status"))
    shown.append(
        Facet(
            PARAMS["status"],
            "Tình trạng hiệu lực",
            [
                (value, label, statuses[value], value == filters["status"])
                for value, label in Status.choices
                if value in statuses
            ],
        )
    )
    return shown, matching_count(rows, chosen)


class DraftCommentForm(AntiSpamFormMixin, forms.ModelForm):
    """A citizen's comment on an open draft."""

    min_fill_seconds = 5

    consent = forms.BooleanField(
        label="Tôi đồng ý cho cơ quan sử dụng họ tên và thông tin liên hệ ở trên để xem xét, "
        "trả lời góp ý này (thông tin liên hệ không bao giờ được công khai).",
        error_messages={"required": "Cần đánh dấu đồng ý thì mới gửi được góp ý."},
    )

    class Meta:
        model = DraftComment
        fields = ["name", "contact", "content", "attachment", "show_name", "consent"]
        labels = {
            "show_name": "Hiện tên tôi cùng góp ý khi được duyệt (nếu không, ghi “Người dân”)",
            "attachment": "Tệp kèm theo (không bắt buộc; PDF, DOC, DOCX, tối đa 10 MB)",
        }
        widgets = {
            "content": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact": forms.TextInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "name": {"required": "Vui lòng nhập họ và tên."},
            "contact": {
                "required": "Vui lòng nhập thư điện tử hoặc số điện thoại để cơ quan liên hệ khi cần."
            },
            "content": {"required": "Vui lòng nhập nội dung góp ý."},
        }

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        digits = "".join(ch for ch in contact if ch.isdigit())
        if "@" in contact:
            try:
                forms.EmailField().clean(contact)
            except forms.ValidationError:
                raise forms.ValidationError(
                    "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@gmail.com."
                ) from None
            return contact.lower()
        if not 9 <= len(digits) <= 12:
            raise forms.ValidationError(
                "Nhập một địa chỉ thư điện tử hoặc một số điện thoại (9 đến 12 chữ số)."
            )
        return digits

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if len(content) > 5000:
            raise forms.ValidationError(
                "Nội dung góp ý dài quá 5.000 ký tự; hãy gửi phần còn lại trong tệp kèm theo."
            )
        return content
