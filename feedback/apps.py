from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Hỏi đáp, phản ánh kiến nghị"

    def ready(self):
        from anphu_portal.registry import portal
        from feedback import api, search, signals
        from feedback.personal_data import erase_closed_feedback
        from feedback.sitemaps import QuestionListSitemap, QuestionSitemap

        # Published answers appear on the public Q&A page.
        signals.connect()
        portal.register_search_section(search.SEARCH_SECTION)
        portal.register_api_routes("feedback", api.urlpatterns)
        portal.register_sitemaps({"hoi-dap": QuestionListSitemap, "feedback": QuestionSitemap})
        portal.register_personal_data_cleanup("feedback", erase_closed_feedback)
