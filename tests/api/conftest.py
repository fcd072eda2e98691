"""Fixtures of the open-data API tests: a second unit at its own host, JSON requests."""

import pytest

from anphu_portal.models import Unit, UnitHost

SECOND_HOST = "xa-mau.localhost"
PROVINCE_HOST = "angiang.localhost"


@pytest.fixture
def second_unit(db, settings):
    """Return a commune with its own host name, next to the default unit."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    unit = Unit.objects.create(
        unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau", portal_title="Cổng xã Mẫu"
    )
    UnitHost.objects.create(unit=unit, host=SECOND_HOST)
    return unit


@pytest.fixture
def province_host(second_unit):
    """Give the province its own host name, so units are picked there only."""
    province = Unit.load().parent
    UnitHost.objects.create(unit=province, host=PROVINCE_HOST)
    return province


def get_json(client, url: str, *, host: str = "testserver", status: int = 200, **headers):
    """GET an API address and return its JSON body, checking the status."""
    response = client.get(url, HTTP_HOST=host, **headers)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.json()
