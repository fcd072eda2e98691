"""Word matching, ranking and highlighting shared by every search of the portal."""

import re
import unicodedata

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from anphu_portal.folding import fold, fold_words


def filter_by_words(
    queryset: QuerySet, query: str | None, *, field: str = "search_text"
) -> QuerySet:
    """Return the rows whose folded search text contains every word of the query."""
    for word in fold_words(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def rank_title_matches(
    queryset: QuerySet, query: str | None, *, title_field: str, field: str = "search_text"
) -> QuerySet:
    """Annotate `title_hits`: how many query words fall in the title part of the search text.

    The search text starts with the folded title, so a word found within the title's
    length is a title match.
    """
    queryset = queryset.annotate(title_length=Length(title_field))
    hits = Value(0, output_field=IntegerField())
    for word in fold_words(query):
        position = StrIndex(field, Value(word))
        in_title = Q(GreaterThan(position, 0)) & Q(LessThanOrEqual(position, F("title_length")))
        hits = hits + Case(
            When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    return queryset.annotate(title_hits=hits)


def _folded_characters(text: str) -> list[str]:
    """Fold each character on its own, so positions map back to the original text."""
    folded = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "d"))
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        folded.append(base if len(base) == 1 else (base[:1] or ""))
    return folded


def _match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    chars = _folded_characters(text)
    index = [i for i, c in enumerate(chars) if c]
    haystack = "".join(c for c in chars if c)
    spans = []
    for word in words:
        for match in re.finditer(re.escape(word), haystack):
            start, end = index[match.start()], index[match.end() - 1] + 1
            # Keep the combining marks that follow the last letter inside the mark.
            while end < len(text) and not chars[end]:
                end += 1
            spans.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, query: str | None) -> SafeString:
    """Return text HTML-escaped, with every query word wrapped in <mark>, accents ignored."""
    text = text or ""
    words = fold_words(query)
    pieces, cursor = [], 0
    for start, end in _match_spans(text, words):
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))


def excerpt(text: str | None, query: str | None, *, length: int = 220) -> SafeString:
    """Return a short highlighted passage of text (HTML stripped) around the first match."""
    plain = " ".join(strip_tags(text or "").split())
    spans = _match_spans(plain, fold_words(query))
    start = max(0, spans[0][0] - length // 3) if spans else 0
    if start:
        start = plain.rfind(" ", 0, start) + 1
    passage = plain[start : start + length]
    if start + length < len(plain):
        passage = passage.rsplit(" ", 1)[0] + " …"
    return mark_safe(("… " if start else "") + highlight(passage, query))


__all__ = ["excerpt", "filter_by_words", "fold", "highlight", "rank_title_matches"]
