"""The portal's URLs plus one permission-checked view of a private file, as apps write them."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from anphu_portal.private_files import private_file_response, private_storage
from anphu_portal.urls import urlpatterns as portal_urlpatterns


class StoredFile:
    """What a FileField gives a view: the stored name and its storage."""

    def __init__(self, name):
        self.name = name
        self.storage = private_storage()

    def __bool__(self):
        return bool(self.name)


def attachment(request, name):
    if not request.user.has_perm("procedures.change_procedure"):
        raise PermissionDenied
    return private_file_response(StoredFile(name), download_name="ho-so-dinh-kem.pdf")


urlpatterns = [path("tep-rieng/<path:name>", attachment), *portal_urlpatterns]
