"""Text read from attached PDFs, outside any request, so words inside them can be found.

Run by `manage.py extract_document_text` (cron, and after an import). A PDF without a
text layer (a scan) or with text in the pre-Unicode TCVN3/VNI encodings is flagged for the
clerk in admin, since its words cannot be searched as they are.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from documents.models import Attachment, Document, TextState

logger = logging.getLogger(__name__)

# A page of real text has far more than this; a scan's page has none or a few stray marks.
MIN_CHARACTERS_PER_PAGE = 20
# Latin-1 letters Vietnamese Unicode text uses; other Latin-1 symbols in quantity betray
# TCVN3 ("Quy\u00d5t \u00ae\u00deng") or VNI ("Quye\u00e1t \u00f1\u00f2nh") text shown as Latin-1.
VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
LEGACY_SHARE = 0.03


@dataclass
class Extracted:
    text: str
    state: str


def looks_legacy_encoded(text: str) -> bool:
    """Return whether text reads like TCVN3 or VNI bytes shown as Latin-1, not Unicode."""
    letters = [ch for ch in text if ch.isalpha() or "\u00a0" <= ch <= "\u00ff"]
    if not letters:
        return False
    vietnamese = sum(1 for ch in letters if ch in "ăâđêôơưĂÂĐÊÔƠƯ" or "\u1ea0" <= ch <= "\u1ef9")
    odd = sum(1 for ch in letters if "\u00a0" <= ch <= "\u00ff" and ch not in VIETNAMESE_LATIN1)
    return odd / len(letters) > LEGACY_SHARE and vietnamese < odd


def extract_pdf_text(path, *, max_pages: int, max_seconds: float) -> Extracted:
    """Return the text of a PDF's first `max_pages` pages, stopping after `max_seconds`."""
    started = time.monotonic()
    try:
        reader = PdfReader(path)
        pages = []
        for number, page in enumerate(reader.pages):
            if number >= max_pages or time.monotonic() - started > max_seconds:
                break
            pages.append(page.extract_text() or "")
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("PDF text extraction failed for %s: %s", path, error)
        return Extracted("", TextState.FAILED)
    text = "\n".join(pages).strip()
    if len(text) < MIN_CHARACTERS_PER_PAGE * max(len(pages), 1) / 4:
        return Extracted(text, TextState.SCANNED)
    if looks_legacy_encoded(text):
        return Extracted(text, TextState.LEGACY)
    return Extracted(text, TextState.EXTRACTED)


def extract_attachment_text(attachment: Attachment) -> str:
    """Read one attachment's text, store it and its state, and refresh its document's search."""
    if attachment.extension != ".pdf":
        result = Extracted("", TextState.NOT_PDF)
    else:
        try:
            with attachment.file.open("rb") as handle:
                result = extract_pdf_text(
                    handle,
                    max_pages=settings.DOCUMENT_TEXT_MAX_PAGES,
                    max_seconds=settings.DOCUMENT_TEXT_MAX_SECONDS,
                )
        except FileNotFoundError:
            result = Extracted("", TextState.FAILED)
    # Searchable only when the words are real Unicode ones.
    searchable = result.text if result.state == TextState.EXTRACTED else ""
    Attachment.objects.filter(pk=attachment.pk).update(
        text=searchable, text_state=result.state, text_checked_at=timezone.now()
    )
    attachment.text, attachment.text_state = searchable, result.state
    Document.objects.get(pk=attachment.document_id).refresh_search_text()
    return result.state


def pending_attachments(*, again: bool = False, unit=None):
    """Return the attachments whose text is still to be read (all of them with `again`)."""
    attachments = Attachment.objects.select_related("document").order_by("pk")
    if unit is not None:
        attachments = attachments.filter(document__unit=unit)
    return attachments if again else attachments.filter(text_state=TextState.PENDING)
