from django.core.management.base import BaseCommand

from feedback.management.commands._citizen import add_citizen_arguments, citizen_lookup
from feedback.personal_data import citizen_items, erase_mails, erase_submissions


class Command(BaseCommand):
    help = (
        "Xóa thông tin cá nhân của một người dân theo yêu cầu (số điện thoại hoặc thư điện "
        "tử), trong câu hỏi, lịch sử, tệp và thư. Không khôi phục được."
    )

    def add_arguments(self, parser):
        add_citizen_arguments(parser)

    def handle(self, *args, **options):
        lookup = citizen_lookup(options)
        report = erase_submissions(citizen_items(**lookup))
        if lookup["email"]:
            report.mails += erase_mails(lookup["email"])
        self.stdout.write(
            f"Đã xóa thông tin cá nhân của {report.submissions} câu hỏi "
            f"({report.versions} phiên bản lịch sử, {report.attachments} tệp, "
            f"{report.mails} thư)."
        )
