"""The read replica: which database each query of a request goes to.

The `replica` alias is a test mirror of default (tests/conftest.py): the same data through
another connection, so each query can be seen on the connection it used.
"""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anphu_portal.db_routers import (
    ReplicaReadsMiddleware,
    ReplicaRouter,
    primary_reads,
    reads_from_primary,
    record_write,
)
from anphu_portal.models import Unit, UnitHost
from news.models import Article
from tests.factories import login_staff, make_article, make_category, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

SECOND_HOST = "xa-mau.localhost"


@pytest.fixture
def replica(settings):
    """Route reads as production does with DATABASE_REPLICA_URL set."""
    settings.DATABASE_ROUTERS = ["anphu_portal.db_routers.ReplicaRouter"]
    settings.REPLICA_AFTER_WRITE_SECONDS = 5
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    from anphu_portal.db_routers import connect_write_log

    connect_write_log()
    yield
    for signal, name in ((post_save, "save"), (post_delete, "delete"), (m2m_changed, "m2m")):
        signal.disconnect(record_write, dispatch_uid=f"replica-write-log.{name}")


@pytest.fixture
def article(replica):
    return make_article("Huyện An Phú ra quân mùa khô", category=make_category())


def later(seconds: float = 10):
    """Move the clock past the window that follows the writes of the set-up."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds))


def requested(client, url, **extra):
    """Get a page; return (status, SQL sent to the primary, SQL sent to the replica)."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url, **extra)
    return (
        response.status_code,
        [query["sql"] for query in primary.captured_queries],
        [query["sql"] for query in replica.captured_queries],
    )


def reads_articles(queries) -> bool:
    return any('FROM "news_article"' in sql for sql in queries)


def test_an_anonymous_page_reads_from_the_replica(client, article):
    with later():
        status, primary, replica = requested(client, article.get_absolute_url())

    assert status == 200
    assert reads_articles(replica)
    assert not reads_articles(primary)
    # Whatever the primary still saw were writes (visitor counting), never page reads.
    assert all(not sql.lstrip().upper().startswith("SELECT") for sql in primary if "news_" in sql)


def test_within_seconds_of_a_write_in_the_unit_pages_read_from_the_primary(client, article):
    with later(2):
        status, primary, replica = requested(client, article.get_absolute_url())
    assert status == 200 and reads_articles(primary) and replica == []

    with later(20):
        Article.objects.filter(pk=article.pk).first().save()  # an edit, seconds ago
        with later(3):
            _, primary, replica = requested(client, "/tin-tuc/")
        assert reads_articles(primary) and replica == []
        with later(6):
            _, primary, replica = requested(client, "/tin-tuc/tin-tuc-su-kien/")
        assert reads_articles(replica) and not reads_articles(primary)


def test_a_write_in_another_unit_leaves_this_units_reads_on_the_replica(client, article):
    with later(20):
        second = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
        UnitHost.objects.create(unit=second, host=SECOND_HOST)
    with later(40):
        make_article("Xã Mẫu khánh thành cầu", category=make_category(unit=second))
        with later(1):
            _, first_primary, first_replica = requested(client, article.get_absolute_url())
            _, second_primary, second_replica = requested(
                client, "/tin-tuc/", HTTP_HOST=SECOND_HOST
            )

    assert reads_articles(first_replica) and not reads_articles(first_primary)
    assert reads_articles(second_primary) and second_replica == []


def test_staff_requests_and_the_admin_use_the_primary(client, article):
    login_staff(client, make_staff_user("Biên tập viên"))
    with later():
        status, primary, replica = requested(client, article.get_absolute_url())
        admin_status, _, admin_replica = requested(client, f"/{django_settings.ADMIN_PATH}")
    assert status == 200 and reads_articles(primary) and replica == []
    assert admin_status == 200 and admin_replica == []
    client.logout()
    client.cookies.clear()
    with later():
        login_status, _, login_replica = requested(client, f"/{django_settings.ADMIN_PATH}login/")
    assert login_status == 200 and login_replica == []


def test_only_an_anonymous_get_or_head_of_a_public_page_may_use_the_replica(rf, article):
    url = article.get_absolute_url()
    with later():
        assert ReplicaReadsMiddleware.may_use_replica(rf.get(url))
        assert ReplicaReadsMiddleware.may_use_replica(rf.head(url))
        assert not ReplicaReadsMiddleware.may_use_replica(rf.post(url, {"q": "khai sinh"}))
        with_session = rf.get(url)
        with_session.COOKIES[django_settings.SESSION_COOKIE_NAME] = "abc"
        assert not ReplicaReadsMiddleware.may_use_replica(with_session)
        assert not ReplicaReadsMiddleware.may_use_replica(
            rf.get(f"/{django_settings.ADMIN_PATH}login/")
        )


def test_without_a_working_cache_pages_read_from_the_primary(client, article, settings):
    # A real Redis client pointed at a port where nothing listens: every call fails.
    settings.CACHES = {
        "default": {
            "BACKEND": "anphu_portal.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with later():
        status, primary, replica = requested(client, article.get_absolute_url())
    assert status == 200 and reads_articles(primary) and replica == []


def test_an_emptied_cache_sends_reads_to_the_primary_until_the_window_passed(
    client, article, settings
):
    from django.core.cache import cache

    with later(30):
        cache.clear()  # a Redis restart: the writes of the last seconds are forgotten
        _, primary, replica = requested(client, article.get_absolute_url())
        assert reads_articles(primary) and replica == []
        with later(6):
            _, primary, replica = requested(client, "/tin-tuc/")
        assert reads_articles(replica) and not reads_articles(primary)


def test_primary_reads_and_transactions_keep_reads_on_the_primary(rf, article):
    from anphu_portal.db_routers import _replica_reads

    token = _replica_reads.set(True)
    try:
        router = ReplicaRouter()
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
        with reads_from_primary():
            assert router.db_for_read(Article) == "default"
        assert primary_reads(lambda: router.db_for_read(Article))() == "default"
        with transaction.atomic():
            assert router.db_for_read(Article) == "default"
        assert router.db_for_read(Article) == "replica"
    finally:
        _replica_reads.reset(token)
    assert ReplicaRouter().db_for_read(Article) == "default"
    assert ReplicaRouter().allow_migrate("replica", "news") is False
    assert ReplicaRouter().allow_migrate("default", "news") is True


def test_database_replica_url_adds_the_replica_and_its_router():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['replica']['HOST'], s.DATABASES['replica']['NAME'],"
        " s.DATABASE_ROUTERS[0], s.REPLICA_AFTER_WRITE_SECONDS)"
    )
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "anphu_portal.settings",
        "DATABASE_REPLICA_URL": "postgres://anphu@10.0.0.12:5432/anphu",
        "DJANGO_REPLICA_AFTER_WRITE_SECONDS": "8",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "10.0.0.12",
        "anphu",
        "anphu_portal.db_routers.ReplicaRouter",
        "8",
    ]
