"""Highlighting and excerpts: accent-insensitive, and HTML-escaped before marking."""

import pytest
from django.db import connection

from anphu_portal.matching import excerpt, filter_by_whole_words, highlight
from news.models import Article
from tests.factories import make_article


def test_highlight_marks_words_typed_without_accents():
    assert (
        highlight("Cải cách hành chính", "cai cach")
        == "<mark>Cải</mark> <mark>cách</mark> hành chính"
    )


def test_highlight_marks_d_for_đ():
    assert highlight("Đường dây nóng", "duong") == "<mark>Đường</mark> dây nóng"


def test_highlight_escapes_html_before_marking():
    marked = highlight('<script>alert("x")</script> khai sinh', "script khai")
    assert "<script>" not in marked
    assert "&lt;<mark>script</mark>&gt;" in marked
    assert "<mark>khai</mark>" in marked


def test_highlight_of_a_word_that_looks_like_markup_stays_plain_text():
    assert highlight("a < b", "<mark>") == "a &lt; b"


def test_excerpt_strips_tags_and_centres_on_the_first_match():
    body = "<p>" + "Mở đầu. " * 60 + "Người dân đăng ký khai sinh tại xã.</p>"
    text = excerpt(body, "khai sinh", length=80)
    assert text.startswith("… ")
    assert "<mark>khai</mark> <mark>sinh</mark>" in text
    assert "<p>" not in text


@pytest.mark.django_db
def test_whole_words_are_looked_up_in_the_word_index_on_postgresql_only():
    found = make_article("Huyện An Phú ra quân mùa khô")
    make_article("Toàn dân tham gia Phúc Lợi")  # "an" and "phu" only inside other words
    by_words = filter_by_whole_words(Article.objects.all(), "an phú")
    if connection.vendor == "postgresql":
        assert list(by_words) == [found]
        # Part of a word ("qua" of "quan") is no whole word.
        assert not filter_by_whole_words(Article.objects.all(), "an phu qua").exists()
    else:
        assert by_words is None  # SQLite has no word index: the search uses LIKE


@pytest.mark.django_db
def test_query_words_the_word_index_cuts_differently_are_not_looked_up_there():
    # PostgreSQL's parser keeps "12/2024/qd-ubnd" whole, or cuts it otherwise than we do.
    assert filter_by_whole_words(Article.objects.all(), "12/2024/qd-ubnd") is None
    assert filter_by_whole_words(Article.objects.all(), "") is None
