from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self):
        from anphu_portal.caching import invalidate_on_change
        from anphu_portal.registry import portal
        from procedures import models, search
        from procedures.sitemaps import ProcedureSitemap

        invalidate_on_change(
            models.Sector,
            models.Agency,
            models.Procedure,
            models.ProcedureChannel,
            models.RequiredDocument,
            models.LegalBasis,
        )
        portal.register_search_section(search.SEARCH_SECTION)
        portal.register_sitemaps({"procedures": ProcedureSitemap})
