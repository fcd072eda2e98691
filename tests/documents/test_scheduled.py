"""A document scheduled for a moment appears at that moment on the pages cached before."""

import datetime
import zoneinfo

import pytest
import time_machine

from anphu_portal.caching import page_lifetime
from anphu_portal.models import Unit
from tests.documents.factories import make_document

pytestmark = pytest.mark.django_db
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(hour, minute=0, second=0):
    return datetime.datetime(2026, 10, 12, hour, minute, second, tzinfo=VIETNAM)


@pytest.mark.parametrize("path", ["/van-ban/", "/van-ban/rss/"])
def test_a_scheduled_document_appears_at_its_time_on_pages_cached_before(client, path):
    with time_machine.travel(at(6, 0), tick=False):
        make_document("12/QĐ-UBND", "Về việc giao chỉ tiêu năm 2026", publish_at=at(5, 0))
        scheduled = make_document(
            "13/QĐ-UBND", "Về việc phòng chống lụt bão năm 2026", publish_at=at(7, 0)
        )
    with time_machine.travel(at(6, 58), tick=False):
        assert "13/QĐ-UBND" not in client.get(path).content.decode()  # cached now
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        assert page_lifetime(Unit.load().pk, sections=("documents",)) == 120
    with time_machine.travel(at(7, 0, 1), tick=False):
        assert "13/QĐ-UBND" in client.get(path).content.decode()
        assert client.get(scheduled.get_absolute_url()).status_code == 200
