"""Word matching and highlighting shared by every search of the portal.

Text only: this module imports no app, so every app's models may import it.
"""

import functools
import re
import unicodedata

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Least, StrIndex, Substr
from django.db.models.lookups import GreaterThan
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from anphu_portal.folding import clean_query, fold, fold_words

# Separates the folded title from the other folded fields in every search_text.
TITLE_SEPARATOR = " | "


# A trigram index lookup gets slower with every word it must combine; past the longest
# (most selective) few, the other words are checked on the rows it found.
INDEXED_WORDS = 3
# Words shorter than this give the trigram index nothing to look up ("xa", "ca").
TRIGRAM_LENGTH = 3


def filter_by_words(
    queryset: QuerySet,
    query: str | None,
    *,
    field: str = "search_text",
    indexed_words: int = INDEXED_WORDS,
) -> QuerySet:
    """Return the rows whose folded search text contains every word of the query.

    The longest `indexed_words` words (of three letters or more) are LIKE conditions the
    trigram index serves on PostgreSQL; the others are checked on the rows it found.
    """
    words = sorted(fold_words(query), key=len, reverse=True)
    indexed = [word for word in words if len(word) >= TRIGRAM_LENGTH][:indexed_words]
    for word in indexed:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return _filter_by_positions(queryset, [w for w in words if w not in indexed], field)


def filter_by_words_unindexed(
    queryset: QuerySet, query: str | None, *, field: str = "search_text"
) -> QuerySet:
    """Like filter_by_words, in a form the trigram index cannot serve.

    For words found in many rows, walking an index on the order (newest first) and
    stopping after one page beats collecting every match through the trigram index.
    PostgreSQL cannot tell the two cases apart from its statistics, so we choose.
    The condition is one CASE: the longest word is looked for first, and only the rows
    that have it are searched for the others (evaluating every word on every row of a
    walk took twice as long). PostgreSQL guesses such a condition true for half the
    rows, which keeps it walking.
    """
    words = sorted(dict.fromkeys(fold_words(query)), key=len, reverse=True)
    if not words:
        return queryset
    contains = [Q(**{f"{field}__contains": word}) for word in words]
    if len(contains) == 1:
        condition = Case(When(contains[0], then=Value(True)), default=Value(False))
    else:
        rest = contains[1]
        for more in contains[2:]:
            rest &= more
        condition = Case(
            When(contains[0], then=ExpressionWrapper(rest, output_field=BooleanField())),
            default=Value(False),
            output_field=BooleanField(),
        )
    return queryset.filter(condition)


# What a query word must look like to be looked up in a word index: the words of the index
# are cut by PostgreSQL's own parser, which keeps codes such as "1.001234" whole.
PLAIN_WORD = re.compile(r"[a-z0-9]+")


class HasEveryWord(Func):
    """`to_tsvector('simple', field) @@ 'w1' & 'w2'`, which the word index serves."""

    output_field = BooleanField()

    def __init__(self, field: str, words: list[str]):
        super().__init__(F(field))
        self.words = words

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        words = " & ".join(f"'{word}'" for word in self.words)
        return (
            f"to_tsvector('simple'::regconfig, {column}) @@ to_tsquery('simple'::regconfig, %s)",
            [*params, words],
        )


def filter_by_words_in_order(
    queryset: QuerySet, query: str | None, *, probe: int = 400, density: int = 60
) -> QuerySet:
    """Return filter_by_words or its walking form, whichever reads fewer rows for this order.

    A list read a page at a time in the queryset's order (the API's) needs the first
    matches only: for frequent words walking the order's index finds them at once, where
    the trigram index collected every match to sort them (0.8 s for "khai sinh" at 100,000
    articles). The newest `probe` rows tell which: at least one match in `density` rows
    walks. SQLite has no trigram index; both forms read the same there.
    """
    if connections[queryset.db].vendor != "postgresql" or not fold_words(query):
        return filter_by_words(queryset, query)
    head = queryset.model._base_manager.filter(pk__in=queryset.values("pk")[:probe])
    found = filter_by_words_unindexed(head, query).count()
    if found * density >= probe:
        return filter_by_words_unindexed(queryset, query)
    return filter_by_words(queryset, query)


def filter_by_whole_words(
    queryset: QuerySet, query: str | None, *, field: str = "search_text"
) -> QuerySet | None:
    """Return the rows where every query word is a whole word of the text, or None.

    Served by the word index of PostgreSQL (anphu_portal.trigram.AddWordIndex): it holds
    exactly the rows with the words, where the trigram index holds candidates that must
    each be read and checked. Every row it returns contains the words, so it is part of
    what filter_by_words returns; not all of it, as "sin" is in "sinh" but is no word
    of it. (Prefixes, 'sin':*, were tried: short ones such as "ho" or "xa" expand to
    hundreds of words, and the index took 80 ms where whole words took 10.) None where no word index can answer: on SQLite, or for a query word that the
    index cuts differently (punctuation, as in "12/2024/qd-ubnd").
    """
    words = fold_words(query)
    if connections[queryset.db].vendor != "postgresql" or not words:
        return None
    if not all(PLAIN_WORD.fullmatch(word) for word in words):
        return None
    return queryset.filter(HasEveryWord(field, words))


def _filter_by_positions(queryset: QuerySet, words: list[str], field: str) -> QuerySet:
    """Keep rows containing every word, as one condition least(strpos(…), …) > 0.

    One condition, not one per word, so that PostgreSQL does not guess it rare.
    """
    positions = [StrIndex(field, Value(word)) for word in words]
    if not positions:
        return queryset
    first_found = positions[0] if len(positions) == 1 else Least(*positions)
    return queryset.filter(GreaterThan(first_found, 0))


def title_has_every_word(query: str | None, *, field: str = "search_text") -> Q:
    """Return a condition true when every query word falls in the title part of the text.

    Every search text is fold(title) + " | " + fold(the other fields), so the title is the
    text before the first separator. One condition, as in _filter_by_positions.
    """
    title = _title(field)
    positions = [StrIndex(title, Value(word)) for word in fold_words(query)]
    if not positions:
        return Q()
    first_found = positions[0] if len(positions) == 1 else Least(*positions)
    return Q(GreaterThan(first_found, 0))


def _title(field: str):
    """Return the title part of a search text: the text before the first separator."""
    return Substr(field, 1, StrIndex(field, Value(TITLE_SEPARATOR)))


def folded_phrase(query: str | None) -> str:
    """Return the query's folded words joined by single spaces, as they stand in search_text."""
    return " ".join(fold(clean_query(query)).split())


def title_starts_with(query: str | None, *, field: str = "search_text") -> Q:
    """Return a condition true when the title begins with the query (search_text does too)."""
    phrase = folded_phrase(query)
    return Q(**{f"{field}__startswith": phrase}) if phrase else Q()


def title_has_phrase(query: str | None, *, field: str = "search_text") -> Q:
    """Return a condition true when the query, words in order, stands in the title."""
    phrase = folded_phrase(query)
    return Q(GreaterThan(StrIndex(_title(field), Value(phrase)), 0)) if phrase else Q()


def has_phrase(query: str | None, *, field: str = "search_text") -> Q:
    """Return a condition true when the query, words in order, stands anywhere in the text."""
    phrase = folded_phrase(query)
    return Q(**{f"{field}__contains": phrase}) if phrase else Q()


def title_first_columns(query: str | None, *, field: str = "search_text") -> dict:
    """Return what title_first_tier needs of a row, as expressions to annotate.

    The title itself (a few dozen characters) rather than the tier: PostgreSQL does not
    reuse a sub-expression, and the tier as one CASE cut the title out once per word
    (at 100,000 articles, about 10 ms for the 1,000 rows of a frequent query's window).
    """
    phrase = folded_phrase(query)
    return {
        "tier_starts": ExpressionWrapper(
            Q(**{f"{field}__startswith": phrase}), output_field=BooleanField()
        ),
        "tier_title": _title(field),
        "tier_phrase": ExpressionWrapper(
            Q(**{f"{field}__contains": phrase}), output_field=BooleanField()
        ),
    }


def title_first_tier(query: str | None):
    """Return a function giving a row's tier under title_first() from title_first_columns().

    The same tiers as the conditions of title_first(), computed in Python: the title
    starts with the query (0); the phrase in the title (1); every word in it (2); the
    phrase anywhere (3); the rest (4).
    """
    words, phrase = fold_words(query), folded_phrase(query)

    def tier(starts: bool, title: str, has_phrase: bool) -> int:
        if starts:
            return 0
        if phrase in title:
            return 1
        if all(word in title for word in words):
            return 2
        return 3 if has_phrase else 4

    return tier


@functools.lru_cache(maxsize=4096)
def _folded_character(char: str) -> str:
    """Return one character folded: its base letter in lowercase, "" for a combining mark."""
    decomposed = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "d"))
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else (base[:1] or "")


def _folded_characters(text: str) -> list[str]:
    """Fold each character on its own, so positions map back to the original text."""
    return [_folded_character(char) for char in text]


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
