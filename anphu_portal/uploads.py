"""Uploaded files checked by their content, not by the name or type the browser sent."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from PIL import Image, UnidentifiedImageError

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# Extension -> entries a ZIP-based office file must contain.
ZIP_ENTRIES = {
    ".docx": {"[Content_Types].xml", "word/document.xml"},
    ".xlsx": {"[Content_Types].xml", "xl/workbook.xml"},
    ".odt": {"mimetype", "content.xml"},
    ".zip": set(),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Extension -> the image format Pillow must find in the file.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".zip": "application/zip",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower()


def _zip_matches(file, extension: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if not ZIP_ENTRIES[extension] <= names:
                return False
            if extension == ".odt":
                return archive.read("mimetype").strip() == ODT_MIMETYPE
            return True
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return False


def _image_matches(file, extension: str) -> bool:
    try:
        with Image.open(file) as image:
            if image.format != IMAGE_FORMATS[extension]:
                return False
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def content_matches(file, extension: str) -> bool:
    """Return True when the file's bytes are of the kind its extension claims."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if extension == ".pdf":
            return head.startswith(b"%PDF-")
        if extension in (".doc", ".xls"):
            return head == OLE2_MAGIC
        if extension in IMAGE_FORMATS:
            return _image_matches(file, extension)
        if extension in ZIP_ENTRIES:
            return head.startswith(b"PK\x03\x04") and _zip_matches(file, extension)
        return False
    finally:
        file.seek(0)


@deconstructible
class FileKindValidator:
    """Accept only the listed extensions, up to `max_bytes`, whose content matches the name.

    A file already stored (a form saved again unchanged) was checked when it was uploaded.
    """

    def __init__(self, extensions: tuple[str, ...], max_bytes: int):
        self.extensions = tuple(extensions)
        self.max_bytes = max_bytes

    @property
    def allowed_text(self) -> str:
        names = [extension[1:].upper() for extension in self.extensions if extension != ".jpeg"]
        return ", ".join(names[:-1]) + f" hoặc {names[-1]}" if len(names) > 1 else names[0]

    def __call__(self, file) -> None:
        if getattr(file, "_committed", False):
            return
        name = PurePath(file.name or "").name
        extension = extension_of(name)
        if extension not in self.extensions:
            raise ValidationError(
                "Chỉ nhận tệp %(allowed)s; tệp “%(name)s” không đúng định dạng.",
                code="file_extension",
                params={"allowed": self.allowed_text, "name": name},
            )
        if file.size > self.max_bytes:
            raise ValidationError(
                "Tệp “%(name)s” lớn hơn %(limit)s; hãy nén hoặc tách nhỏ tệp.",
                code="file_size",
                params={"name": name, "limit": filesizeformat(self.max_bytes)},
            )
        if not content_matches(file, extension):
            raise ValidationError(
                "Nội dung tệp “%(name)s” không phải tệp %(kind)s thật; hãy lưu lại tệp "
                "bằng phần mềm gốc rồi tải lên.",
                code="file_content",
                params={"name": name, "kind": extension[1:].upper()},
            )

    def __eq__(self, other):
        return (
            isinstance(other, FileKindValidator)
            and self.extensions == other.extensions
            and self.max_bytes == other.max_bytes
        )
