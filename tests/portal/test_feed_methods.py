"""The sitemap, the feeds, the calendar files, robots.txt and the health check: GET and HEAD only."""

import pytest

from news.listing import Month
from tests.documents.factories import make_document
from tests.factories import make_article, make_category
from tests.organization.helpers import make_person

pytestmark = pytest.mark.django_db

PATHS = [
    "/sitemap.xml",
    "/sitemap-portal.xml",
    "/sitemap-news-{month}.xml",
    "/tin-tuc/rss/",
    "/tin-tuc/{category}/rss/",
    "/van-ban/rss/",
    "/lich-cong-tac/lich.ics",
    "/lich-cong-tac/{leader}.ics",
    "/robots.txt",
    "/healthz",
]


@pytest.fixture
def content():
    category = make_category("Kinh tế")
    make_article(category=category)
    make_document()
    leader = make_person()
    return {"category": category.slug, "leader": leader.slug, "month": Month.current()}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_other_methods_are_refused_with_the_allowed_ones(client, content, path, method):
    response = getattr(client, method)(path.format(**content))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", PATHS)
def test_get_and_head_are_answered(client, content, path):
    url = path.format(**content)
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
