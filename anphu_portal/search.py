"""Word matching, ranking and highlighting shared by every search of the portal."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.migrations.operations.base import Operation
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.views.generic import TemplateView

from anphu_portal.folding import clean_query, fold_words

# Separates the folded title from the other folded fields in every search_text.
TITLE_SEPARATOR = " | "


def filter_by_words(
    queryset: QuerySet, query: str | None, *, field: str = "search_text"
) -> QuerySet:
    """Return the rows whose folded search text contains every word of the query."""
    for word in fold_words(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def rank_title_matches(queryset: QuerySet, query: str | None, *, field: str = "search_text"):
    """Annotate `title_hits`: how many query words fall in the title part of the search text.

    Every search text is fold(title) + " | " + fold(the other fields), so a word found
    before the first separator is a title match.
    """
    queryset = queryset.annotate(title_end=StrIndex(field, Value(TITLE_SEPARATOR)))
    hits = Value(0, output_field=IntegerField())
    for word in fold_words(query):
        position = StrIndex(field, Value(word))
        in_title = Q(GreaterThan(position, 0)) & Q(LessThan(position, F("title_end")))
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


@dataclass(frozen=True)
class SearchSection:
    """One kind of result of the site search, shown as a tab with its count."""

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    order: tuple[str, ...]
    describe: Callable[[object, str], dict]

    def matches(self, query: str) -> QuerySet:
        return self.queryset().search(query)

    def ranked(self, query: str) -> QuerySet:
        return rank_title_matches(self.matches(query), query).order_by("-title_hits", *self.order)


def _describe_article(article, query: str) -> dict:
    return {
        "title": highlight(article.title, query),
        "url": article.get_absolute_url(),
        "meta": f"{article.category.name} – {date_format(localtime(article.publish_at))}",
        "excerpt": excerpt(article.summary, query),
    }


def _describe_procedure(procedure, query: str) -> dict:
    sector = procedure.sector.name if procedure.sector_id else ""
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
        ),
        SearchSection(
            "thu-tuc",
            "Thủ tục hành chính",
            lambda: Procedure.objects.active().select_related("sector"),
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
        tabs = [(section, section.matches(query).count()) for section in sections]
        wanted = self.request.GET.get("loai")
        current = next((s for s, _ in tabs if s.key == wanted), None)
        current = current or next((s for s, count in tabs if count), sections[0])
        paginator = Paginator(current.ranked(query), RESULTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            tabs=[
                {"key": s.key, "label": s.label, "count": count, "current": s is current}
                for s, count in tabs
            ],
            total=sum(count for _, count in tabs),
            current=current,
            page_obj=page,
            results=[current.describe(item, query) for item in page.object_list],
        )
        return context
