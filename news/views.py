"""Public news pages."""

from django.views.generic import TemplateView


class NewsIndexView(TemplateView):
    """List all news, newest first."""

    template_name = "news/article_list.html"
