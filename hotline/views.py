"""Public hotline and contact directory, and the vCard of each contact."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from anphu_portal.caching import prefetch_page, versioned_key
from anphu_portal.slugs import ascii_slug
from hotline.forms import DirectoryFilterForm
from hotline.models import Contact, ContactGroup

HONORIFICS = ("ông", "bà", "anh", "chị")


class DirectoryView(TemplateView):
    """Show every active group with its contacts, narrowed by ?q= when given."""

    template_name = "hotline/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DirectoryFilterForm.from_query_string(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        unit = self.request.unit
        if not query:  # The kept directory and the layout's fragments: one round trip.
            prefetch_page(self.request, [versioned_key("directory", sections=("hotline",))])

        def read_groups() -> list:
            contacts = Contact.objects.for_unit(unit).active().search(query).defer("search_text")
            active = ContactGroup.objects.for_unit(unit).active()
            groups = list(active.with_active_contacts(contacts))
            if query:
                groups = [group for group in groups if group.public_contacts]
            return groups

        # Read only where the template shows them: the whole directory is a cached fragment.
        groups = SimpleLazyObject(read_groups)
        context.update(
            form=form,
            query=query,
            groups=groups,
            contact_count=SimpleLazyObject(
                lambda: sum(len(group.public_contacts) for group in groups)
            ),
        )
        return context


@require_safe
def contact_vcard(request, pk: int):
    """Send one active contact as a vCard file that phones can import."""
    contacts = Contact.objects.for_unit(request.unit).active().select_related("group")
    contact = get_object_or_404(contacts, pk=pk)
    filename = ascii_slug(contact.display_name, fallback=f"lien-he-{contact.pk}") + ".vcf"
    response = HttpResponse(build_vcard(contact), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def build_vcard(contact: Contact) -> str:
    """Return the vCard 3.0 text (CRLF lines, folded at 75 octets) of one contact."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:" + ";".join(_escape(part) for part in _name_parts(contact.name)),
        "FN:" + _escape(contact.display_name),
    ]
    if contact.title:
        lines.append("TITLE:" + _escape(contact.title))
    if contact.organization:
        lines.append("ORG:" + _escape(contact.organization))
    for number in contact.phone_numbers:
        kind = "CELL,VOICE" if number.is_mobile else "WORK,VOICE"
        lines.append(f"TEL;TYPE={kind}:{number.international}")
    if contact.email:
        lines.append("EMAIL;TYPE=INTERNET,WORK:" + _escape(contact.email))
    if contact.address:
        lines.append("ADR;TYPE=WORK:;;" + _escape(contact.address) + ";;;;Việt Nam")
    if contact.note:
        lines.append("NOTE:" + _escape(contact.note))
    lines.append("END:VCARD")
    return "".join(_fold_line(line) + "\r\n" for line in lines)


def _name_parts(name: str) -> list[str]:
    """Split "Ông Huỳnh Hưng Thượng" into family, given, middle names, prefix and suffix."""
    words = name.split()
    prefix = ""
    if len(words) > 1 and words[0].lower() in HONORIFICS:
        prefix, words = words[0], words[1:]
    if not words:
        return ["", "", "", prefix, ""]
    if len(words) == 1:
        return ["", words[0], "", prefix, ""]
    return [words[0], words[-1], " ".join(words[1:-1]), prefix, ""]


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold_line(line: str, limit: int = 75) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            # A continuation line starts with a space, which counts toward its length.
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)
