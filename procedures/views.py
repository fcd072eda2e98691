"""Public administrative-procedure catalogue."""

from django.views.generic import TemplateView


class ProcedureListView(TemplateView):
    """List the active procedures with filters."""

    template_name = "procedures/procedure_list.html"
