"""Without bucket variables, the same code keeps files on this server's disk."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from anphu_portal.private_files import is_remote, private_storage
from news.images import generated_name_storage
from procedures.kept_uploads import keep_upload, take_upload


def test_editor_package_storage_is_the_media_folder_with_generated_names(settings):
    storage = generated_name_storage()
    assert isinstance(storage, FileSystemStorage) and not is_remote(storage)
    name = storage.save("Ảnh của tôi.png", ContentFile(b"\x89PNG"))
    assert name.startswith("news/noi-dung/") and "toi" not in name
    assert (settings.MEDIA_ROOT / name).read_bytes() == b"\x89PNG"


@pytest.mark.django_db
def test_a_kept_upload_lives_in_the_private_folder_not_in_media(rf, settings):
    request = rf.post("/")
    request.session = {}
    token = keep_upload(request, name="bang.csv", data=b"ma,ten\n")
    kept = list(settings.PRIVATE_MEDIA_ROOT.rglob("*"))
    assert [path.read_bytes() for path in kept if path.is_file()] == [b"ma,ten\n"]
    assert not settings.MEDIA_ROOT.exists()
    assert not is_remote(private_storage())

    assert take_upload(request, "another-token") is None
    assert take_upload(request, token) == ("bang.csv", b"ma,ten\n")
    assert not any(path.is_file() for path in settings.PRIVATE_MEDIA_ROOT.rglob("*"))
