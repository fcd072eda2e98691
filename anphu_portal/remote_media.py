"""Pictures served from object storage: their origin allowed in the page's img-src.

With media in an S3-compatible bucket, covers, renditions and editor images have URLs on
the bucket's host (or AWS_S3_CUSTOM_DOMAIN). The strict Content-Security-Policy allows
images from 'self' only; this middleware adds that one origin, nothing wider.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver

IMG_SRC = "img-src 'self' data:"


@lru_cache(maxsize=1)
def media_origin() -> str:
    """Return "https://host" of the default storage's URLs, or "" when they are local."""
    parts = urlsplit(default_storage.url("x.jpg"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@receiver(setting_changed)
def _forget_media_origin(*, setting, **kwargs):
    if setting == "STORAGES":
        media_origin.cache_clear()


class RemoteMediaCspMiddleware:
    """Allow images from the media bucket's origin; place it before the CSP middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origin = media_origin()
        policy = response.headers.get("Content-Security-Policy")
        if origin and policy and IMG_SRC in policy:
            response.headers["Content-Security-Policy"] = policy.replace(
                IMG_SRC, f"{IMG_SRC} {origin}"
            )
        return response
