"""Public Q&A, "was this page useful?" on a cached page, working days, tracking codes."""

import datetime

import pytest

from anphu_portal.models import Unit
from feedback.models import Holiday, PageUsefulness
from feedback.workflow import next_tracking_code
from feedback.working_days import add_working_days
from tests.feedback.helpers import make_published, make_submission
from tests.sitemap_pages import sitemap_paths

pytestmark = pytest.mark.django_db


def test_the_qa_page_lists_published_answers_newest_first_and_searches_without_accents(
    client, django_assert_max_num_queries
):
    make_published(subject="Hỏi về đất đai ở ấp Vĩnh Lộc")
    make_published(subject="Hỏi về hộ tịch", field="justice")
    make_submission(subject="Câu hỏi chưa trả lời")
    with django_assert_max_num_queries(12):
        page = client.get("/hoi-dap/").content.decode()
    assert page.index("Hỏi về hộ tịch") < page.index("Hỏi về đất đai")
    assert "Câu hỏi chưa trả lời" not in page
    found = client.get("/hoi-dap/?q=vinh+loc").content.decode()
    assert "Hỏi về đất đai ở ấp Vĩnh Lộc" in found and "Hỏi về hộ tịch" not in found
    by_field = client.get("/hoi-dap/?linh-vuc=justice").content.decode()
    assert "Hỏi về hộ tịch" in by_field and "Vĩnh Lộc" not in by_field


def test_published_questions_are_in_the_site_search_and_the_sitemap(client):
    item = make_published(subject="Hỏi về giấy phép xây dựng")
    assert item.get_absolute_url() in client.get("/tim-kiem/?q=giay+phep").content.decode()
    assert item.get_absolute_url() in sitemap_paths(client)


def test_the_usefulness_form_keeps_a_cached_page_cacheable(client, settings):
    item = make_published()
    url = item.get_absolute_url()
    first = client.get(url)
    assert "Trang này có hữu ích không?" in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    # Answered from the page cache: no query at all.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0

    answer = client.post(
        "/hoi-dap/danh-gia-trang/",
        {"path": url, "useful": "khong", "comment": "Thiếu mẫu đơn"},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{url}?danh-gia=cam-on#danh-gia-trang"
    assert not answer.cookies
    row = PageUsefulness.objects.get()
    assert (row.path, row.useful, row.comment) == (url, False, "Thiếu mẫu đơn")


def test_usefulness_refuses_foreign_pages_and_is_limited_per_page(client):
    assert (
        client.post(
            "/hoi-dap/danh-gia-trang/", {"path": "//evil.example/", "useful": "co"}
        ).status_code
        == 400
    )
    assert client.post("/hoi-dap/danh-gia-trang/", {"path": "/", "useful": "co"}).status_code == 302
    for _ in range(5):
        client.post("/hoi-dap/danh-gia-trang/", {"path": "/hoi-dap/", "useful": "co"})
    assert PageUsefulness.objects.filter(path="/hoi-dap/").count() == 3
    assert client.get("/hoi-dap/danh-gia-trang/").status_code == 405


def test_ten_working_days_skip_weekends_and_days_off():
    # Monday 31/08/2026; 02/09 (National Day) and 01/09 are days off.
    Holiday.objects.create(date=datetime.date(2026, 9, 1), name="Nghỉ Quốc khánh")
    Holiday.objects.create(date=datetime.date(2026, 9, 2), name="Quốc khánh")
    assert add_working_days(datetime.date(2026, 8, 31), 10) == datetime.date(2026, 9, 16)
    assert add_working_days(datetime.date(2026, 12, 4), 1) == datetime.date(2026, 12, 7)


def test_tracking_codes_run_per_unit_and_year():
    first = Unit.load()
    second = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    assert next_tracking_code(unit=first, year=2026) == "HD-2026-000001"
    assert next_tracking_code(unit=first, year=2026) == "HD-2026-000002"
    assert next_tracking_code(unit=second, year=2026) == "HD-2026-000001"
    assert next_tracking_code(unit=first, year=2027) == "HD-2027-000001"


def test_each_unit_lists_only_its_own_published_questions(client, settings):
    from anphu_portal.models import UnitHost

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    first = Unit.load()
    second = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    UnitHost.objects.create(unit=second, host="xa-mau.localhost")
    mine = make_published(first, subject="Câu hỏi của An Phú")
    theirs = make_published(second, subject="Câu hỏi của xã Mẫu")
    page = client.get("/hoi-dap/").content.decode()
    assert "Câu hỏi của An Phú" in page and "Câu hỏi của xã Mẫu" not in page
    assert client.get(theirs.get_absolute_url()).status_code == 404
    other = client.get("/hoi-dap/", HTTP_HOST="xa-mau.localhost").content.decode()
    assert "Câu hỏi của xã Mẫu" in other and "Câu hỏi của An Phú" not in other
    assert client.get(mine.get_absolute_url(), HTTP_HOST="xa-mau.localhost").status_code == 404


def test_an_article_page_carries_the_usefulness_form_and_stays_cacheable(client):
    from tests.factories import make_article

    article = make_article("Ra quân mùa khô")
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "Trang này có hữu ích không?" in page
    assert 'action="/hoi-dap/danh-gia-trang/"' in page
    assert not response.cookies


def test_a_new_question_keeps_the_cache_and_publishing_ends_it(client):
    from anphu_portal.caching import content_version

    before = content_version()
    item = make_submission()
    assert content_version() == before
    item.status, item.published, item.answer = "answered", True, "<p>Trả lời.</p>"
    item.save()
    published = content_version()
    assert published != before
    item.published = False
    item.save()
    assert content_version() != published
