"""Keep a dry-run upload for a while, so the officer can import the same file for real."""

import secrets
import tempfile
from pathlib import Path

# Outside MEDIA_ROOT: an uploaded catalogue is never served to the public.
KEPT_DIR = Path(tempfile.gettempdir()) / "anphu-procedure-imports"
SESSION_KEY = "procedure_import_upload"


def keep_upload(request, *, name: str, data: bytes) -> str:
    """Store the file for this session, replacing an earlier one; return its token."""
    discard_upload(request)
    token = secrets.token_urlsafe(16)
    KEPT_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    (KEPT_DIR / token).write_bytes(data)
    request.session[SESSION_KEY] = {"token": token, "name": name}
    return token


def take_upload(request, token: str) -> tuple[str, bytes] | None:
    """Return (name, data) of the file kept under this token, once; None when gone."""
    kept = request.session.get(SESSION_KEY)
    if not kept or not secrets.compare_digest(kept["token"], token):
        return None
    path = KEPT_DIR / kept["token"]
    data = path.read_bytes() if path.exists() else None
    discard_upload(request)
    return (kept["name"], data) if data is not None else None


def discard_upload(request) -> None:
    """Delete the file kept for this session, if any."""
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        (KEPT_DIR / kept["token"]).unlink(missing_ok=True)
