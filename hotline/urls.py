from django.urls import path

from hotline import views
from hotline.sitemaps import DirectorySitemap

app_name = "hotline"

# Sitemaps of this app, merged into /sitemap.xml by the root URLconf.
sitemaps = {"hotline": DirectorySitemap}

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("lien-he/<int:pk>.vcf", views.contact_vcard, name="vcard"),
]
