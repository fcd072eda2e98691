"""Form templates (mẫu đơn, tờ khai): what may be uploaded and how it is downloaded."""

import re
from pathlib import PurePath

from django.core.exceptions import ValidationError

from anphu_portal.folding import fold
from anphu_portal.uploads import CONTENT_TYPES as ALL_CONTENT_TYPES
from anphu_portal.uploads import content_matches, extension_of

MAX_FORM_BYTES = 20 * 1024 * 1024
FORM_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt")
CONTENT_TYPES = {extension: ALL_CONTENT_TYPES[extension] for extension in FORM_EXTENSIONS}
ALLOWED_TEXT = "PDF, DOC, DOCX, XLS, XLSX hoặc ODT"


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
