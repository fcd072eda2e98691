"""Query budgets of the public pages: the same number of queries for 30 and 300 questions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anphu_portal.models import Unit
from feedback.models import Status, Submission
from tests.feedback.conftest import question_data
from tests.feedback.helpers import make_published

pytestmark = pytest.mark.django_db


def publish_many(count: int, *, first: int) -> None:
    template = make_published()
    Submission.objects.bulk_create(
        [
            Submission(
                unit=template.unit,
                tracking_code=f"HD-2026-{first + n:06d}",
                name="x",
                phone="0912345678",
                subject=f"Câu hỏi số {n}",
                content="Nội dung",
                answer="<p>Trả lời</p>",
                status=Status.ANSWERED,
                published=True,
                answered_at=template.answered_at,
            )
            for n in range(count - 1)
        ]
    )


def queries_of(client, url: str) -> int:
    """Return the queries of a page once the shared fragments (menu, statistics) are cached."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/hoi-dap/", "/hoi-dap/?q=cau+hoi&linh-vuc=land"])
def test_the_qa_list_costs_the_same_for_30_and_300_questions(client, url, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Unit.load()
    publish_many(30, first=100)
    few = queries_of(client, url)
    publish_many(270, first=1000)
    many = queries_of(client, url)
    assert few == many <= 12


def test_sending_a_question_stays_within_its_budget(client, django_assert_max_num_queries):
    Unit.load()
    with django_assert_max_num_queries(40):
        assert client.post("/hoi-dap/gui-cau-hoi/", question_data()).status_code == 200
