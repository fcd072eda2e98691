"""Load a few answered, published questions and the year's days off. A second run adds nothing."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from anphu_portal.units import serving_unit, unit_by_slug
from feedback.models import Channel, Holiday, Status, Submission
from feedback.workflow import create_submission

SAMPLE = "(dữ liệu mẫu)"

# kind, field, subject, question, answer
QUESTIONS = [
    (
        "question",
        "justice",
        "Đăng ký khai sinh cho con sinh ở bệnh viện tỉnh",
        "Con tôi sinh tại Bệnh viện Sản Nhi tỉnh, gia đình thường trú ở xã. Tôi đăng ký "
        "khai sinh ở đâu và cần giấy tờ gì?",
        "<p>Ông/bà đăng ký khai sinh tại Ủy ban nhân dân xã nơi cư trú của cha hoặc mẹ. "
        "Giấy tờ cần có:</p><ul><li>Tờ khai đăng ký khai sinh;</li><li>Giấy chứng sinh do "
        "bệnh viện cấp;</li><li>Căn cước của người đi đăng ký.</li></ul><p>Thời hạn giải "
        "quyết: trong ngày làm việc. Ông/bà cũng có thể nộp trực tuyến trên Cổng Dịch vụ công "
        "quốc gia.</p>",
    ),
    (
        "procedure",
        "land",
        "Thời gian cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "Tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu đã hơn 20 ngày nhưng "
        "chưa có kết quả. Thời hạn giải quyết là bao lâu?",
        "<p>Thời hạn cấp giấy chứng nhận lần đầu không quá 20 ngày làm việc kể từ ngày nhận "
        "đủ hồ sơ hợp lệ, không kể thời gian trích đo và niêm yết. Bộ phận một cửa đã kiểm "
        "tra và hẹn trả kết quả cho ông/bà trong tuần tới.</p>",
    ),
    (
        "proposal",
        "transport",
        "Đề nghị lắp đèn chiếu sáng tuyến đường ấp Phú Hữu",
        "Tuyến đường nội ấp dài khoảng 800 m chưa có đèn, ban đêm đi lại khó khăn. Đề nghị "
        "địa phương xem xét lắp đèn chiếu sáng.",
        "<p>Ủy ban nhân dân đã đưa tuyến đường vào kế hoạch chiếu sáng nông thôn năm nay, "
        "dự kiến thi công trong quý tới. Cảm ơn ông/bà đã kiến nghị.</p>",
    ),
]

# Days off of 2026 (Bộ Nội vụ): Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ, 30/4–1/5, Quốc khánh.
HOLIDAYS_2026 = [
    ("2026-01-01", "Tết Dương lịch"),
    *[(f"2026-02-{day:02d}", "Nghỉ Tết Nguyên đán") for day in range(16, 21)],
    ("2026-04-27", "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ("2026-04-30", "Ngày Chiến thắng"),
    ("2026-05-01", "Quốc tế Lao động"),
    ("2026-09-01", "Nghỉ Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
]


class Command(BaseCommand):
    help = "Nạp câu hỏi mẫu đã trả lời và ngày nghỉ lễ. Chạy nhiều lần không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--unit", default=None, help="Mã đơn vị (mặc định: đơn vị chính).")

    def handle(self, *args, unit=None, **options):
        target = unit_by_slug(unit)
        with transaction.atomic(), serving_unit(target):
            for day, name in HOLIDAYS_2026:
                Holiday.objects.get_or_create(
                    date=datetime.date.fromisoformat(day), defaults={"name": name}
                )
            created = sum(self.load_question(target, *row) for row in QUESTIONS)
        self.stdout.write(f"Hỏi đáp ({target.slug}): thêm {created} câu hỏi mẫu.")

    def load_question(self, unit, kind, field, subject, question, answer) -> bool:
        if Submission.objects.for_unit(unit).filter(subject=subject).exists():
            return False
        submission = create_submission(
            unit=unit,
            channel=Channel.WEB,
            data={
                "kind": kind,
                "field": field,
                "subject": subject,
                "content": question,
                "name": f"Người dân {SAMPLE}",
                "phone": "0900000000",
                "consent": True,
                "publish_requested": True,
            },
        )
        submission.answer = answer
        submission.status = Status.ANSWERED
        submission.answered_at = submission.closed_at = timezone.now()
        submission.published = True
        submission.save()
        return True
