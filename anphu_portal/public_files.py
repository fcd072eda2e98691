"""Public stored files (documents' attachments, procedures' form templates) as downloads.

Citizens' files are another matter: see `anphu_portal.private_files`.
"""

from django.http import FileResponse, Http404

from anphu_portal.uploads import CONTENT_TYPES


def public_file_response(
    field_file,
    *,
    filename: str,
    extension: str,
    content_types: dict[str, str] = CONTENT_TYPES,
    not_found: str = "Không tìm thấy tệp.",
) -> FileResponse:
    """Answer with a public stored file as an attachment, typed by its extension."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(not_found) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_types.get(extension, "application/octet-stream"),
    )
