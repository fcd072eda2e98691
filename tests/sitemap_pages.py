"""Read the whole sitemap the way a crawler does: the index, then each section it names."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def section_urls(client, host: str = "testserver") -> list[str]:
    """Return the absolute URL of every section the index at /sitemap.xml names."""
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("./s:sitemap/s:loc", NS)]


def section_entries(client, url: str, host: str = "testserver") -> list[ElementTree.Element]:
    """Return the <url> elements of one section, given its absolute URL."""
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content).findall("./s:url", NS)


def sitemap_locations(client, host: str = "testserver") -> list[str]:
    """Return the absolute URL of every page listed in any section of the sitemap."""
    return [
        entry.findtext("s:loc", namespaces=NS)
        for url in section_urls(client, host)
        for entry in section_entries(client, url, host)
    ]


def sitemap_paths(client, host: str = "testserver") -> list[str]:
    """Return the path of every page the sitemap lists."""
    return [urlsplit(location).path for location in sitemap_locations(client, host)]
