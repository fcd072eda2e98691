"""The hotline app's part of the site search, for the registry."""

from anphu_portal.matching import highlight
from anphu_portal.registry import SearchSection
from hotline.models import Contact


def active_contacts(request):
    """Return the contacts the public may find."""
    return Contact.objects.for_unit(request.unit).active().select_related("group")


def describe_contact(contact, query: str) -> dict:
    """Return a contact as a search result: numbers and email in place of an excerpt."""
    details = [contact.title, contact.organization if contact.name else "", contact.group.name]
    phones = ", ".join(number.display for number in contact.phone_numbers)
    return {
        "title": highlight(contact.display_name, query),
        "url": contact.get_absolute_url(),
        "meta": " – ".join(filter(None, details)),
        "excerpt": highlight(" – ".join(filter(None, [phones, contact.email])), query),
    }


SEARCH_SECTION = SearchSection(
    key="danh-ba",
    label="Danh bạ",
    position=30,
    queryset=active_contacts,
    order=("group__position", "position", "pk"),
    merge_position=40,
    describe=describe_contact,
)
