"""Image uploads (cover and editor images): validation, safe names and renditions."""

import io
import re
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from imagekit.cachefiles.strategies import Optimistic
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_PIXELS = 40_000_000
# Pillow format name -> file extension of the stored copy.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RENDITION_WIDTHS = (400, 800, 1200)
# WebP "method" 2 encodes three times faster than the default for a few percent more bytes.
RENDITION_OPTIONS = {
    "WEBP": {"quality": 80, "method": 2},
    "JPEG": {"quality": 80, "progressive": True},
}
# Body images wider than this are scaled down on upload: pages never send a camera original.
EDITOR_IMAGE_MAX_WIDTH = 1600


def inspect_image(file) -> str:
    """Return the Pillow format of an uploaded image, or raise a Vietnamese ValidationError."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "Tệp ảnh quá lớn (%(size)s MB). Chỉ nhận ảnh tối đa 10 MB.",
            code="too_large",
            params={"size": f"{size / 1024 / 1024:.1f}"},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_UPLOAD_PIXELS:
                raise ValidationError(
                    "Ảnh có %(pixels)s triệu điểm ảnh, vượt quá giới hạn 40 triệu điểm ảnh. "
                    "Hãy thu nhỏ ảnh rồi tải lên lại.",
                    code="too_many_pixels",
                    params={"pixels": f"{width * height / 1_000_000:.0f}"},
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "Tệp này không phải là ảnh hợp lệ. Hãy chọn ảnh JPEG, PNG, WebP hoặc GIF.",
            code="not_an_image",
        ) from None
    finally:
        if not getattr(file, "closed", False):
            file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "Định dạng ảnh %(format)s không được hỗ trợ. Hãy chọn ảnh JPEG, PNG, WebP hoặc GIF.",
            code="bad_format",
            params={"format": image_format or "?"},
        )
    return image_format


def validate_image_upload(file) -> None:
    """Refuse a new upload that Pillow cannot open as an image of accepted size and format."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    inspect_image(file)


def safe_image_name(folder: str, original_name: str) -> str:
    """Return a generated storage name; the uploader's file name is never used."""
    extension = PurePosixPath(original_name or "").suffix.lower().lstrip(".")
    if extension == "jpeg":
        extension = "jpg"
    if extension not in ACCEPTED_FORMATS.values():
        extension = "jpg"
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def cover_upload_to(instance, filename: str) -> str:
    """Store cover images under a generated name."""
    return safe_image_name("news/anh-bia", filename)


def store_editor_image(*, file) -> str:
    """Validate an image uploaded from the editor, scale it down if huge, and return its URL."""
    image_format = inspect_image(file)
    extension = ACCEPTED_FORMATS[image_format]
    name = safe_image_name("news/noi-dung", f"x.{extension}")
    with Image.open(file) as image:
        if image.width > EDITOR_IMAGE_MAX_WIDTH and image_format != "GIF":
            height = round(image.height * EDITOR_IMAGE_MAX_WIDTH / image.width)
            resized = image.resize((EDITOR_IMAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
            content = _encode(resized, image_format)
        else:
            file.seek(0)
            content = ContentFile(file.read())
    stored = default_storage.save(name, content)
    return default_storage.url(stored)


def _encode(image: Image.Image, image_format: str) -> ContentFile:
    buffer = io.BytesIO()
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(buffer, image_format, quality=85)
    return ContentFile(buffer.getvalue())


def cover_rendition(width: int, image_format: str) -> ImageSpecField:
    """Return a resized copy of the cover, made when the cover is saved (never on a page view)."""
    return ImageSpecField(
        source="cover",
        processors=[ResizeToFit(width=width, upscale=False)],
        format=image_format,
        options=RENDITION_OPTIONS[image_format],
        cachefile_strategy=Optimistic,
    )


class GeneratedNameStorage(FileSystemStorage):
    """Media storage for the editor package's own upload URL: never the uploader's name."""

    def get_available_name(self, name, max_length=None):
        return super().get_available_name(safe_image_name("news/noi-dung", name), max_length)


def copy_stored_image(name: str, folder: str) -> str:
    """Store a copy of a stored image under a new generated name and return that name.

    A shared article gets files of its own: deleting or replacing the source's image
    must never change the copy.
    """
    with default_storage.open(name, "rb") as original:
        content = ContentFile(original.read())
    return default_storage.save(safe_image_name(folder, name), content)


def copy_body_images(body: str) -> str:
    """Return the body with each image stored under MEDIA_URL replaced by a copy of its own."""
    prefix = settings.MEDIA_URL

    def copy(match: re.Match) -> str:
        name = match.group(2)[len(prefix) :]
        if not default_storage.exists(name):
            return match.group(0)
        new_name = copy_stored_image(name, "news/noi-dung")
        return f"{match.group(1)}{default_storage.url(new_name)}{match.group(3)}"

    pattern = re.compile(rf'(<img\b[^>]*?\bsrc=")({re.escape(prefix)}[^"]+)(")')
    return pattern.sub(copy, body)
