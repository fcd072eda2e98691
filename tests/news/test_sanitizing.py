"""The article body sanitizer against a corpus of script-injection tricks, and the JSON-LD."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from news.sanitizing import ALLOWED_TAGS, URL_SCHEMES, sanitize_body
from tests.factories import make_article

HOSTILE_BODIES = [
    '<a href="JaVaScRiPt:alert(1)">mở</a>',
    '<a href="jav&#x61;script:alert(1)">mở</a>',
    '<a href="&#106;avascript:alert(1)">mở</a>',
    '<a href="&#0000106&#0000097vascript:alert(1)">mở</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">mở</a>',
    '<a href="javascript&colon;alert(1)">mở</a>',
    '<a href="java\tscript:alert(1)">mở</a>',
    '<a href=" javascript:alert(1)">mở</a>',
    '<a href="vbscript:msgbox(1)">mở</a>',
    '<a href="VbScRiPt:msgbox(1)">mở</a>',
    '<a href="data:text/html,<script>alert(1)</script>">mở</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">mở</a>',
    "<img src=javascript:alert(1)>",
    '<img src="JAVASCRIPT:alert(1)" alt="ảnh">',
    '<img src="/media/a.jpg" srcset="javascript:alert(1) 1x" onerror="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)><circle/></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>mở</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><maction xlink:href="javascript:alert(1)" actiontype="statusline">mở</maction></math>',
    '<math href="javascript:alert(1)">mở</math>',
    '<p style="background:url(javascript:alert(1))">chữ</p>',
    '<form action="javascript:alert(1)"><button>gửi</button></form>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="<script>alert(1)</script>">',
    "<![CDATA[<script>alert(1)</script>]]>",
]


class _Markup(HTMLParser):
    """Collect every tag, every attribute and every URL of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.urls = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append(name)
            if name in ("href", "src", "srcset", "action", "xlink:href"):
                self.urls.append(value or "")


def unsafe_parts(fragment: str) -> list[str]:
    """Return what in sanitized HTML could run a script: tags, handlers, URL schemes."""
    markup = _Markup()
    markup.feed(fragment)
    markup.close()
    problems = [f"<{tag}>" for tag in markup.tags if tag not in ALLOWED_TAGS]
    problems += [name for name in markup.attributes if name.startswith("on") or name == "style"]
    for url in markup.urls:
        scheme = urlsplit(url.strip()).scheme.lower()
        if scheme and scheme not in URL_SCHEMES:
            problems.append(url)
    return problems


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_sanitized_body_keeps_nothing_that_runs_a_script(body):
    cleaned = sanitize_body(body)

    assert unsafe_parts(cleaned) == []
    assert not re.search(r"javascript|vbscript|data:text|<script|onerror|onload", cleaned, re.I)


def test_sanitizer_keeps_the_text_of_a_refused_link():
    assert sanitize_body('<p><a href="jav&#x61;script:alert(1)">Xem chi tiết</a></p>') == (
        '<p><a rel="noopener noreferrer">Xem chi tiết</a></p>'
    )


def test_sanitizer_escapes_markup_inside_allowed_attributes():
    cleaned = sanitize_body('<a href="https://angiang.gov.vn" title="<script>x</script>">t</a>')

    assert "<script>" not in cleaned and 'title="&lt;script&gt;x&lt;/script&gt;"' in cleaned


@pytest.mark.django_db
def test_article_page_shows_a_hostile_body_without_anything_that_runs(client):
    article = make_article("Tin có nội dung độc", body="".join(HOSTILE_BODIES))

    page = client.get(article.get_absolute_url()).content.decode()

    assert not re.search(r"javascript:|vbscript:|data:text|onerror=|onload=|alert\(1\)</", page)


@pytest.mark.django_db
def test_title_with_a_closing_script_tag_stays_inside_the_json_ld(client):
    title = 'Tin </script><script>alert("x")</script> <!-- cuối'
    article = make_article(title, summary="Tóm tắt </SCRIPT> & “trích dẫn”")

    page = client.get(article.get_absolute_url()).content.decode()

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["headline"] == title
    assert data["description"] == "Tóm tắt </SCRIPT> & “trích dẫn”"
    assert '<script>alert("x")' not in page
    assert "<!--" not in blocks[0]
