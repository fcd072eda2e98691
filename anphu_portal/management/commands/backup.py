from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anphu_portal.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và mọi tệp đã tải lên vào một thư mục mới (chỉ chủ sở hữu đọc "
        "được). / Back up the database and every stored file into a new folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục mới hoặc trống / a new or empty folder.")

    def handle(self, *args, directory, **options):
        try:
            summary = create_backup(target=Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Đã sao lưu / Backed up: {summary.rows} dòng / rows, {summary.files} tệp / files, "
            f"{summary.bytes:,} byte, {summary.seconds:.1f} giây / s → {directory}"
        )
