"""The judged query set against the demo content: the right answer first, the others on page."""

import re

import pytest
from django.core.management import call_command

from tests.portal.judged_queries import JUDGED_QUERIES

pytestmark = pytest.mark.django_db

RESULT = re.compile(r'class="search-result__title"><a href="([^"]*)">(.*?)</a>', re.S)


def first_page(client, query: str) -> list[str]:
    page = client.get("/tim-kiem/", {"q": query}).content.decode()
    return [f"{url} {re.sub(r'<[^>]+>', '', title)}" for url, title in RESULT.findall(page)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = False
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))


def test_judged_queries_find_their_right_answer_first_and_the_others_on_the_first_page(
    client, demo
):
    # One test, as loading the demo content (with its pictures) takes most of the time.
    wrong_first, missing = [], []
    for judged in JUDGED_QUERIES:
        results = first_page(client, judged.query)
        if bool(results and judged.is_first(results[0])) == bool(judged.known_miss):
            wrong_first.append((judged.query, results[:1]))
        missing += [
            (judged.query, wanted)
            for wanted in judged.wanted_on_page()
            if not any(wanted in result for result in results)
        ]
    assert (wrong_first, missing) == ([], [])
