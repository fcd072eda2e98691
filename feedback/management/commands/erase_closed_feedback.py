from django.core.management.base import BaseCommand

from feedback.personal_data import erase_closed_feedback, keep_months


class Command(BaseCommand):
    help = (
        "Xóa thông tin cá nhân (họ tên, điện thoại, thư điện tử, địa chỉ, tệp, thư đã gửi) "
        "của câu hỏi đã kết thúc quá số tháng quy định (mặc định 24). Không khôi phục được."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None, help="Số tháng giữ lại.")

    def handle(self, *args, months=None, **options):
        report = erase_closed_feedback(months=keep_months() if months is None else months)
        self.stdout.write(
            f"Đã xóa thông tin cá nhân của {report.submissions} câu hỏi "
            f"({report.versions} phiên bản lịch sử, {report.attachments} tệp, "
            f"{report.mails} thư)."
        )
