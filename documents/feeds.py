"""RSS feed of the unit's newest published documents."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from anphu_portal.current_unit import current_unit
from documents.models import Document


# Like every public page, a feed answers GET and HEAD only (405 with Allow otherwise).
@method_decorator(require_safe, name="__call__")
class LatestDocumentsFeed(Feed):
    title = "Văn bản mới"
    description = "Văn bản mới ban hành và dự thảo lấy ý kiến."

    def link(self):
        return reverse("documents:list")

    def items(self):
        return (
            Document.objects.for_unit(current_unit())
            .published()
            .select_related("document_type", "issuer")
            .defer("body", "search_text")
            .order_by("-publish_at", "-pk")[:30]
        )

    def item_title(self, document):
        return f"{document.document_type.name} {document.number}"

    def item_description(self, document):
        return document.summary

    def item_pubdate(self, document):
        return document.publish_at

    def item_updateddate(self, document):
        return document.updated_at

    def item_link(self, document):
        return document.get_absolute_url()
