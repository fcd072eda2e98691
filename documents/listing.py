"""The rows of the public document list, read as plain values rather than as models.

Read as models (each with its type, issuer and field, a reverse() and an include of the
row template a row), the list's first page took 22.5 ms of CPU in process; read as values
into small rows, the address reversed once and the row inline in the page's template,
15.4 ms (bench database, 20,000 documents, the two runs alternated).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from documents.models import DocumentQuerySet, Status

STATUS_LABELS = dict(Status.choices)
# What reverse() leaves unquoted in a URL (django.urls.resolvers).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One document as a list row shows it."""

    url: str
    type_name: str
    number: str
    summary: str
    issuer_name: str
    issued_on: datetime.date
    field_name: str | None
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def detail_urls() -> Callable[[str], str]:
    """Return slug -> the document's address, reversing the URL pattern once, not once a row."""
    marker = "slug"
    prefix, _, suffix = reverse("documents:detail", args=[marker]).rpartition(marker)
    return lambda slug: f"{prefix}{quote(slug, safe=URL_SAFE)}{suffix}"


def list_rows(documents: DocumentQuerySet) -> list[DocumentRow]:
    """Return the documents as list rows, in the queryset's order, in one query."""
    url = detail_urls()
    values = documents.with_status().values_list(
        "slug",
        "document_type__name",
        "number",
        "summary",
        "issuer__name",
        "issued_on",
        "field__name",
        "current_status",
    )
    return [DocumentRow(url(slug), *columns) for slug, *columns in values]
