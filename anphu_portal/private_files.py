"""Citizens' files (attachments to questions, comments on drafts): never under /media/.

They are stored through the `private` storage of `STORAGES` (a folder outside MEDIA_ROOT
that nginx does not serve, or a private bucket on S3-compatible storage) and reach staff
only through a view of the owning app that checks the role and the unit first, then
answers with `private_file_response`: the file itself from a folder, or a redirect to a
signed URL that expires within a minute from a bucket.
"""

import mimetypes
from pathlib import PurePath

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

from anphu_portal.uploads import CONTENT_TYPES, extension_of


class PrivateStorage(LazyObject):
    """The `private` storage of STORAGES, looked up on first use and again after a change.

    A FileField resolves a callable storage once, when its model loads; this proxy lets
    such a field follow the settings of the moment (tests use a temporary folder).
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private = PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        _private._wrapped = empty


def private_storage():
    """Return the private storage; a callable, so migrations name it rather than copy it."""
    return _private


def is_remote(storage) -> bool:
    """Return True for a storage that keeps files elsewhere than this server's disk."""
    try:
        storage.path("")
    except NotImplementedError:
        return True
    return False


def private_file_response(
    field_file, *, download_name: str | None = None
) -> FileResponse | HttpResponseRedirect:
    """Answer with a stored private file as an attachment that no cache keeps.

    On object storage the answer is a redirect to a short-lived signed URL of the file, so
    the app server never carries the bytes; the URL itself is never cached either.
    Call it only after checking that the user may see the object holding the file.
    """
    if not field_file:
        raise Http404("Không có tệp.")
    storage = field_file.storage
    name = download_name or PurePath(field_file.name).name
    content_type = CONTENT_TYPES.get(extension_of(name)) or (
        mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    if is_remote(storage):
        if not storage.exists(field_file.name):
            raise Http404("Không tìm thấy tệp.")
        disposition = content_disposition_header(as_attachment=True, filename=name)
        url = storage.url(
            field_file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = storage.open(field_file.name, "rb")
        except FileNotFoundError as missing:
            raise Http404("Không tìm thấy tệp.") from missing
        response = FileResponse(
            handle, as_attachment=True, filename=name, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
