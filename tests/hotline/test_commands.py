"""The hotline demo content: the published numbers, 14 communes, sample data marked, idempotent."""

import pytest
from django.core.management import call_command

from hotline.models import Contact, ContactGroup

pytestmark = pytest.mark.django_db

COMMUNES = [
    "thị trấn An Phú",
    "thị trấn Long Bình",
    "xã Khánh An",
    "xã Khánh Bình",
    "xã Quốc Thái",
    "xã Nhơn Hội",
    "xã Phú Hữu",
    "xã Phú Hội",
    "xã Phước Hưng",
    "xã Vĩnh Lộc",
    "xã Vĩnh Hậu",
    "xã Vĩnh Trường",
    "xã Vĩnh Hội Đông",
    "xã Đa Phước",
]


def test_demo_holds_the_published_hotline_and_feedback_numbers():
    call_command("load_demo_hotline")
    hotline = Contact.objects.get(name="Ông Huỳnh Hưng Thượng")
    assert hotline.title == "Chánh văn phòng HĐND và UBND huyện"
    assert (hotline.phones, hotline.email) == ("0919272108", "hhthuong@angiang.gov.vn")
    assert hotline.group.show_in_sidebar and hotline.group.kind == "hotline"
    feedback = {
        c.organization: (c.phones, c.email) for c in Contact.objects.filter(group__kind="feedback")
    }
    assert feedback == {
        "Phòng Kiểm soát thủ tục hành chính tỉnh": (
            "02963957006",
            "thutuchanhchinh@angiang.gov.vn",
        ),
        "Tổ Kiểm tra công vụ tỉnh": ("02963957049,0378247247", "kiemtracongvu@angiang.gov.vn"),
        "Tổ Kiểm tra công vụ huyện": ("02963512095", "kiemtracongvu.anphu@angiang.gov.vn"),
    }
    assert ContactGroup.objects.get(kind="feedback").box_title == (
        "Địa chỉ, số điện thoại tiếp nhận phản ánh kiến nghị về thủ tục hành chính"
    )


def test_demo_lists_the_14_communes_and_the_agencies_as_marked_sample_data():
    call_command("load_demo_hotline")
    communes = Contact.objects.filter(group__kind="commune")
    assert sorted(communes.values_list("organization", flat=True)) == sorted(
        f"Ủy ban nhân dân {name}" for name in COMMUNES
    )
    agencies = Contact.objects.filter(group__kind="agency")
    assert agencies.count() >= 10
    for contact in [*communes, *agencies]:
        assert "dữ liệu mẫu" in contact.note
        assert "dữ liệu mẫu" in contact.address
        assert contact.phones.startswith("02963000")
    for group in ContactGroup.objects.filter(kind__in=["agency", "commune"]):
        assert "dữ liệu mẫu" in group.description


def test_every_demo_contact_passes_validation():
    call_command("load_demo_hotline")
    for contact in Contact.objects.all():
        contact.full_clean()


def test_demo_contacts_can_be_recovered_after_a_delete():
    from reversion.models import Version

    call_command("load_demo_hotline")
    contact = Contact.objects.get(organization="Tổ Kiểm tra công vụ huyện")
    pk = contact.pk
    contact.delete()
    assert not Contact.objects.filter(pk=pk).exists()
    Version.objects.get_deleted(Contact).get(object_id=str(pk)).revert()
    recovered = Contact.objects.get(pk=pk)
    assert (recovered.organization, recovered.phones) == (
        "Tổ Kiểm tra công vụ huyện",
        "02963512095",
    )


def test_second_run_changes_nothing(database_snapshot):
    call_command("load_demo_hotline")
    first = database_snapshot()
    call_command("load_demo_hotline")
    assert database_snapshot() == first
