"""The search of a large section (articles): newest rows walked first, older ones looked up.

Whatever way the matches are found (the newest rows fill the limit; the older rows are
walked on; they are looked up through the word index, then the trigram index, on
PostgreSQL), the results must be the newest max_counted() matches, ranked by tier, newer
first within a tier.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anphu_portal.folding import fold_words
from anphu_portal.matching import folded_phrase
from anphu_portal.search import WALK_DENSITY
from news.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

LIMIT = 12  # max_counted() in these tests: the newest 4 * 12 = 48 rows are walked first


def reference(query: str) -> list[int]:
    """Return the keys the search must show, computed in Python from every article."""
    words, phrase = fold_words(query), folded_phrase(query)
    newest = Article.objects.published().order_by("-publish_at", "-pk")
    matches = [
        (article.pk, article.search_text)
        for article in newest
        if all(word in article.search_text for word in words)
    ][:LIMIT]

    def tier(text: str) -> int:
        separator = text.find(" | ")
        title = text[: separator + 1] if separator >= 0 else ""
        if text.startswith(phrase):
            return 0
        if phrase in title:
            return 1
        if all(word in title for word in words):
            return 2
        return 3 if phrase in text else 4

    return [pk for pk, text in sorted(matches, key=lambda match: tier(match[1]))]


def shown(client, query: str) -> tuple[list[int], int]:
    """Return the keys of every result page of the news tab, and the tab's count."""
    keys, count = [], None
    for page in (1, 2):
        response = client.get("/tim-kiem/", {"q": query, "loai": "tin-tuc", "page": page})
        assert response.status_code == 200
        count = next(tab["count"] for tab in response.context["tabs"] if tab["key"] == "tin-tuc")
        if response.context["page_obj"].number != page:
            break
        keys += [
            Article.objects.get(
                title=result["title"].replace("<mark>", "").replace("</mark>", "")
            ).pk
            for result in response.context["results"]
        ]
    return keys, count


@pytest.fixture
def articles(settings):
    """120 articles an hour apart; words placed so that each way of finding them is taken."""
    settings.SEARCH_MAX_COUNTED = LIMIT
    category = make_category("Thời sự")
    now = timezone.now()
    for n in range(120):
        words = ["alpha"]  # in every article: the newest rows fill the limit
        if n % 6 == 0:
            words.append("beta")  # one in six: some in the newest rows, the rest walked on
        if n % 40 == 10 and n >= 4 * LIMIT:
            words.append("gamma")  # none among the newest, two older: looked up
        if 90 <= n < 120:
            words.append("delta")  # only among the oldest, more than the limit
        # Vary where the words stand, so that every rank tier has rows.
        if n % 4 == 0:
            title, summary = " ".join(words) + f" mot tin {n}", "tom tat"
        elif n % 4 == 1:
            title, summary = f"Tin {n} " + " ".join(words), "tom tat"
        elif n % 4 == 2:
            title, summary = f"Tin {n} " + " ".join(reversed(words)), "tom tat"
        else:
            title, summary = f"Tin {n}", "noi dung " + " ".join(words)
        make_article(
            title,
            category=category,
            summary=summary,
            publish_at=now - timedelta(hours=n + 1),
        )


@pytest.mark.parametrize(
    "query",
    [
        "alpha",
        "beta",
        "alpha beta",
        "beta alpha",
        "gamma",
        "alpha gamma",
        "delta",
        "delt",
        "delta alpha",
    ],
)
def test_results_are_the_newest_matches_ranked_by_tier_however_they_are_found(
    client, articles, query
):
    expected = reference(query)
    keys, count = shown(client, query)
    assert keys == expected
    assert count == len(expected)


def article_queries(client, query: str) -> list[str]:
    """Return the SQL of the page's queries that choose article keys.

    A walk reads the keys with their tier's columns; a lookup reads keys alone (their
    columns are read next, for the keys found, by a query this leaves out).
    """
    with CaptureQueriesContext(connection) as queries:
        client.get("/tim-kiem/", {"q": query, "loai": "tin-tuc"})
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "news_article"."id" AS "pk" FROM')
        or (
            q["sql"].startswith('SELECT "news_article"."id" AS "pk"')
            and ' AS "tier_title"' in q["sql"]
            and '"news_article"."id" IN (' not in q["sql"]
        )
    ]


def test_each_way_of_finding_the_matches_is_taken(client, articles):
    assert WALK_DENSITY > 6  # beta is dense enough to walk on
    # The newest rows fill the limit: one query.
    assert len(article_queries(client, "alpha")) == 1
    # One in six: the older rows are walked on, newest first, by their publication time.
    first, walked_on = article_queries(client, "beta")
    assert "COALESCE" not in walked_on
    # None among the newest: the older ones are looked up (LIKE, which the trigram index
    # serves) and sorted by an order no index serves. On PostgreSQL the word index is
    # asked first; it finds fewer than the limit, so the trigram index finds them all.
    on_postgresql = connection.vendor == "postgresql"
    *asked, looked_up = article_queries(client, "gamma")
    assert "COALESCE" in looked_up and "LIKE" in looked_up
    assert len(asked) == (2 if on_postgresql else 1)
    # The word index finds enough whole words: the trigram index is not asked.
    *asked, looked_up = article_queries(client, "delta")
    assert "COALESCE" in looked_up and len(asked) == 1
    assert ("to_tsvector" in looked_up) == on_postgresql
    # Part of a word ("delt" of "delta") is no whole word: the trigram index finds it.
    *_, looked_up = article_queries(client, "delt")
    assert "LIKE" in looked_up and "to_tsvector" not in looked_up


def test_counts_say_more_than_the_limit_only_when_the_limit_is_reached(client, articles):
    page = client.get("/tim-kiem/", {"q": "alpha"}).content.decode()
    assert f"hơn {LIMIT}" in page
    page = client.get("/tim-kiem/", {"q": "gamma"}).content.decode()
    assert "hơn" not in page


def test_a_word_in_no_article_finds_nothing(client, articles):
    assert shown(client, "alpha khongco") == ([], 0)


def test_a_large_section_must_rank_by_title_first_and_order_by_a_field_first():
    from anphu_portal.registry import SearchSection

    with pytest.raises(ValueError):
        SearchSection(
            key="x",
            label="X",
            position=1,
            queryset=lambda request: Article.objects.none(),
            order=("-publish_at",),
            describe=lambda item, query: {},
            tiers=lambda query: [],
            large=True,
        )
