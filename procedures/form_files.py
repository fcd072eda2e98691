"""Form templates (mẫu đơn, tờ khai): what may be uploaded and how it is downloaded."""

import re
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

from anphu_portal.folding import fold

MAX_FORM_BYTES = 20 * 1024 * 1024
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# Extension -> entries a ZIP-based office file must contain.
ZIP_ENTRIES = {
    ".docx": {"[Content_Types].xml", "word/document.xml"},
    ".xlsx": {"[Content_Types].xml", "xl/workbook.xml"},
    ".odt": {"mimetype", "content.xml"},
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}
ALLOWED_TEXT = "PDF, DOC, DOCX, XLS, XLSX hoặc ODT"


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


def content_matches(file, extension: str) -> bool:
    """Return True when the file's bytes are of the kind its extension claims."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in (".doc", ".xls"):
        return head == OLE2_MAGIC
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        return _zip_matches(file, extension)
    finally:
        file.seek(0)


def validate_form_file(file) -> None:
    """Accept only PDF/Word/Excel/OpenDocument text files up to 20 MB, checked by content."""
    if getattr(file, "_committed", False):
        # A file already stored (the form saved again unchanged) was checked when uploaded.
        return
    extension = extension_of(file.name)
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            f"Chỉ nhận tệp {ALLOWED_TEXT}; tệp “%(name)s” không đúng định dạng.",
            code="form_extension",
            params={"name": PurePath(file.name).name},
        )
    if file.size > MAX_FORM_BYTES:
        raise ValidationError(
            "Tệp mẫu đơn lớn hơn 20 MB; hãy nén hoặc tách nhỏ tệp.", code="form_size"
        )
    if not content_matches(file, extension):
        raise ValidationError(
            "Nội dung tệp “%(name)s” không phải tệp %(kind)s thật; hãy lưu lại tệp "
            "bằng phần mềm soạn thảo rồi tải lên.",
            code="form_content",
            params={"name": PurePath(file.name).name, "kind": extension[1:].upper()},
        )


def download_name(label: str, stored_name: str) -> str:
    """Return a safe ASCII file name for a download, e.g. to-khai-dang-ky-khai-sinh.docx."""
    extension = extension_of(stored_name)
    stem = re.sub(r"[^a-z0-9]+", "-", fold(label))[:80].strip("-") or "mau-don"
    return f"{stem}{extension if extension in CONTENT_TYPES else ''}"
