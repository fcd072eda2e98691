from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        from anphu_portal.caching import invalidate_on_change, next_scheduled
        from anphu_portal.registry import portal
        from documents import api, search
        from documents.models import (
            Attachment,
            Document,
            DocumentRelation,
            DocumentType,
            DraftComment,
            Field,
            Issuer,
        )
        from documents.personal_data import erase_comment_contacts
        from documents.sitemaps import DocumentListSitemap, document_year_sections
        from documents.unit_template import create_default_lists

        # The types name the menu's disclosure entries (every page); a published document
        # may be the legal basis a procedure page links to.
        invalidate_on_change(DocumentType, sections=("documents", "site"))
        invalidate_on_change(Document, DocumentRelation, sections=("documents", "procedures"))
        invalidate_on_change(Issuer, Field, Attachment, DraftComment)
        # A document published at a set time appears then on the pages cached before it.
        portal.register_page_deadline(
            "documents-scheduled",
            next_scheduled(
                "documents-next-publication",
                sections=("documents",),
                next_moment=Document.objects.next_publication,
            ),
            # Its own query (about 0.3 ms, once per version of the documents): only on the
            # documents' own pages, not on the home page's budget.
            sections=("documents",),
            general_pages=False,
        )
        portal.register_search_section(search.SEARCH_SECTION)
        portal.register_api_routes("documents", api.urlpatterns)
        portal.register_sitemaps({"documents-list": DocumentListSitemap})
        portal.register_sitemap_group("documents-by-year", document_year_sections)
        portal.register_unit_template("documents", create_default_lists)
        portal.register_personal_data_cleanup("documents", erase_comment_contacts)
