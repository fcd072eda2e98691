"""The OpenAPI schema and the reference page of the API."""

import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_schema_names_the_licence_in_both_languages(schema):
    assert schema["info"]["license"]["name"] == "CC BY 4.0"
    assert "ghi rõ nguồn" in schema["info"]["description"]
    assert "credit the publishing unit" in schema["info"]["description"]


def test_the_schema_describes_every_endpoint(schema):
    for path in [
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/categories/",
        "/api/v1/contacts/",
        "/api/v1/contact-groups/",
        "/api/v1/procedures/",
        "/api/v1/procedures/{code}/",
        "/api/v1/procedures/export.csv",
        "/api/v1/procedure-office/",
        "/api/v1/sectors/",
        "/api/v1/agencies/",
        "/api/v1/levels/",
        "/api/v1/units/",
        "/api/v1/documents/",
        "/api/v1/documents/{slug}/",
        "/api/v1/drafts/{slug}/",
        "/api/v1/document-types/",
        "/api/v1/questions/{id}/",
        "/api/v1/pages/{slug}/",
        "/api/v1/leaders/{slug}/",
        "/api/v1/bodies/",
        "/api/v1/schedule/",
        "/api/v1/signed-schedules/",
        "/api/v1/links/",
        "/api/v1/english/",
    ]:
        assert set(schema["paths"][path]) <= {"get"}, path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/procedures/"]["get"]["parameters"]}
    assert {"q", "sector", "level", "service_level", "agency", "page", "format"} <= parameters


def parameters_of(schema, path: str) -> set[str]:
    return {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}


def test_the_schema_names_the_filters_of_the_new_lists(schema):
    documents = parameters_of(schema, "/api/v1/documents/")
    assert {"q", "type", "issuer", "field", "year", "status", "page"} <= documents
    assert {"state", "q"} <= parameters_of(schema, "/api/v1/drafts/")
    assert {"q", "field", "kind", "answered_after"} <= parameters_of(schema, "/api/v1/questions/")
    assert {"week", "leader"} <= parameters_of(schema, "/api/v1/schedule/")
    english = schema["paths"]["/api/v1/english/"]["get"]["responses"]["200"]["content"]
    assert english["application/json"]["schema"]["$ref"].endswith("/EnglishPage")


def test_the_schema_is_generated_without_a_warning(tmp_path):
    """A method field without a type, or two components of one name, fail the build."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_reference_page_serves_its_own_files_under_the_sites_csp(client):
    response = client.get("/api/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dữ liệu mở / Open data" in page and "CC BY 4.0" in page
    assert "Ủy ban nhân dân huyện An Phú" in page  # the publishing unit
    assert "ghi rõ nguồn" in page and "credit" not in page.split('lang="en"')[0]
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "style-src-attr 'unsafe-inline'" in csp
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assets = [s for s in sources if s.endswith((".js", ".css", ".png"))]
    assert len(assets) >= 3
    for asset in assets:
        assert asset.startswith("/static/"), asset  # no CDN
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "<style" not in page and "<script>" not in page
    script = client.get("/api/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


def test_only_the_reference_page_allows_style_attributes(client):
    response = client.get("/tin-tuc/")
    assert "style-src-attr" not in response["Content-Security-Policy"]
    response = client.get("/api/v1/articles/")
    assert "style-src-attr" not in response["Content-Security-Policy"]
