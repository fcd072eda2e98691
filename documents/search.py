"""The documents app's part of the site search, for the registry."""

from django.utils.formats import date_format

from anphu_portal.matching import excerpt, highlight
from anphu_portal.registry import SearchSection
from documents.models import Document
from documents.numbers import query_words


def published_documents(request):
    """Return the documents (drafts included) the public may find."""
    return (
        Document.objects.for_unit(request.unit)
        .published()
        .select_related("document_type", "issuer")
        .defer("body", "search_text")
    )


def describe_document(document, query: str) -> dict:
    """Return a document as a search result: number and type as the title, the summary below."""
    return {
        "title": highlight(f"{document.document_type.name} {document.number}", query),
        "url": document.get_absolute_url(),
        "meta": f"{document.issuer.name} – {date_format(document.issued_on)}",
        "excerpt": excerpt(document.summary, query),
    }


SEARCH_SECTION = SearchSection(
    key="van-ban",
    label="Văn bản",
    position=25,
    queryset=published_documents,
    order=("-issued_on", "-pk"),
    merge_position=20,
    describe=describe_document,
    # 20,000 documents, a quarter with about 20 KB of attachment text: ranking every match
    # by tier read each one's text ("khai sinh": 5,972 rows, 330-580 ms).
    large=True,
    match_query=query_words,
)
