"""One URL of each public page type, found the way a crawler finds them: in the sitemap.

Every app registers its sitemap with the portal, so a page type added later is measured by
the tests that use this list without new test code. A page type is a sitemap section at one
path depth (/tin-tuc/, /tin-tuc/<category>/, /tin-tuc/<category>/<article>/), plus the
pages no sitemap lists: search results and the 404 page.
"""

import re
from urllib.parse import urlsplit

PAGES_OUTSIDE_THE_SITEMAP = {
    "search results": "/tim-kiem/?q=khai+sinh",
    "search guide": "/tim-kiem/",
    "404": "/khong-co-trang-nay/",
}


def locations(page, url: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", page.request.get(url).text())


def page_type_paths(page, base_url: str) -> dict[str, str]:
    """Return {page type: path}, the first path of each type in the live sitemap."""
    types: dict[str, str] = {}
    # /sitemap.xml is an index: each of its <loc>s is a section listing pages.
    sections = [urlsplit(section) for section in locations(page, f"{base_url}/sitemap.xml")]
    pages = [
        location
        for section in sections
        for location in locations(page, f"{base_url}{section.path}")
    ]
    for location in pages:
        path = urlsplit(location).path
        segments = [segment for segment in path.split("/") if segment]
        name = f"/{segments[0]}/ depth {len(segments)}" if segments else "home"
        types.setdefault(name, path)
    return {**types, **PAGES_OUTSIDE_THE_SITEMAP}
