"""Load the introduction pages, leaders, schedule, English page and links of the demo.

A second run changes no row (the schedule is placed around the day it runs, so a run in
a later week adds that week's entries). Leaders are invented and marked as sample data.
"""

import datetime

import reversion
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from anphu_portal.units import serving_unit, unit_by_slug
from hotline.models import Contact
from hotline.phones import normalize_phone_list
from organization.models import Body, EnglishPage, Link, Page, Person, ScheduleEntry
from organization.models.schedule import week_start

SAMPLE = "(dữ liệu mẫu)"

# title, slug, parent slug, position, body. Public facts about the district of An Phú.
PAGES = [
    (
        "Tổng quan",
        "tong-quan",
        None,
        10,
        "<p>Huyện An Phú là huyện biên giới đầu nguồn của tỉnh An Giang, nơi sông Mê Kông "
        "chảy vào Việt Nam. Huyện có 14 đơn vị hành chính cấp xã: thị trấn An Phú, thị trấn "
        "Long Bình và 12 xã Khánh An, Khánh Bình, Quốc Thái, Nhơn Hội, Phú Hữu, Phú Hội, "
        "Phước Hưng, Vĩnh Lộc, Vĩnh Hậu, Vĩnh Trường, Vĩnh Hội Đông, Đa Phước.</p>"
        "<p>Diện tích tự nhiên khoảng 226 km²; dân cư gồm người Kinh, người Chăm và người "
        "Khmer, sống chủ yếu bằng nông nghiệp, nuôi trồng thủy sản và buôn bán qua biên giới.</p>",
    ),
    (
        "Điều kiện tự nhiên",
        "dieu-kien-tu-nhien",
        "tong-quan",
        10,
        "<h2>Vị trí</h2><p>An Phú nằm ở phía bắc tỉnh An Giang, giáp Vương quốc Campuchia "
        "ở phía bắc, phía tây và phía đông; phía nam giáp thị xã Tân Châu và thành phố Châu "
        "Đốc. Cửa khẩu quốc tế Khánh Bình nằm trên địa bàn huyện.</p>"
        "<h2>Sông ngòi</h2><p>Huyện nằm giữa hai nhánh của sông Mê Kông: sông Hậu ở phía tây "
        "và sông Tiền ở phía đông; sông Bình Di chảy dọc biên giới. Mùa nước nổi từ tháng 8 "
        "đến tháng 11 bồi đắp phù sa nhưng cũng gây ngập lụt, sạt lở bờ sông.</p>",
    ),
    (
        "Lịch sử",
        "lich-su",
        "tong-quan",
        20,
        "<p>Vùng đất An Phú gắn với quá trình khẩn hoang vùng biên giới Tây Nam. Trang này là "
        "khung để Văn phòng bổ sung nội dung lịch sử chính thức của huyện.</p>",
    ),
    (
        "Chức năng, nhiệm vụ",
        "chuc-nang-nhiem-vu",
        None,
        20,
        "<p>Ủy ban nhân dân huyện là cơ quan hành chính nhà nước ở địa phương, chấp hành "
        "nghị quyết của Hội đồng nhân dân huyện và các văn bản của cơ quan nhà nước cấp "
        "trên; tổ chức thực hiện nhiệm vụ phát triển kinh tế – xã hội, quốc phòng, an ninh "
        "trên địa bàn.</p>",
    ),
    (
        "Lãnh đạo",
        "lanh-dao",
        None,
        30,
        f"<p>Danh sách lãnh đạo dưới đây là {SAMPLE}, dùng để minh họa cổng thông tin.</p>",
    ),
    (
        "Cơ cấu tổ chức",
        "co-cau-to-chuc",
        None,
        40,
        "<p>Ủy ban nhân dân huyện có các phòng, ban chuyên môn giúp việc; danh sách và số "
        f"điện thoại dưới đây là {SAMPLE}.</p>",
    ),
]

# name, kind, position, functions
BODIES = [
    ("Thường trực HĐND huyện", Body.Kind.COUNCIL, 10, "Điều hành hoạt động của HĐND huyện."),
    ("Lãnh đạo UBND huyện", Body.Kind.COMMITTEE, 20, ""),
    (
        "Văn phòng HĐND và UBND huyện",
        Body.Kind.DEPARTMENT,
        30,
        "Tham mưu tổng hợp, lịch công tác, tiếp công dân.",
    ),
    (
        "Phòng Nông nghiệp và Phát triển nông thôn",
        Body.Kind.DEPARTMENT,
        40,
        "Tham mưu về nông nghiệp, thủy lợi, phòng chống thiên tai.",
    ),
]

# body, name, slug, title, title_en, portfolio, communes, phones, spokesperson, position
PEOPLE = [
    (
        "Thường trực HĐND huyện",
        "Ông Lê Văn Hội",
        "le-van-hoi",
        "Chủ tịch HĐND huyện",
        "Chairman of the People's Council",
        "Điều hành hoạt động của Hội đồng nhân dân",
        "",
        "0918.000.301",
        False,
        10,
    ),
    (
        "Lãnh đạo UBND huyện",
        "Ông Trần Văn Chánh",
        "tran-van-chanh",
        "Chủ tịch UBND huyện",
        "Chairman of the People's Committee",
        "Lãnh đạo chung; quốc phòng, an ninh, biên giới; nội vụ",
        "Thị trấn An Phú, Khánh Bình",
        "0918.000.311",
        False,
        10,
    ),
    (
        "Lãnh đạo UBND huyện",
        "Ông Nguyễn Văn Nông",
        "nguyen-van-nong",
        "Phó Chủ tịch UBND huyện",
        "Vice Chairman of the People's Committee (agriculture)",
        "Nông nghiệp, phát triển nông thôn, thủy lợi, phòng chống thiên tai, tài nguyên và "
        "môi trường",
        "Khánh An, Phú Hữu, Vĩnh Lộc, Vĩnh Hậu",
        "0918.000.312",
        False,
        20,
    ),
    (
        "Lãnh đạo UBND huyện",
        "Bà Phạm Thị Xã Hội",
        "pham-thi-xa-hoi",
        "Phó Chủ tịch UBND huyện",
        "Vice Chairwoman of the People's Committee (social affairs)",
        "Văn hóa, giáo dục, y tế, lao động – thương binh và xã hội, dân tộc, tôn giáo",
        "Đa Phước, Nhơn Hội, Quốc Thái",
        "0918.000.313",
        True,
        30,
    ),
    (
        "Phòng Nông nghiệp và Phát triển nông thôn",
        "Ông Võ Văn Ruộng",
        "vo-van-ruong",
        "Trưởng phòng",
        "",
        "",
        "",
        "02963.000.240",
        False,
        10,
    ),
]

LINKS = [
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn", 10),
    ("Cổng thông tin điện tử tỉnh An Giang", "https://angiang.gov.vn", 20),
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn", 30),
]

ENGLISH = {
    "name": "An Phu District, An Giang Province",
    "location": "An Phu is a border district in the north of An Giang Province, where the "
    "Mekong enters Viet Nam. It borders the Kingdom of Cambodia to the north, west and "
    "east, and lies between the Hau (Bassac) and Tien rivers. Area: about 226 km².",
    "introduction": "The district has 14 communes and townships. Its people are Kinh, Cham "
    "and Khmer, living mostly from rice farming, aquaculture and cross-border trade "
    "through the Khanh Binh international border gate.\n\nThe leaders listed on this page "
    "are sample data.",
    "contacts": "Office of the People's Council and People's Committee: 0919 272 108\n"
    "Emergency: 113 (police), 114 (fire), 115 (ambulance)",
}

# weekday (0 = Monday), time, content, place, leader slugs, citizen reception
WEEK = [
    (
        0,
        "07:30",
        "Họp giao ban lãnh đạo UBND huyện",
        "Phòng họp UBND huyện",
        ["tran-van-chanh"],
        False,
    ),
    (
        1,
        "08:00",
        "Kiểm tra công tác phòng chống lũ, sạt lở bờ sông Hậu tại xã Khánh An",
        "Xã Khánh An",
        ["nguyen-van-nong"],
        False,
    ),
    (
        3,
        "07:30",
        "Tiếp công dân định kỳ",
        "Trụ sở Tiếp công dân huyện",
        ["tran-van-chanh", "nguyen-van-nong"],
        True,
    ),
    (
        4,
        "14:00",
        "Họp Ban Chỉ đạo chuyển đổi số",
        "Hội trường UBND huyện",
        ["pham-thi-xa-hoi"],
        False,
    ),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu trang giới thiệu, lãnh đạo, lịch công tác, trang tiếng Anh và liên kết."

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit", help="Mã đơn vị nhận dữ liệu mẫu (mặc định: đơn vị mặc định)."
        )

    def handle(self, *args, unit=None, **options):
        unit = unit_by_slug(unit)
        with serving_unit(unit), transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Nạp dữ liệu mẫu")
            counts = load_demo_organization(unit=unit)
        self.stdout.write(
            "Giới thiệu và lịch công tác: "
            + ", ".join(f"{count} {label} mới" for label, count in counts.items())
            + "."
        )


def load_demo_organization(*, unit) -> dict[str, int]:
    """Create the demo rows that are missing; return how many of each kind were new."""
    return {
        "trang": load_pages(unit),
        "lãnh đạo": load_people(unit),
        "mục lịch": load_schedule(unit, today=timezone.localdate()),
        "liên kết": load_links(unit),
        "trang tiếng Anh": int(
            EnglishPage.objects.get_or_create(unit=unit, defaults=english_for(unit))[1]
        ),
    }


def english_for(unit) -> dict:
    if unit.is_default:
        return ENGLISH
    return {"name": f"{unit.unit_name} (sample data)", "introduction": "Sample page."}


def load_pages(unit) -> int:
    created_count = 0
    for title, slug, parent_slug, position, body in PAGES:
        parent = Page.objects.get(unit=unit, slug=parent_slug) if parent_slug else None
        _, created = Page.objects.get_or_create(
            unit=unit,
            slug=slug,
            defaults={"title": title, "parent": parent, "position": position, "body": body},
        )
        created_count += created
    return created_count


def load_people(unit) -> int:
    bodies = {}
    for name, kind, position, functions in BODIES:
        bodies[name], _ = Body.objects.get_or_create(
            unit=unit,
            name=name,
            defaults={"kind": kind, "position": position, "functions": functions},
        )
    created_count = 0
    for body, name, slug, title, title_en, portfolio, communes, phones, speaks, position in PEOPLE:
        _, created = Person.objects.get_or_create(
            unit=unit,
            slug=slug,
            defaults={
                "body": bodies[body],
                "name": f"{name} {SAMPLE}",
                "title": title,
                "title_en": title_en,
                "portfolio": portfolio,
                "communes": communes,
                "phones": normalize_phone_list(phones),
                "is_spokesperson": speaks,
                "is_head": position == 10,
                "position": position,
            },
        )
        created_count += created
    # The office's head is a published hotline contact: linked, never typed twice.
    contact = Contact.objects.for_unit(unit).filter(name="Ông Huỳnh Hưng Thượng").first()
    if contact is not None:
        _, created = Person.objects.get_or_create(
            unit=unit,
            slug="huynh-hung-thuong",
            defaults={
                "body": bodies["Văn phòng HĐND và UBND huyện"],
                "name": contact.name,
                "title": contact.title,
                "contact": contact,
                "is_head": True,
                "position": 10,
            },
        )
        created_count += created
    return created_count


def load_schedule(unit, *, today: datetime.date) -> int:
    """Create this week's and next week's entries of the demo."""
    leaders = {person.slug: person for person in Person.objects.for_unit(unit)}
    created_count = 0
    for monday in (week_start(today), week_start(today) + datetime.timedelta(days=7)):
        for weekday, start, content, place, slugs, reception in WEEK:
            hours, minutes = map(int, start.split(":"))
            entry, created = ScheduleEntry.objects.get_or_create(
                unit=unit,
                date=monday + datetime.timedelta(days=weekday),
                start_time=datetime.time(hours, minutes),
                content=content,
                defaults={
                    "place": place,
                    "preparer": "Văn phòng HĐND và UBND huyện",
                    "participants": "Lãnh đạo các phòng, ban liên quan",
                    "is_citizen_reception": reception,
                },
            )
            if created:
                entry.leaders.set([leaders[slug] for slug in slugs if slug in leaders])
            created_count += created
    return created_count


def load_links(unit) -> int:
    created_count = 0
    for name, url, position in LINKS:
        _, created = Link.objects.get_or_create(
            unit=unit, url=url, defaults={"name": name, "position": position}
        )
        created_count += created
    return created_count
