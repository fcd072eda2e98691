"""Sitemap of the procedure catalogue."""

from django.contrib.sitemaps import Sitemap

from procedures.models import Procedure


class ProcedureSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Procedure.objects.active().only("code", "updated_at").order_by("code")

    def lastmod(self, procedure):
        return procedure.updated_at
