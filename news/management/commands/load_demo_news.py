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
            summary=f"{title}. Đây là bài viết mẫu giới thiệu hoạt động của huyện An Phú, "
            "nội dung chỉ dùng để trình diễn cổng thông tin.",
            body=self.body(title, slug, colour, seed),
            cover_alt=f"Ảnh minh họa cho tin “{title}”",
            cover_caption="Ảnh minh họa (dữ liệu mẫu).",
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

    def body(self, title: str, slug: str, colour, seed: int) -> str:
        """Return the body: paragraphs, a heading and a figure with its caption."""
        name = f"news/noi-dung/mau/{slug}.jpg"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(picture(colour, seed + 1, size=(800, 480))))
        url = default_storage.url(name)
        return (
            f"<p>Sáng nay, tại huyện An Phú đã diễn ra hoạt động “{title.lower()}” với sự "
            "tham gia của cán bộ, đoàn viên và đông đảo người dân địa phương.</p>"
            "<p>Theo ban tổ chức, hoạt động nhằm cụ thể hóa kế hoạch năm của huyện, góp phần "
            "nâng cao đời sống vật chất và tinh thần của bà con vùng biên giới.</p>"
            "<h2>Kết quả bước đầu</h2>"
            "<p>Sau một thời gian triển khai, nhiều chỉ tiêu đạt và vượt kế hoạch đề ra. "
            "Các xã, thị trấn tiếp tục rút kinh nghiệm để làm tốt hơn trong thời gian tới.</p>"
            f'<figure class="image"><img src="{url}" alt="Quang cảnh hoạt động" '
            'width="800" height="480"><figcaption>Quang cảnh buổi lễ (ảnh minh họa, dữ liệu '
            "mẫu).</figcaption></figure>"
            "<ul><li>Phát huy vai trò của Mặt trận và các đoàn thể.</li>"
            "<li>Tăng cường tuyên truyền đến từng khóm, ấp.</li></ul>"
            "<p>Bài viết này là dữ liệu mẫu dùng để trình diễn cổng thông tin.</p>"
        )


def picture(colour, seed: int, *, size=(1200, 675)) -> bytes:
    """Return a JPEG landscape drawn with Pillow: sky, sun, river and fields."""
    width, height = size
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):
        shade = int(255 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade, min(255, shade + 60), 230))
    sun_x = width // 5 + seed % (width // 2)
    draw.ellipse(
        [sun_x, height // 8, sun_x + height // 6, height // 8 + height // 6], fill=(255, 210, 80)
    )
    draw.rectangle([0, height // 2, width, height], fill=colour)
    for band in range(6):
        top = height // 2 + band * height // 12
        draw.rectangle([0, top, width, top + height // 40], fill=(70, 140, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
