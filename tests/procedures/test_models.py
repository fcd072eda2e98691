"""Procedure rules: search text, search, steps text, form-file checks, download names."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from procedures.form_files import MAX_FORM_BYTES, download_name, validate_form_file
from procedures.models import Procedure
from procedures.text import split_steps
from tests.factories import make_form_file, make_procedure


@pytest.mark.django_db
def test_search_text_starts_with_the_folded_name_then_other_fields():
    procedure = make_procedure()
    assert procedure.search_text.startswith("dang ky khai sinh | 1.001193 ho tich ")
    assert "giay khai sinh" in procedure.search_text.split(" | ", 1)[1]


@pytest.mark.django_db
def test_search_matches_every_word_without_accents_or_the_exact_code():
    make_procedure()
    make_procedure("1.000894", "Đăng ký kết hôn", TUKHOA="", KETQUATHUCHIEN=[])

    def codes(query):
        return sorted(Procedure.objects.active().search(query).values_list("code", flat=True))

    assert codes("dang ky") == ["1.000894", "1.001193"]
    assert codes("Đăng ký kết hôn") == ["1.000894"]
    assert codes("1.000894") == ["1.000894"]
    assert codes("") == ["1.000894", "1.001193"]


@pytest.mark.django_db
def test_active_hides_withdrawn_procedures():
    procedure = make_procedure()
    procedure.active = False
    procedure.save()
    assert not Procedure.objects.active().exists()


def test_steps_text_is_grouped_by_case():
    text = "Bước 1: Nộp\ncòn tiếp\n\nBước 2: Nhận\n\nTrường hợp: Quá hạn\nBước 1: Nộp muộn"
    assert split_steps(text) == [
        ("", ["Bước 1: Nộp\ncòn tiếp", "Bước 2: Nhận"]),
        ("Quá hạn", ["Bước 1: Nộp muộn"]),
    ]
    assert split_steps("") == []


@pytest.mark.parametrize("kind", ["pdf", "doc", "docx", "xls", "xlsx", "odt"])
def test_real_form_files_of_each_allowed_kind_are_accepted(kind):
    validate_form_file(make_form_file(kind))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX hoặc ODT"),
        ("anh.jpg", b"\xff\xd8\xff", "Chỉ nhận tệp"),
        ("gia.pdf", b"<html>not a pdf</html>", "không phải tệp PDF thật"),
        ("gia.doc", b"PK\x03\x04....", "không phải tệp DOC thật"),
        ("gia.docx", b"%PDF-1.4 renamed", "không phải tệp DOCX thật"),
        ("gia.xlsx", b"PK\x03\x04 broken zip", "không phải tệp XLSX thật"),
    ],
)
def test_other_files_are_refused_with_a_vietnamese_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_form_file(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_a_docx_is_not_accepted_as_an_xlsx_or_odt():
    docx = make_form_file("docx").read()
    for name in ("bang.xlsx", "van-ban.odt"):
        with pytest.raises(ValidationError):
            validate_form_file(SimpleUploadedFile(name, docx))


def test_form_files_over_20_mb_are_refused():
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * MAX_FORM_BYTES)
    with pytest.raises(ValidationError, match="20 MB"):
        validate_form_file(big)


def test_download_name_is_safe_ascii_with_the_stored_extension():
    assert download_name("Tờ khai đăng ký khai sinh", "x/abc.DOCX") == (
        "to-khai-dang-ky-khai-sinh.docx"
    )
    assert download_name('../"x"\r\n', "a.pdf") == "x.pdf"
    assert download_name("", "a.exe") == "mau-don"
