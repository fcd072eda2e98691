"""Public hotline and contact directory."""

from django.views.generic import TemplateView


class DirectoryView(TemplateView):
    """Show every active contact group with its contacts."""

    template_name = "hotline/directory.html"
