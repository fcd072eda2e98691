"""Conditional GET for the API: an ETag on every answer, 304 when the client has it."""

from django.middleware.http import ConditionalGetMiddleware

API_PREFIX = "/api/"


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware, for /api/ only.

    HTML pages carry the visitor figures, refreshed on every answer, so an ETag would
    never hold for them; an API answer is the same bytes until its content changes.
    """

    def process_response(self, request, response):
        if not request.path_info.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
