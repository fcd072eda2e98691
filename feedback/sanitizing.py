"""The allow-list an answer passes through before it is stored and shown to the public.

Smaller than the articles' list: an answer is text with lists, links and simple tables,
never images (a citizen's answer page carries no third-party content).
"""

import nh3

ALLOWED_TAGS = {
    "p",
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
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan", "scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Tags whose content is dropped with them, not kept as text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


def sanitize_answer(raw_html: str | None) -> str:
    """Return the answer reduced to the allowed tags, attributes and URL schemes."""
    if not raw_html:
        return ""
    cleaned = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return cleaned.replace("<p></p>", "").replace("<p>&nbsp;</p>", "").strip()
