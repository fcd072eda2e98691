"""Sitemap of the procedure catalogue."""

from anphu_portal.current_unit import current_unit
from anphu_portal.sitemaps import PortalSitemap
from procedures.models import Procedure


class ProcedureSitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        shown = Procedure.objects.active().for_unit(current_unit())
        return shown.only("code", "updated_at").order_by("code")

    def lastmod(self, procedure):
        return procedure.updated_at
