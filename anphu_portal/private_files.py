"""Citizens' files (attachments to questions, comments on drafts): never under /media/.

They are stored through the `private` storage of `STORAGES` (a folder outside MEDIA_ROOT
that nginx does not serve) and reach staff only through a view of the owning app that
checks the role and the unit first, then answers with `private_file_response`.
"""

import mimetypes
from pathlib import PurePath

from django.core.files.storage import storages
from django.http import FileResponse, Http404

from anphu_portal.uploads import CONTENT_TYPES, extension_of


def private_storage():
    """Return the private storage; a callable, so FileFields follow the current settings."""
    return storages["private"]


def private_file_response(field_file, *, download_name: str | None = None) -> FileResponse:
    """Answer with a stored private file as an attachment that no cache keeps.

    Call it only after checking that the user may see the object holding the file.
    """
    if not field_file:
        raise Http404("Không có tệp.")
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404("Không tìm thấy tệp.") from missing
    name = download_name or PurePath(field_file.name).name
    content_type = CONTENT_TYPES.get(extension_of(name)) or (
        mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
