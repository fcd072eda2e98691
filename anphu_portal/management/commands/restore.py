from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anphu_portal.backups import BackupError
from anphu_portal.restoring import restore_backup


class Command(BaseCommand):
    help = (
        "Phục hồi một bản sao lưu vào cơ sở dữ liệu và kho tệp mới, trống (kiểm tra SHA-256 "
        "trước). / Restore a backup into an empty database and storage, checksums first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục sao lưu / the backup folder.")

    def handle(self, *args, directory, **options):
        try:
            summary = restore_backup(source=Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Đã phục hồi / Restored: {summary.rows} dòng / rows, {summary.files} tệp / files, "
            f"{summary.seconds:.1f} giây / s ← {directory}"
        )
