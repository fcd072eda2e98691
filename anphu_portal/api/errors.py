"""JSON error bodies of the API, with a Vietnamese and an English message."""

from rest_framework import exceptions
from rest_framework.views import exception_handler

from anphu_portal.api.pagination import PageBeyondCapError

THROTTLED = (
    "Quá nhiều yêu cầu từ địa chỉ của bạn; vui lòng thử lại sau {wait} giây. / "
    "Too many requests from your address; please retry in {wait} seconds."
)
METHOD_NOT_ALLOWED = (
    "Dữ liệu mở chỉ cho phép đọc (GET, HEAD, OPTIONS). / "
    "The open-data API is read-only (GET, HEAD, OPTIONS)."
)


def api_exception_handler(error, context):
    """Return DRF's error answer, with clearer bodies for throttled, write and deep-page requests."""
    response = exception_handler(error, context)
    if response is None:
        return None
    if isinstance(error, exceptions.Throttled):
        wait = int(error.wait or 1)
        response.data = {"detail": THROTTLED.format(wait=wait), "retry_after": wait}
    elif isinstance(error, exceptions.MethodNotAllowed):
        response.data = {"detail": METHOD_NOT_ALLOWED}
    elif isinstance(error, PageBeyondCapError):
        response.data = error.body
    return response
