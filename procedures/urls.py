from django.urls import path

from procedures import views
from procedures.sitemaps import ProcedureSitemap

app_name = "procedures"

# Sitemaps of this app, merged into /sitemap.xml by the root URLconf.
sitemaps = {"procedures": ProcedureSitemap}

urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="list"),
    path("<str:code>/", views.ProcedureDetailView.as_view(), name="detail"),
    path("<str:code>/mau-don/<int:pk>/", views.download_form, name="form"),
]
