"""Sitemap of the procedure catalogue."""

from django.contrib.sitemaps import Sitemap

from anphu_portal.current_unit import current_unit
from procedures.models import Procedure


class ProcedureSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        shown = Procedure.objects.active().for_unit(current_unit())
        return shown.only("code", "updated_at").order_by("code")

    def lastmod(self, procedure):
        return procedure.updated_at
