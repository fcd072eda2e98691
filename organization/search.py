"""The organization app's part of the site search: introduction pages and leaders."""

from anphu_portal.matching import excerpt, highlight
from anphu_portal.registry import SearchSection
from anphu_portal.sanitizing import html_to_text
from organization.models import Page, Person


def published_pages(request):
    """Return the introduction pages the public may find."""
    return Page.objects.for_unit(request.unit).published()


def describe_page(page, query: str) -> dict:
    return {
        "title": highlight(page.title, query),
        "url": page.get_absolute_url(),
        "meta": "Giới thiệu",
        "excerpt": excerpt(html_to_text(page.body), query),
    }


def active_people(request):
    """Return the leaders the public may find, with what the result shows."""
    return Person.objects.for_unit(request.unit).active().select_related("body", "contact")


def describe_person(person, query: str) -> dict:
    phones = ", ".join(number.display for number in person.phone_numbers)
    return {
        "title": highlight(person.name, query),
        "url": person.get_absolute_url(),
        "meta": f"{person.title} – {person.body.name}",
        "excerpt": highlight(" – ".join(filter(None, [person.portfolio, phones])), query),
    }


PAGES_SECTION = SearchSection(
    key="gioi-thieu",
    label="Giới thiệu",
    position=40,
    queryset=published_pages,
    order=("position", "title"),
    merge_position=50,
    describe=describe_page,
)

PEOPLE_SECTION = SearchSection(
    key="lanh-dao",
    label="Lãnh đạo",
    position=50,
    queryset=active_people,
    order=("position", "pk"),
    merge_position=45,
    describe=describe_person,
)
