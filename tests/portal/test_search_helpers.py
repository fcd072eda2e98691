"""Highlighting and excerpts: accent-insensitive, and HTML-escaped before marking."""

from anphu_portal.matching import excerpt, highlight


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
