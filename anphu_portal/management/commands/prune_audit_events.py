"""Delete audit entries older than AUDIT_RETENTION_MONTHS (run daily from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from anphu_portal.audit import prune_events


class Command(BaseCommand):
    help = "Xóa các mục nhật ký thao tác cũ hơn AUDIT_RETENTION_MONTHS tháng (mặc định 24)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Số tháng giữ lại (mặc định theo DJANGO_AUDIT_RETENTION_MONTHS).",
        )

    def handle(self, *args, months=None, **options):
        months = months if months is not None else settings.AUDIT_RETENTION_MONTHS
        if months < 1:
            raise CommandError("Số tháng giữ lại phải từ 1 trở lên.")
        deleted = prune_events(older_than_months=months)
        self.stdout.write(f"Đã xóa {deleted} mục nhật ký cũ hơn {months} tháng.")
