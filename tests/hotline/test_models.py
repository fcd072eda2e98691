"""Phone numbers, contact validation, search text and the public query sets."""

import pytest
from django.core.exceptions import ValidationError

from hotline.models import Contact
from hotline.phones import (
    PhoneNumbersFormField,
    format_phone,
    format_phone_list,
    normalize_phone,
    normalize_phone_list,
)
from tests.factories import make_contact, make_contact_group


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("0919272108", "0919272108"),
        ("0919.272.108", "0919272108"),
        ("0919 272 108", "0919272108"),
        ("0919-272-108", "0919272108"),
        ("+84 919 272 108", "0919272108"),
        ("+84919272108", "0919272108"),
        ("(+84) 378.247.247", "0378247247"),
        ("+84 (0) 378 247 247", "0378247247"),
        ("0084 919 272 108", "0919272108"),
        ("0563.123.456", "0563123456"),
        ("0701 234 567", "0701234567"),
        ("0812-345-678", "0812345678"),
        ("02963.957.006", "02963957006"),
        ("0296 3957 049", "02963957049"),
        ("+84 2963 512 095", "02963512095"),
        ("113", "113"),
        ("1800 1091", "18001091"),
    ],
)
def test_good_numbers_are_stored_as_digits(typed, digits):
    assert normalize_phone(typed) == digits


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("091927210", "Số di động “091927210” có 9 chữ số; số di động phải có đúng 10 chữ số."),
        ("09192721088", "có 11 chữ số; số di động phải có đúng 10 chữ số"),
        ("0296395700", "Số máy bàn “0296395700” có 10 chữ số; số máy bàn phải có đúng 11 chữ số"),
        ("+84 919 272 10", "số di động phải có đúng 10 chữ số"),
        ("0119272108", "không phải số điện thoại Việt Nam hợp lệ"),
        ("0419272108", "không phải số điện thoại Việt Nam hợp lệ"),
        ("919272108", "không phải số điện thoại Việt Nam hợp lệ"),
        ("0919 ABC 108", "chỉ được gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang"),
        ("0919#272#108", "chỉ được gồm chữ số"),
        ("116", "không phải số điện thoại Việt Nam hợp lệ"),
    ],
)
def test_bad_numbers_are_rejected_with_a_vietnamese_message(typed, message):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert message in error.value.messages[0]


def test_several_numbers_in_one_field_are_stored_digits_separated_by_commas():
    typed = "02963.957.049; +84 378 247 247 / 0919-272-108\n02963.957.049"
    assert normalize_phone_list(typed) == "02963957049,0378247247,0919272108"


def test_each_bad_number_of_a_list_gets_its_own_message():
    with pytest.raises(ValidationError) as error:
        normalize_phone_list("0919.272.108, 12345, 0296395700")
    assert len(error.value.messages) == 2
    assert "“12345”" in error.value.messages[0]
    assert "“0296395700”" in error.value.messages[1]


@pytest.mark.parametrize(
    ("digits", "shown"),
    [
        ("0919272108", "0919.272.108"),
        ("0378247247", "0378.247.247"),
        ("02963957006", "02963.957.006"),
        ("02963512095", "02963.512.095"),
        ("113", "113"),
        ("18001091", "1800.1091"),
        ("1900123456", "1900.123.456"),
    ],
)
def test_numbers_are_shown_the_vietnamese_way(digits, shown):
    assert format_phone(digits) == shown


def test_stored_numbers_are_shown_formatted_in_the_admin_field():
    assert format_phone_list("02963957049,0378247247") == "02963.957.049, 0378.247.247"
    field = PhoneNumbersFormField(required=False)
    assert field.prepare_value("02963957049,0378247247") == "02963.957.049, 0378.247.247"
    # What the user typed, even wrong, comes back as typed.
    assert field.prepare_value("0919 27 21 08 x") == "0919 27 21 08 x"


@pytest.mark.django_db
def test_contact_without_phone_nor_email_is_rejected():
    contact = Contact(group=make_contact_group(), name="Bà Trần Thị Liên")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert error.value.message_dict["__all__"] == [
        "Liên hệ cần có ít nhất một số điện thoại hoặc một địa chỉ thư điện tử."
    ]


@pytest.mark.django_db
def test_contact_without_name_nor_organization_is_rejected():
    contact = Contact(group=make_contact_group(), phones="0919272108")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "Cần nhập họ và tên, hoặc tên cơ quan" in error.value.message_dict["name"][0]


@pytest.mark.django_db
def test_full_clean_normalizes_phones_and_checks_the_email():
    contact = Contact(
        group=make_contact_group(),
        organization="Tổ Kiểm tra công vụ tỉnh",
        phones="02963.957.049, +84 378 247 247",
        email="kiemtracongvu@angiang",
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert error.value.message_dict["email"] == [
        "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@angiang.gov.vn."
    ]
    assert contact.phones == "02963957049,0378247247"
    contact.email = "kiemtracongvu@angiang.gov.vn"
    contact.full_clean()
    assert [n.display for n in contact.phone_numbers] == ["02963.957.049", "0378.247.247"]


@pytest.mark.django_db
def test_email_alone_is_enough():
    contact = Contact(
        group=make_contact_group(), organization="Phòng Tư pháp", email="tuphap@example.invalid"
    )
    contact.full_clean()


@pytest.mark.django_db
def test_search_text_starts_with_the_folded_name_then_the_other_fields():
    group = make_contact_group("Tiếp nhận phản ánh, kiến nghị")
    contact = make_contact(
        group,
        name="Ông Huỳnh Hưng Thượng",
        title="Chánh văn phòng",
        organization="Văn phòng HĐND và UBND huyện An Phú",
        phones="0919272108",
        note="Đường dây nóng",
    )
    assert contact.search_text.startswith("ong huynh hung thuong | chanh van phong ")
    for part in ("hdnd va ubnd huyen an phu", "tiep nhan phan anh", "0919272108", "duong day"):
        assert part in contact.search_text
    assert "hhthuong@angiang.gov.vn" in contact.search_text


@pytest.mark.django_db
def test_office_number_uses_the_organization_as_its_name():
    contact = make_contact(name="", title="", organization="Tổ Kiểm tra công vụ huyện")
    assert str(contact) == "Tổ Kiểm tra công vụ huyện"
    assert contact.search_text.startswith("to kiem tra cong vu huyen | ")


@pytest.mark.django_db
def test_search_ignores_accents_and_needs_every_word():
    group = make_contact_group()
    inspection = make_contact(group, name="", organization="Tổ Kiểm tra công vụ tỉnh")
    make_contact(group, name="Bà Đặng Thị Đào", organization="Phòng Nội vụ")
    assert list(Contact.objects.search("kiem tra cong vu")) == [inspection]
    assert list(Contact.objects.search("KIỂM TRA")) == [inspection]
    assert Contact.objects.search("dao").get().name == "Bà Đặng Thị Đào"
    assert not Contact.objects.search("kiem tra noi vu").exists()
    assert Contact.objects.search("").count() == 2


@pytest.mark.django_db
def test_active_leaves_out_hidden_contacts_and_hidden_groups():
    shown = make_contact(make_contact_group(), position=2)
    first = make_contact(shown.group, name="Bà A", position=1)
    make_contact(shown.group, name="Ông Ẩn", active=False)
    make_contact(make_contact_group("Nhóm ẩn", active=False), name="Ông Trong Nhóm Ẩn")
    assert list(Contact.objects.active()) == [first, shown]


@pytest.mark.django_db
def test_renaming_a_group_updates_its_contacts_search_text():
    group = make_contact_group("Danh bạ cơ quan")
    contact = make_contact(group)
    group.name = "Danh bạ các phòng chuyên môn"
    group.save()
    contact.refresh_from_db()
    assert "danh ba cac phong chuyen mon" in contact.search_text
    assert Contact.objects.search("phong chuyen mon").get() == contact


@pytest.mark.django_db
def test_group_slug_is_made_from_the_folded_name_and_kept_unique():
    from hotline.models import ContactGroup

    first = ContactGroup.objects.create(name="Đường dây nóng huyện An Phú")
    second = ContactGroup.objects.create(name="Đường dây nóng  huyện An Phú!")
    assert first.slug == "duong-day-nong-huyen-an-phu"
    assert second.slug == "duong-day-nong-huyen-an-phu-2"
    first.name = "Đường dây nóng"
    first.save()
    assert first.slug == "duong-day-nong-huyen-an-phu"
