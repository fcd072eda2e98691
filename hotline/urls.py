from django.urls import path

from hotline import views

app_name = "hotline"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("lien-he/<int:pk>.vcf", views.contact_vcard, name="vcard"),
]
