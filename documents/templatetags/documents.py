"""Template tags of the documents app that other apps' pages use (the procedure page)."""

from django import template

from anphu_portal.current_unit import current_unit
from anphu_portal.folding import fold
from anphu_portal.models import unit_map
from documents.models import Document
from documents.numbers import number_key

register = template.Library()

ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan"}


def issuer_words(name: str) -> str:
    """Return an issuer's name folded, with UBND and HĐND written out."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in fold(name).split())


def same_issuer(basis_issuer: str, document: Document) -> bool:
    """Return whether the basis names the document's issuer ("Ủy ban nhân dân huyện…" too)."""
    named, issuer = issuer_words(basis_issuer), issuer_words(document.issuer.name)
    return bool(named and issuer) and (named == issuer or named.startswith(issuer + " "))


def matching_document(basis, documents: list[Document]):
    """Return the published document a legal basis names by number, issuer and year."""
    if not (basis.issuer or "").strip():
        return None  # A bare number could be any body's document.
    key = number_key(basis.number)
    for document in documents:
        if document.number_key != key or not same_issuer(basis.issuer, document):
            continue
        if basis.issued_on and basis.issued_on.year != document.year:
            continue
        return document
    return None


def document_url(document: Document, unit, scheme: str) -> str:
    """Return the document's address: a path on this unit's host, a full URL on the parent's."""
    if document.unit_id == unit.pk:
        return document.get_absolute_url()
    hosts = sorted(host for host, uid in unit_map()["hosts"].items() if uid == document.unit_id)
    return f"{scheme}://{hosts[0]}{document.get_absolute_url()}" if hosts else ""


@register.simple_tag(takes_context=True)
def linked_legal_bases(context, bases) -> list[tuple[object, str]]:
    """Return (basis, url or "") for each legal basis, in one query for them all.

    A basis links to a published document of this unit or its parent unit whose number
    and issuer match (and year, when the basis gives its date).
    """
    bases = list(bases)
    keys = {number_key(basis.number) for basis in bases if (basis.issuer or "").strip()}
    unit = current_unit()
    if not keys or unit is None:
        return [(basis, "") for basis in bases]
    units = [unit.pk, *([unit.parent_id] if unit.parent_id else [])]
    documents = list(
        Document.objects.published()
        .filter(unit__in=units, number_key__in=keys)
        .select_related("issuer")
        .only("slug", "number_key", "year", "unit", "issuer__name")
        .order_by("-issued_on")
    )
    request = context.get("request")
    scheme = request.scheme if request is not None else "https"
    links = []
    for basis in bases:
        document = matching_document(basis, documents)
        links.append((basis, document_url(document, unit, scheme) if document else ""))
    return links
