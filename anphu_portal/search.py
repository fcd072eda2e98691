"""Word matching, ranking and highlighting shared by every search of the portal."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.migrations.operations.base import Operation
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Least, StrIndex, Substr
from django.db.models.lookups import GreaterThan
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.views.generic import TemplateView

from anphu_portal.folding import clean_query, fold_words

# Separates the folded title from the other folded fields in every search_text.
TITLE_SEPARATOR = " | "


# A trigram index lookup gets slower with every word it must combine; past the longest
# (most selective) few, the other words are checked on the rows it found.
INDEXED_WORDS = 3


def filter_by_words(
    queryset: QuerySet, query: str | None, *, field: str = "search_text"
) -> QuerySet:
    """Return the rows whose folded search text contains every word of the query."""
    words = sorted(fold_words(query), key=len, reverse=True)
    for word in words[:INDEXED_WORDS]:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return _filter_by_positions(queryset, words[INDEXED_WORDS:], field)


def filter_by_words_unindexed(
    queryset: QuerySet, query: str | None, *, field: str = "search_text"
) -> QuerySet:
    """Like filter_by_words, in a form the trigram index cannot serve.

    For words found in many rows, walking an index on the order (newest first) and
    stopping after one page beats collecting every match through the trigram index.
    PostgreSQL cannot tell the two cases apart from its statistics, so we choose.
    """
    return _filter_by_positions(queryset, fold_words(query), field)


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
    title = Substr(field, 1, StrIndex(field, Value(TITLE_SEPARATOR)))
    positions = [StrIndex(title, Value(word)) for word in fold_words(query)]
    if not positions:
        return Q()
    first_found = positions[0] if len(positions) == 1 else Least(*positions)
    return Q(GreaterThan(first_found, 0))


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


class AddTrigramIndex(Operation):
    """Migration operation: a trigram GIN index on search_text, on PostgreSQL only.

    `search_text LIKE '%word%'` uses the index, which keeps search fast at 100,000 rows;
    on SQLite the same queries run without it.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name: str, field: str = "search_text"):
        self.model_name = model_name
        self.field = field

    def state_forwards(self, app_label, state):
        pass

    def _names(self, app_label, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        return table, f"{table}_{self.field}_trgm"[:63]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, index = self._names(app_label, to_state)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" '
            f'USING gin ("{self.field}" gin_trgm_ops)'
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        _, index = self._names(app_label, from_state)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')

    def describe(self):
        return f"Trigram index on {self.model_name}.{self.field} (PostgreSQL only)"


# --- Site search page -------------------------------------------------------------------

RESULTS_PER_PAGE = 10
# Counting stops here ("hơn 1.000 kết quả"); pages go up to this many results.
MAX_COUNTED = 1000
# From this many matches on, a word counts as frequent (see filter_by_words_unindexed).
FREQUENT = 200


class TitleFirstResults:
    """The matches with titles holding every word first, each group in the section's order.

    Two ordered queries with LIMIT instead of one sort by a computed rank: each can walk
    an index on the order (publish time) and stop after one page.
    """

    def __init__(self, matches: QuerySet, query: str, order: tuple[str, ...]):
        in_title = title_has_every_word(query)
        self.title_matches = matches.filter(in_title).order_by(*order)
        self.other_matches = matches.exclude(in_title).order_by(*order)

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        rows = list(self.title_matches[start:stop])
        if len(rows) == stop - start:
            return rows
        # The title matches ran out inside this window: their number is known, except
        # on a later page with none left, where they must be counted.
        if rows or start == 0:
            title_count = start + len(rows)
        else:
            title_count = self.title_matches.order_by()[:MAX_COUNTED].count()
        return rows + list(self.other_matches[max(0, start - title_count) : stop - title_count])


class KnownCountPaginator(Paginator):
    """A paginator that reuses a count already made for the tab, instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True)
class SearchSection:
    """One kind of result of the site search, shown as a tab with its count."""

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    order: tuple[str, ...]
    describe: Callable[[object, str], dict]
    # A table that grows without bound (articles): frequent words are looked up newest first.
    large: bool = False

    def matches(self, query: str) -> QuerySet:
        return self.queryset().search(query)

    def count(self, query: str) -> int:
        """Count the matches, stopping at MAX_COUNTED: beyond that nobody pages through."""
        return self.matches(query).order_by()[:MAX_COUNTED].count()

    def ranked(self, query: str, *, count: int) -> "TitleFirstResults":
        matches = self.matches(query)
        if self.large and count >= FREQUENT:
            matches = filter_by_words_unindexed(self.queryset(), query)
        return TitleFirstResults(matches, query, self.order)


def _describe_article(article, query: str) -> dict:
    return {
        "title": highlight(article.title, query),
        "url": article.get_absolute_url(),
        "meta": f"{article.category.name} – {date_format(localtime(article.publish_at))}",
        "excerpt": excerpt(article.summary, query),
    }


def _describe_procedure(procedure, query: str) -> dict:
    sector = ", ".join(sector.name for sector in procedure.sector_list())
    return {
        "title": highlight(procedure.name, query),
        "url": procedure.get_absolute_url(),
        "meta": " – ".join(filter(None, [f"Mã {procedure.code}", sector])),
        "excerpt": excerpt(procedure.description or procedure.results, query),
    }


def _describe_contact(contact, query: str) -> dict:
    details = [contact.title, contact.organization if contact.name else "", contact.group.name]
    phones = ", ".join(number.display for number in contact.phone_numbers)
    return {
        "title": highlight(contact.display_name, query),
        "url": contact.get_absolute_url(),
        "meta": " – ".join(filter(None, details)),
        "excerpt": highlight(" – ".join(filter(None, [phones, contact.email])), query),
    }


def search_sections() -> list[SearchSection]:
    """Return the kinds of result, in the order of their tabs."""
    from hotline.models import Contact
    from news.models import Article
    from procedures.models import Procedure

    return [
        SearchSection(
            "tin-tuc",
            "Tin tức",
            lambda: Article.objects.published().select_related("category").defer("body"),
            ("-publish_at", "-pk"),
            _describe_article,
            large=True,
        ),
        SearchSection(
            "thu-tuc",
            "Thủ tục hành chính",
            lambda: Procedure.objects.active().with_sector_rows(),
            ("name", "pk"),
            _describe_procedure,
        ),
        SearchSection(
            "danh-ba",
            "Danh bạ",
            lambda: Contact.objects.active().select_related("group"),
            ("group__position", "position", "pk"),
            _describe_contact,
        ),
    ]


class SearchView(TemplateView):
    """Search published articles, active procedures and active contacts at once."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q"))
        context["query"] = query
        if not fold_words(query):
            return context
        sections = search_sections()
        tabs = [(section, section.count(query)) for section in sections]
        wanted = self.request.GET.get("loai")
        current, count = next(((s, n) for s, n in tabs if s.key == wanted), (None, 0))
        if current is None:
            current, count = next(((s, n) for s, n in tabs if n), tabs[0])
        results = current.ranked(query, count=count)
        paginator = KnownCountPaginator(results, RESULTS_PER_PAGE, count=count)
        page = paginator.get_page(self.request.GET.get("page"))
        total = sum(n for _, n in tabs)
        context.update(
            tabs=[
                {
                    "key": s.key,
                    "label": s.label,
                    "count": n,
                    "capped": n >= MAX_COUNTED,
                    "current": s is current,
                }
                for s, n in tabs
            ],
            total=total,
            capped=any(n >= MAX_COUNTED for _, n in tabs),
            current=current,
            page_obj=page,
            results=[current.describe(item, query) for item in page.object_list],
        )
        return context
