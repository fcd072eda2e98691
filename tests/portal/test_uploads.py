"""Files checked by content, and private files kept away from /media/."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from anphu_portal.private_files import private_file_response, private_storage
from anphu_portal.uploads import FileKindValidator
from tests.factories import make_form_file, make_image_file

DOCUMENTS = FileKindValidator((".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip"), 30 * 2**20)
PHOTOS_OR_PDF = FileKindValidator((".jpg", ".jpeg", ".png", ".pdf"), 10 * 2**20)


def zip_file(name="ho-so.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("quyet-dinh.txt", "Quyết định số 125/QĐ-UBND")
    return SimpleUploadedFile(name, buffer.getvalue())


def refusal(validator, upload) -> str:
    with pytest.raises(ValidationError) as refused:
        validator(upload)
    return refused.value.code


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "doc"])
def test_real_office_files_and_archives_pass(kind):
    DOCUMENTS(make_form_file(kind))
    DOCUMENTS(zip_file())


def test_real_photos_pass_and_a_photo_named_pdf_does_not():
    PHOTOS_OR_PDF(make_image_file("anh.jpg"))
    PHOTOS_OR_PDF(make_image_file("anh.png", fmt="PNG"))
    renamed = make_image_file("anh.pdf")
    assert refusal(PHOTOS_OR_PDF, renamed) == "file_content"


def test_a_forged_file_is_refused_by_content():
    forged = SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00 this is a program")
    assert refusal(DOCUMENTS, forged) == "file_content"
    fake_docx = zip_file("bao-cao.docx")
    assert refusal(DOCUMENTS, fake_docx) == "file_content"
    text_as_jpeg = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff not really a photo")
    assert refusal(PHOTOS_OR_PDF, text_as_jpeg) == "file_content"


def test_a_wrong_extension_or_a_big_file_is_refused_in_vietnamese():
    with pytest.raises(ValidationError) as refused:
        PHOTOS_OR_PDF(SimpleUploadedFile("chay.exe", b"MZ"))
    assert refused.value.code == "file_extension"
    assert "JPG, PNG hoặc PDF" in refused.value.messages[0]
    small = FileKindValidator((".pdf",), 10)
    assert refusal(small, make_form_file("pdf")) == "file_size"


def test_the_validator_survives_migrations():
    assert FileKindValidator((".pdf",), 5).deconstruct()[2] == {}
    assert FileKindValidator((".pdf",), 5) == FileKindValidator((".pdf",), 5)


def test_private_files_live_outside_media_and_are_sent_as_uncached_attachments(settings):
    storage = private_storage()
    name = storage.save("hoi-dap/anh.jpg", ContentFile(b"\xff\xd8\xffdata"))
    path = storage.path(name)
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))

    class Stored:
        def __init__(self, name):
            self.name = name
            self.storage = storage

        def __bool__(self):
            return True

    response = private_file_response(Stored(name), download_name="anh-dinh-kem.jpg")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "image/jpeg"
    assert 'attachment; filename="anh-dinh-kem.jpg"' == response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"\xff\xd8\xffdata"
