"""Keep a dry-run upload for a while, so the officer can import the same file for real.

The file goes to the private storage (a folder outside MEDIA_ROOT, or a private bucket),
never to one server's temporary folder: the request that imports it for real may reach
another app server. An uploaded catalogue is never served to the public.
"""

import secrets

from django.core.files.base import ContentFile

from anphu_portal.private_files import private_storage

FOLDER = "thu-tuc-nhap"
SESSION_KEY = "procedure_import_upload"


def keep_upload(request, *, name: str, data: bytes) -> str:
    """Store the file for this session, replacing an earlier one; return its token."""
    discard_upload(request)
    token = secrets.token_urlsafe(16)
    stored = private_storage().save(f"{FOLDER}/{token}", ContentFile(data))
    request.session[SESSION_KEY] = {"token": token, "name": name, "stored": stored}
    return token


def take_upload(request, token: str) -> tuple[str, bytes] | None:
    """Return (name, data) of the file kept under this token, once; None when gone."""
    kept = request.session.get(SESSION_KEY)
    if not kept or not secrets.compare_digest(kept["token"], token):
        return None
    try:
        with private_storage().open(_stored_name(kept), "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        data = None
    discard_upload(request)
    return (kept["name"], data) if data is not None else None


def discard_upload(request) -> None:
    """Delete the file kept for this session, if any."""
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        private_storage().delete(_stored_name(kept))


def _stored_name(kept: dict) -> str:
    # Sessions written before the file moved to the storage hold only the token.
    return kept.get("stored") or f"{FOLDER}/{kept['token']}"
