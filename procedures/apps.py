from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self):
        from anphu_portal.caching import invalidate_on_change
        from anphu_portal.registry import portal
        from procedures import api, models, search
        from procedures.sitemaps import ProcedureSitemap

        invalidate_on_change(
            models.Sector,
            models.Agency,
            models.Level,
            models.Procedure,
            models.ProcedureChannel,
            models.RequiredDocument,
            models.LegalBasis,
            catalogue=True,
        )
        # A unit's choices and details change that unit's pages only.
        invalidate_on_change(models.UnitProcedureScope, models.UnitProcedureDetail)
        # Agency links need no receiver of their own: they are saved with their procedure.
        portal.register_search_section(search.SEARCH_SECTION)
        portal.register_sitemaps({"procedures": ProcedureSitemap})
        portal.register_api_routes("procedures", api.urlpatterns)
