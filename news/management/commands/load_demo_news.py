"""Demo news: the six categories, published articles with generated images, and one
article in each other state (draft, pending review, scheduled). Safe to run again."""

import hashlib
import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from anphu_portal.current_unit import current_unit
from anphu_portal.slugs import ascii_slug
from anphu_portal.units import serving_unit, unit_by_slug
from news.models import Article, Category

# name, description, colour of its generated pictures, article titles
CATEGORIES = [
    (
        "Tin tức - Sự kiện",
        "Hoạt động nổi bật của huyện An Phú trong tuần.",
        (11, 74, 134),
        [
            "Huyện An Phú tổ chức lễ ra quân mùa khô",
            "Khánh thành cầu giao thông nông thôn ở xã Vĩnh Trường",
            "Hội thi văn nghệ quần chúng chào mừng ngày thành lập huyện",
            "Lãnh đạo huyện thăm hỏi gia đình chính sách dịp cuối năm",
            "Ngày hội đại đoàn kết toàn dân tộc tại khóm An Thạnh",
            "Huyện tiếp đoàn công tác của tỉnh về kiểm tra mùa lũ",
            "Hội nghị sơ kết sáu tháng thực hiện nhiệm vụ kinh tế - xã hội",
            "Trao nhà đại đoàn kết cho hộ nghèo xã Phước Hưng",
            "Tuyên dương học sinh giỏi cấp tỉnh năm học mới",
        ],
    ),
    (
        "Cải cách hành chính",
        "Kết quả cải cách thủ tục hành chính và chuyển đổi số.",
        (0, 110, 90),
        [
            "Bộ phận một cửa huyện tiếp nhận hồ sơ trực tuyến toàn trình",
            "Tập huấn sử dụng dịch vụ công trực tuyến cho cán bộ xã",
            "Người dân nộp hồ sơ đất đai không cần đến trụ sở",
            "Huyện công bố danh mục thủ tục giải quyết trong ngày",
            "Khảo sát mức độ hài lòng của người dân năm nay",
            "Số hóa hồ sơ hộ tịch tại các xã, thị trấn",
            "Thanh toán lệ phí trực tuyến tăng mạnh trong quý",
            "Điểm hỗ trợ dịch vụ công đặt tại nhà văn hóa khóm",
            "Rút ngắn thời gian cấp giấy phép xây dựng nhà ở",
        ],
    ),
    (
        "Xây dựng chính quyền",
        "Công tác xây dựng chính quyền, tiếp dân và giải quyết kiến nghị.",
        (92, 45, 138),
        [
            "Kỳ họp Hội đồng nhân dân huyện thông qua nhiều nghị quyết",
            "Lãnh đạo huyện đối thoại với người dân thị trấn An Phú",
            "Tiếp công dân định kỳ tháng này tại trụ sở tiếp dân",
            "Bồi dưỡng kỹ năng cho cán bộ, công chức cấp xã",
            "Kiểm tra công tác phòng, chống tham nhũng tại cơ sở",
            "Tổng kết công tác thi đua, khen thưởng năm qua",
            "Kiện toàn tổ hòa giải ở cơ sở các ấp biên giới",
            "Họp mặt cán bộ hưu trí nhân dịp năm mới",
            "Công khai kết quả giải quyết kiến nghị cử tri",
        ],
    ),
    (
        "Kinh tế",
        "Nông nghiệp, công thương, đầu tư và việc làm trên địa bàn huyện.",
        (150, 80, 0),
        [
            "Nông dân An Phú thu hoạch lúa thu đông được giá",
            "Mô hình nuôi cá lóc trong vèo cho thu nhập khá",
            "Hợp tác xã rau an toàn ký hợp đồng bao tiêu sản phẩm",
            "Chợ biên giới Khánh Bình nhộn nhịp dịp cuối năm",
            "Hỗ trợ vốn vay cho thanh niên khởi nghiệp",
            "Phát triển sản phẩm OCOP từ khô cá đồng",
            "Nâng cấp tuyến đê bao bảo vệ sản xuất vụ ba",
            "Phiên giao dịch việc làm thu hút nhiều lao động trẻ",
            "Trồng xoài trên đất lúa kém hiệu quả",
        ],
    ),
    (
        "Văn hóa - Xã hội",
        "Giáo dục, y tế, văn hóa, thể thao và an sinh xã hội.",
        (170, 40, 60),
        [
            "Khai mạc giải bóng đá thiếu niên nhi đồng huyện",
            "Trạm y tế xã tiêm vắc-xin cho trẻ em đúng lịch",
            "Thư viện huyện mở cửa phục vụ bạn đọc ngày cuối tuần",
            "Lớp học bơi miễn phí phòng chống đuối nước trẻ em",
            "Lễ hội đua ghe ngo thu hút đông đảo người xem",
            "Trao học bổng cho học sinh vượt khó học giỏi",
            "Khám bệnh, cấp thuốc miễn phí cho người cao tuổi",
            "Trường học sẵn sàng đón năm học mới",
            "Câu lạc bộ đờn ca tài tử sinh hoạt định kỳ",
        ],
    ),
    (
        "Quốc phòng - An ninh",
        "Quốc phòng toàn dân, an ninh trật tự và bảo vệ biên giới.",
        (60, 90, 40),
        [
            "Lễ giao nhận quân năm nay diễn ra trang trọng",
            "Diễn tập phòng thủ khu vực cấp xã đạt kết quả tốt",
            "Tuần tra chung bảo vệ đường biên, cột mốc",
            "Ra mắt mô hình camera an ninh ở khóm, ấp",
            "Tuyên truyền phòng chống lừa đảo qua mạng",
            "Lực lượng dân quân tham gia cứu hộ mùa lũ",
            "Hội thi dân quân tự vệ giỏi cấp huyện",
            "Kiểm tra an toàn phòng cháy tại chợ trung tâm",
            "Tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc",
        ],
    ),
]

AUTHORS = ["Huỳnh Như", "Minh Tâm", "Thanh Phong", "Ngọc Hân"]
PLACES = [
    "thị trấn An Phú",
    "thị trấn Long Bình",
    "xã Khánh An",
    "xã Phú Hữu",
    "xã Vĩnh Hội Đông",
    "xã Đa Phước",
    "xã Quốc Thái",
    "xã Nhơn Hội",
]
# Openings of the leads, the way the district's own articles begin; {place} varies.
LEADS = [
    "Trong tuần qua, tại {place}, các ngành và đoàn thể phối hợp triển khai nội dung này "
    "theo kế hoạch của Ủy ban nhân dân huyện.",
    "Nhiều hộ dân ở {place} đã tham gia và đánh giá cao cách làm thiết thực, gần gũi.",
    "Đây là một trong những nhiệm vụ trọng tâm huyện đặt ra từ đầu năm, bắt đầu từ {place}.",
    "Lãnh đạo huyện đề nghị {place} và các địa phương khác rút kinh nghiệm để nhân rộng.",
]
# Middle paragraphs, one per category position (the category's usual subject).
SUBJECTS = [
    "Ban tổ chức cho biết công tác chuẩn bị được thực hiện chu đáo, bảo đảm an toàn và tiết kiệm.",
    "Người dân có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia hoặc đến Bộ phận "
    "Một cửa để được hướng dẫn.",
    "Các ý kiến, kiến nghị của cử tri được ghi nhận đầy đủ và chuyển đến cơ quan có thẩm "
    "quyền xem xét, trả lời.",
    "Theo Phòng Kinh tế huyện, mô hình giúp nông dân giảm chi phí, tăng lợi nhuận so với "
    "cách làm cũ.",
    "Trung tâm Văn hóa - Thông tin và Thể thao huyện phối hợp với các trường học tổ chức "
    "chương trình.",
    "Lực lượng quân sự, công an và biên phòng phối hợp chặt chẽ, giữ vững an ninh trật tự.",
]
HEADINGS = ["Kết quả bước đầu", "Những việc cần làm tiếp", "Ý kiến người dân", "Kế hoạch tới"]
SCENE_CAPTIONS = [
    "Cánh đồng ven sông Hậu",
    "Trụ sở cơ quan huyện",
    "Quang cảnh chợ và khu dân cư",
    "Tuyến đường và cây cầu mới",
]
SAMPLE_MARK = " (Tin mẫu trình diễn cổng thông tin.)"
# The body's sentences; the search benchmark writes its articles with them too.
PARAGRAPHS = (*LEADS, *SUBJECTS)
SOURCES = ["", "", "Trung tâm Văn hóa - Thông tin và Thể thao huyện (dữ liệu mẫu)"]
BASE_TIME = timezone.datetime(2026, 1, 5, 8, 30, tzinfo=timezone.get_fixed_timezone(7 * 60))


class Command(BaseCommand):
    help = "Nạp chuyên mục và tin bài mẫu có ảnh minh họa (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit",
            help="Mã đơn vị nhận dữ liệu mẫu (mặc định: đơn vị mặc định). Đơn vị khác "
            "nhận một bộ nhỏ, ghi rõ là dữ liệu mẫu.",
        )

    def handle(self, *args, unit=None, **options):
        unit = unit_by_slug(unit)
        with serving_unit(unit):
            if unit.is_default:
                self.load_full(unit)
            else:
                self.load_sample(unit)

    def load_sample(self, unit):
        """Give a second unit one category and two articles, marked as sample content."""
        created = 0
        with transaction.atomic():
            name, description, colour, titles = CATEGORIES[0]
            category, _ = Category.objects.get_or_create(
                unit=unit,
                slug=ascii_slug(name),
                defaults={"name": name, "description": "Chuyên mục mẫu.", "position": 1},
            )
            for index in range(2):
                title = f"(Dữ liệu mẫu) Tin số {index + 1} của {unit.unit_name}"
                created += self.add_article(
                    title,
                    category,
                    colour,
                    status=Article.Status.PUBLISHED,
                    publish_at=BASE_TIME + timedelta(days=index),
                    user=None,
                )
        self.stdout.write(f"Tin tức của {unit.unit_name}: {created} tin mẫu mới.")

    def load_full(self, unit):
        author_account = get_user_model().objects.filter(username="bientap").first()
        created = 0
        with transaction.atomic():
            for position, (name, description, colour, titles) in enumerate(CATEGORIES, 1):
                category, _ = Category.objects.get_or_create(
                    unit=unit,
                    slug=ascii_slug(name),
                    defaults={"name": name, "description": description, "position": position},
                )
                for index, title in enumerate(titles):
                    published = BASE_TIME + timedelta(days=index * 3 + position, hours=position)
                    created += self.add_article(
                        title,
                        category,
                        colour,
                        status=Article.Status.PUBLISHED,
                        publish_at=published,
                        featured=index == len(titles) - 1 and position <= 3,
                        user=author_account,
                    )
            created += self.add_other_states(author_account)
        total = Article.objects.for_unit(unit).count()
        self.stdout.write(f"Tin tức: {total} tin bài ({created} mới).")

    def add_other_states(self, user) -> int:
        first = Category.objects.for_unit(current_unit()).order_by("position").first()
        colour = CATEGORIES[0][2]
        far_future = timezone.now().replace(microsecond=0) + timedelta(days=365)
        return sum(
            [
                self.add_article(
                    "Bản nháp: kế hoạch trồng cây xanh trên các tuyến đường",
                    first,
                    colour,
                    status=Article.Status.DRAFT,
                    publish_at=None,
                    user=user,
                ),
                self.add_article(
                    "Chờ duyệt: thông báo lịch tiếp công dân quý tới",
                    first,
                    colour,
                    status=Article.Status.PENDING,
                    publish_at=None,
                    user=user,
                ),
                self.add_article(
                    "Hẹn giờ: chương trình chào đón năm mới tại công viên huyện",
                    first,
                    colour,
                    status=Article.Status.PUBLISHED,
                    publish_at=far_future,
                    user=user,
                ),
            ]
        )

    def add_article(self, title, category, colour, *, status, publish_at, user, featured=False):
        """Create one demo article with its pictures; return 0 when it already exists."""
        slug = ascii_slug(title)
        if Article.objects.for_unit(category.unit_id).filter(slug=slug).exists():
            return 0
        seed = int(hashlib.md5(slug.encode(), usedforsecurity=False).hexdigest()[:8], 16)
        article = Article(
            title=title,
            slug=slug,
            category=category,
            summary=LEADS[seed % len(LEADS)].format(place=PLACES[seed % len(PLACES)]) + SAMPLE_MARK,
            body=self.body(slug, category, colour, seed),
            cover_alt=f"{SCENE_CAPTIONS[seed % len(SCENES)]}, ảnh minh họa",
            cover_caption=f"{SCENE_CAPTIONS[seed % len(SCENES)]} (ảnh minh họa, dữ liệu mẫu).",
            author=AUTHORS[seed % len(AUTHORS)],
            source=SOURCES[seed % len(SOURCES)],
            status=status,
            publish_at=publish_at,
            featured=featured,
            created_by=user,
            updated_by=user,
        )
        article.cover.save(f"{slug}.jpg", ContentFile(picture(colour, seed)), save=False)
        article.save()
        return 1

    def body(self, slug: str, category, colour, seed: int) -> str:
        """Return the body: paragraphs, a heading, a figure with its caption and a list."""
        name = f"news/noi-dung/mau/{slug}.jpg"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(picture(colour, seed + 1, size=(800, 480))))
        url = default_storage.url(name)
        place = PLACES[(seed // 7) % len(PLACES)]
        scene = SCENE_CAPTIONS[(seed + 1) % len(SCENES)]
        return (
            f"<p>{LEADS[(seed // 3) % len(LEADS)].format(place=place)}</p>"
            f"<p>{SUBJECTS[(category.position - 1) % len(SUBJECTS)]}</p>"
            f"<h2>{HEADINGS[seed % len(HEADINGS)]}</h2>"
            "<p>Sau một thời gian triển khai, nhiều chỉ tiêu đạt và vượt kế hoạch đề ra. "
            "Các xã, thị trấn tiếp tục rút kinh nghiệm để làm tốt hơn trong thời gian tới.</p>"
            f'<figure class="image"><img src="{url}" alt="{scene}" width="800" height="480">'
            f"<figcaption>{scene} (ảnh minh họa, dữ liệu mẫu).</figcaption></figure>"
            "<ul><li>Phát huy vai trò của Mặt trận và các đoàn thể.</li>"
            "<li>Tăng cường tuyên truyền đến từng khóm, ấp.</li></ul>"
            "<p><em>Tin mẫu dùng để trình diễn cổng thông tin.</em></p>"
        )


def picture(colour, seed: int, *, size=(1200, 675)) -> bytes:
    """Return a JPEG scene drawn with Pillow, its kind and shades chosen by the seed."""
    width, height = size
    image = Image.new("RGB", size, shade(colour, seed))
    draw = ImageDraw.Draw(image)
    draw_sky(draw, width, height, seed)
    SCENES[seed % len(SCENES)](draw, width, height, shade(colour, seed // 5))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def shade(colour, seed: int) -> tuple[int, int, int]:
    """Return the colour lightened or darkened a little, so two pictures rarely match."""
    step = seed % 61 - 30
    return tuple(max(0, min(255, part + step)) for part in colour)


def draw_sky(draw, width: int, height: int, seed: int) -> None:
    evening = seed % 3 == 0
    for y in range(height // 2):
        level = int(255 * y / height)
        sky = (230, 150 + level // 3, 110) if evening else (level, min(255, level + 60), 230)
        draw.line([(0, y), (width, y)], fill=sky)
    sun_x = width // 5 + seed % (width // 2)
    size = height // 6
    draw.ellipse([sun_x, height // 8, sun_x + size, height // 8 + size], fill=(255, 210, 80))


def draw_fields(draw, width: int, height: int, colour) -> None:
    draw.rectangle([0, height // 2, width, height], fill=colour)
    for band in range(6):
        top = height // 2 + band * height // 12
        draw.rectangle([0, top, width, top + height // 40], fill=(70, 140, 200))


def draw_hall(draw, width: int, height: int, colour) -> None:
    draw.rectangle([0, height * 3 // 4, width, height], fill=(120, 120, 120))
    left, right = width // 4, width * 3 // 4
    draw.rectangle([left, height // 3, right, height * 3 // 4], fill=(245, 230, 190))
    draw.polygon(
        [(left - 20, height // 3), (width // 2, height // 6), (right + 20, height // 3)],
        fill=colour,
    )
    for column in range(left + 30, right - 20, (right - left) // 6):
        draw.rectangle(
            [column, height // 3 + 20, column + 18, height * 3 // 4], fill=(255, 255, 255)
        )


def draw_market(draw, width: int, height: int, colour) -> None:
    draw.rectangle([0, height * 2 // 3, width, height], fill=(150, 110, 70))
    stall = width // 6
    for number in range(6):
        left = number * stall + 8
        roof = colour if number % 2 else (200, 60, 50)
        draw.polygon(
            [
                (left, height // 2),
                (left + stall // 2, height // 3),
                (left + stall - 16, height // 2),
            ],
            fill=roof,
        )
        draw.rectangle(
            [left + 6, height // 2, left + stall - 22, height * 2 // 3], fill=(235, 220, 170)
        )


def draw_bridge(draw, width: int, height: int, colour) -> None:
    draw.rectangle([0, height // 2, width, height], fill=(70, 140, 200))
    draw.arc(
        [width // 8, height // 3, width * 7 // 8, height], 180, 360, fill=colour, width=height // 30
    )
    draw.rectangle([0, height // 2 - height // 40, width, height // 2], fill=(90, 90, 90))
    draw.rectangle([0, height * 5 // 6, width, height], fill=shade(colour, 7))


SCENES = [draw_fields, draw_hall, draw_market, draw_bridge]
