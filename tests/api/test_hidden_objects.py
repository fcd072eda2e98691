"""Nothing the public site hides is revealed by any endpoint, filter or page of the API.

The hidden objects come from each app's builder in hidden_objects.HIDDEN_BUILDERS; every
endpoint the API registers is read whole, then searched for each secret word.
"""

import io
import json

import pytest
from openpyxl import load_workbook

from tests.api.hidden_objects import HIDDEN_BUILDERS, Setting
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db

# Never in an answer: the staff member's login and names.
STAFF_SECRETS = ["bimatnhanvien", "bimathovaten"]
HTML_PAGES = ["/", "/sitemap.xml", "/tin-tuc/", "/duong-day-nong/", "/thu-tuc-hanh-chinh/"]


@pytest.fixture
def hidden(client, second_unit, settings):
    """Build every app's hidden objects; return the secrets and the addresses to read."""
    from anphu_portal.models import Unit

    settings.API_ANON_RATE = "100000/minute"
    staff = make_staff_user(username="bimatnhanvien")
    staff.first_name, staff.last_name = "Bimathovaten", "Bimatnhanvien"
    staff.save()
    setting = Setting(home=Unit.load(), other=second_unit, staff=staff)
    built = [build(setting) for build in HIDDEN_BUILDERS]
    return {
        "secrets": [s for b in built for s in b.secrets] + STAFF_SECRETS,
        "hidden_urls": [u for b in built for u in b.hidden_urls],
        "probe_urls": [u for b in built for u in b.probe_urls],
    }


def readable(response) -> str:
    """Return the answer as text, a spreadsheet's cells included."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        return json.dumps([list(row) for row in sheet.iter_rows(values_only=True)])
    return response.content.decode()


def endpoints(client) -> list[str]:
    """Return every registered endpoint that takes no argument, by its path."""
    listed = client.get("/api/v1/").json()["endpoints"]
    return [url.removeprefix("http://testserver") for url in listed.values()]


def assert_reveals_nothing(client, url: str, secrets: list[str]) -> None:
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    text = readable(response).lower()
    for secret in secrets:
        if secret.lower() not in url.lower():  # pages may repeat their own address
            assert secret.lower() not in text, (url, secret)


def test_the_secrets_are_really_in_the_database(hidden, client):
    """The probes below mean something only if each secret would show if leaked."""
    from django.apps import apps

    found = set()
    for model in apps.get_models():
        for row in model._base_manager.values():
            text = json.dumps(row, default=str).lower()
            found.update(s for s in hidden["secrets"] if s.lower() in text)
    assert found == set(hidden["secrets"])


def test_no_endpoint_lists_a_hidden_object(client, hidden):
    urls = endpoints(client)
    assert len(urls) >= 12
    for url in urls:
        sep = "&" if "?" in url else "?"
        assert_reveals_nothing(client, f"{url}{sep}page_size=100", hidden["secrets"])


def test_no_search_finds_a_hidden_object(client, hidden):
    for secret in hidden["secrets"]:
        for url in endpoints(client):
            sep = "&" if "?" in url else "?"
            assert_reveals_nothing(client, f"{url}{sep}q={secret}", hidden["secrets"])
        assert_reveals_nothing(client, f"/tim-kiem/?q={secret}", hidden["secrets"])


def test_no_filter_or_page_reveals_a_hidden_object(client, hidden):
    for url in hidden["probe_urls"] + HTML_PAGES:
        assert_reveals_nothing(client, url, hidden["secrets"])


def test_each_hidden_object_has_no_address(client, hidden):
    for url in hidden["hidden_urls"]:
        response = client.get(url)
        assert response.status_code == 404, url


def test_the_other_unit_shows_its_own_but_nothing_hidden(client, hidden):
    """At its own host the other unit's public content is there (the probe is fair)."""
    from tests.api.conftest import SECOND_HOST

    response = client.get("/api/v1/articles/", HTTP_HOST=SECOND_HOST)
    assert "bimatdonvikhac" in response.content.decode().lower()
    response = client.get("/api/v1/contacts/", HTTP_HOST=SECOND_HOST)
    assert "bimatlienhekhac" in response.content.decode().lower()
