"""The allow-list that every rich-text body (articles, pages, answers) passes through."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "img",
    "br",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# CKEditor marks its figures with these classes; Word's "MsoNormal" and the like are dropped.
ALLOWED_CLASSES = {"figure": {"image", "table", "image-style-side"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Tags whose content is dropped with them, not kept as text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
# Answers to citizens carry no pictures (no third-party content on their pages).
IMAGE_TAGS = {"img", "figure", "figcaption"}
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def sanitize_body(raw_html: str | None, *, images: bool = True) -> str:
    """Return the rich-text body reduced to the allowed tags, attributes and URL schemes.

    With `images=False` pictures and figures are dropped too (answers to citizens).
    """
    if not raw_html:
        return ""
    tags = ALLOWED_TAGS if images else ALLOWED_TAGS - IMAGE_TAGS
    cleaned = nh3.clean(
        raw_html,
        tags=tags,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={tag: names for tag, names in ALLOWED_ATTRIBUTES.items() if tag in tags},
        allowed_classes={tag: names for tag, names in ALLOWED_CLASSES.items() if tag in tags},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        set_tag_attribute_values={"img": {"loading": "lazy", "decoding": "async"}}
        if images
        else None,
    )
    # An image whose only source was a refused URL (data:, javascript:) is dropped whole.
    cleaned = IMAGE_WITHOUT_SOURCE.sub("", cleaned)
    # Word leaves empty paragraphs behind; drop those that hold nothing visible.
    return cleaned.replace("<p></p>", "").replace("<p>&nbsp;</p>", "").strip()


BLOCK_TAG = re.compile(
    r"</?(p|div|h[1-6]|li|ul|ol|br|hr|figure|figcaption|blockquote|table|tr|td|th)\b", re.I
)


def html_to_text(raw_html: str | None) -> str:
    """Return the visible text of an HTML fragment, tags removed and entities decoded."""
    if not raw_html:
        return ""
    # Paragraphs, headings and list items are separate words once their tags are gone.
    spaced = BLOCK_TAG.sub(r" \g<0>", raw_html)
    text = nh3.clean(spaced, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return " ".join(html.unescape(text).split())
