from django.urls import path, register_converter

from procedures import views


class ProcedureCodeConverter:
    """Match a procedure code (1.001193, 2.000123.000.00.00.H01); anything else is a 404."""

    regex = r"[0-9A-Za-z][0-9A-Za-z._-]{0,59}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ProcedureCodeConverter, "procedure_code")

app_name = "procedures"

urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="list"),
    path("<procedure_code:code>/", views.ProcedureDetailView.as_view(), name="detail"),
    path("<procedure_code:code>/mau-don/<int:pk>/", views.download_form, name="form"),
]
