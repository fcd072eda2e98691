"""Load the hotline groups and contacts of the demo. A second run changes no row."""

import reversion
from django.core.management.base import BaseCommand
from django.db import transaction

from anphu_portal.current_unit import current_unit
from anphu_portal.slugs import ascii_slug
from anphu_portal.units import serving_unit, unit_by_slug
from hotline.models import Contact, ContactGroup
from hotline.phones import normalize_phone_list

Kind = ContactGroup.Kind

SAMPLE_NOTE = "Số điện thoại và địa chỉ là dữ liệu mẫu, chưa phải thông tin chính thức."
SAMPLE_GROUP_TEXT = (
    "Các số điện thoại và địa chỉ trong nhóm này là dữ liệu mẫu để minh họa cổng thông tin; "
    "cán bộ quản lý đường dây nóng cập nhật số chính thức trong trang quản trị."
)

# name, kind, position, show_in_sidebar, sidebar_title, description
GROUPS = [
    ("Đường dây nóng huyện An Phú", Kind.HOTLINE, 10, True, "Thông tin đường dây nóng", ""),
    (
        "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính",
        Kind.PROCEDURE_FEEDBACK,
        20,
        True,
        "Địa chỉ, số điện thoại tiếp nhận phản ánh kiến nghị về thủ tục hành chính",
        "Người dân, doanh nghiệp phản ánh, kiến nghị về quy định và việc giải quyết thủ tục "
        "hành chính qua các địa chỉ dưới đây.",
    ),
    (
        "Số điện thoại khẩn cấp",
        Kind.EMERGENCY,
        30,
        False,
        "",
        "Các số khẩn cấp dùng chung trên cả nước, gọi miễn phí.",
    ),
    ("Danh bạ cơ quan, đơn vị huyện An Phú", Kind.AGENCY, 40, False, "", SAMPLE_GROUP_TEXT),
    ("Danh bạ Ủy ban nhân dân các xã, thị trấn", Kind.COMMUNE, 50, False, "", SAMPLE_GROUP_TEXT),
]

# The published numbers of the hotline and of the procedure feedback contacts.
REAL_CONTACTS = {
    "Đường dây nóng huyện An Phú": [
        {
            "name": "Ông Huỳnh Hưng Thượng",
            "title": "Chánh văn phòng HĐND và UBND huyện",
            "organization": "Văn phòng HĐND và UBND huyện An Phú",
            "phones": "0919.272.108",
            "email": "hhthuong@angiang.gov.vn",
        },
    ],
    "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính": [
        {
            "organization": "Phòng Kiểm soát thủ tục hành chính tỉnh",
            "phones": "02963.957.006",
            "email": "thutuchanhchinh@angiang.gov.vn",
        },
        {
            "organization": "Tổ Kiểm tra công vụ tỉnh",
            "phones": "02963.957.049, 0378.247.247",
            "email": "kiemtracongvu@angiang.gov.vn",
        },
        {
            "organization": "Tổ Kiểm tra công vụ huyện",
            "phones": "02963.512.095",
            "email": "kiemtracongvu.anphu@angiang.gov.vn",
        },
    ],
    "Số điện thoại khẩn cấp": [
        {"organization": "Công an (báo tin an ninh, trật tự)", "phones": "113"},
        {"organization": "Phòng cháy, chữa cháy và cứu nạn, cứu hộ", "phones": "114"},
        {"organization": "Cấp cứu y tế", "phones": "115"},
        {"organization": "Tìm kiếm cứu nạn", "phones": "112"},
        {"organization": "Tổng đài quốc gia bảo vệ trẻ em", "phones": "111"},
    ],
}

AGENCIES = [
    "Văn phòng HĐND và UBND huyện An Phú",
    "Phòng Nội vụ huyện An Phú",
    "Phòng Tư pháp huyện An Phú",
    "Phòng Tài chính - Kế hoạch huyện An Phú",
    "Phòng Tài nguyên và Môi trường huyện An Phú",
    "Phòng Kinh tế và Hạ tầng huyện An Phú",
    "Phòng Nông nghiệp và Phát triển nông thôn huyện An Phú",
    "Phòng Lao động - Thương binh và Xã hội huyện An Phú",
    "Phòng Giáo dục và Đào tạo huyện An Phú",
    "Phòng Văn hóa và Thông tin huyện An Phú",
    "Phòng Y tế huyện An Phú",
    "Phòng Dân tộc huyện An Phú",
    "Thanh tra huyện An Phú",
    "Bộ phận Tiếp nhận và Trả kết quả huyện An Phú",
]

COMMUNES = [
    "Thị trấn An Phú",
    "Thị trấn Long Bình",
    "Xã Khánh An",
    "Xã Khánh Bình",
    "Xã Quốc Thái",
    "Xã Nhơn Hội",
    "Xã Phú Hữu",
    "Xã Phú Hội",
    "Xã Phước Hưng",
    "Xã Vĩnh Lộc",
    "Xã Vĩnh Hậu",
    "Xã Vĩnh Trường",
    "Xã Vĩnh Hội Đông",
    "Xã Đa Phước",
]


def sample_contacts() -> dict[str, list[dict]]:
    """Return the invented agency and commune entries, numbers from the unassigned 02963.000.xxx."""
    agencies = [
        {
            "organization": name,
            "phones": f"02963.000.{200 + index:03d}",
            "address": "Thị trấn An Phú, huyện An Phú, tỉnh An Giang (dữ liệu mẫu)",
            "note": SAMPLE_NOTE,
        }
        for index, name in enumerate(AGENCIES, start=1)
    ]
    communes = [
        {
            "organization": f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
            "phones": f"02963.000.{100 + index:03d}",
            "address": f"Trụ sở UBND {name[0].lower()}{name[1:]}, huyện An Phú (dữ liệu mẫu)",
            "note": SAMPLE_NOTE,
        }
        for index, name in enumerate(COMMUNES, start=1)
    ]
    return {
        "Danh bạ cơ quan, đơn vị huyện An Phú": agencies,
        "Danh bạ Ủy ban nhân dân các xã, thị trấn": communes,
    }


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu đường dây nóng và danh bạ. Chạy nhiều lần không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit",
            help="Mã đơn vị nhận dữ liệu mẫu (mặc định: đơn vị mặc định). Đơn vị khác "
            "nhận một nhóm nhỏ, ghi rõ là dữ liệu mẫu.",
        )

    def handle(self, *args, unit=None, **options):
        unit = unit_by_slug(unit)
        with serving_unit(unit), transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Nạp dữ liệu mẫu")
            created = load_demo_hotline() if unit.is_default else load_sample_hotline(unit)
        self.stdout.write(f"Đường dây nóng và danh bạ: {created} liên hệ mới.")


def load_demo_hotline() -> int:
    """Create the demo groups and contacts that are missing; return how many contacts were new."""
    entries = {**REAL_CONTACTS, **sample_contacts()}
    created_count = 0
    for name, kind, position, in_sidebar, sidebar_title, description in GROUPS:
        group, _ = ContactGroup.objects.get_or_create(
            unit=current_unit(),
            slug=ascii_slug(name),
            defaults={
                "name": name,
                "kind": kind,
                "position": position,
                "show_in_sidebar": in_sidebar,
                "sidebar_title": sidebar_title,
                "description": description,
            },
        )
        for contact_position, entry in enumerate(entries.get(name, []), start=1):
            fields = {**entry, "phones": normalize_phone_list(entry["phones"])}
            _, created = Contact.objects.get_or_create(
                group=group,
                name=fields.pop("name", ""),
                organization=fields.pop("organization"),
                defaults={**fields, "position": contact_position * 10},
            )
            created_count += created
    return created_count


def load_sample_hotline(unit) -> int:
    """Give a second unit one sidebar hotline group with one sample contact."""
    group, _ = ContactGroup.objects.get_or_create(
        unit=unit,
        slug="duong-day-nong",
        defaults={
            "name": f"Đường dây nóng {unit.unit_name} (dữ liệu mẫu)",
            "kind": ContactGroup.Kind.HOTLINE,
            "show_in_sidebar": True,
            "sidebar_title": "Thông tin đường dây nóng",
        },
    )
    _, created = Contact.objects.get_or_create(
        group=group,
        name="Cán bộ trực (dữ liệu mẫu)",
        organization=unit.unit_name,
        defaults={"title": "Văn phòng", "phones": "02963000000"},
    )
    return int(created)
