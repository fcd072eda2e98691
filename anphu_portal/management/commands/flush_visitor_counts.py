"""Move the page views counted on Redis into the database (run each minute from cron)."""

from django.core.management.base import BaseCommand, CommandError

from anphu_portal.cache_backends import OUTAGE_ERRORS
from anphu_portal.visitor_counts import flush_visitor_counts


class Command(BaseCommand):
    help = (
        "Ghi số lượt xem, lượt truy cập và lượt xem tin bài đã đếm trên Redis vào cơ sở dữ "
        "liệu (chạy mỗi phút bằng cron). Không dùng Redis thì không có gì để ghi."
    )

    def handle(self, *args, **options):
        try:
            report = flush_visitor_counts()
        except OUTAGE_ERRORS as error:
            raise CommandError(
                f"Không kết nối được Redis ({error}); số đếm được giữ lại cho lần chạy sau."
            ) from error
        if report is None:
            self.stdout.write(
                "Bộ nhớ đệm không phải Redis: lượt truy cập đã được ghi thẳng vào CSDL."
            )
            return
        self.stdout.write(
            f"Đã ghi {report.batches} đợt: {report.page_views} lượt xem trang, "
            f"{report.visits} lượt truy cập, {report.article_views} lượt xem tin bài."
        )
        if report.already_flushed:
            self.stdout.write(f"{len(report.already_flushed)} đợt đã được lần chạy khác ghi trước.")
