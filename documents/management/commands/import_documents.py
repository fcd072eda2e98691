"""Import a register of documents (CSV or XLSX) with their files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anphu_portal.units import unit_by_slug
from documents.importing import UnreadableFile, import_documents, read_register


class Command(BaseCommand):
    help = (
        "Nhập sổ văn bản từ tệp CSV (UTF-8) hoặc XLSX: số ký hiệu, loại, ngày, cơ quan, người "
        "ký, trích yếu, tệp (đường dẫn tính từ thư mục của sổ). Chạy lại cùng tệp không tạo "
        "trùng. Mã thoát: 0 khi nhập hết, 2 khi có dòng bị từ chối, 1 khi không đọc được tệp. "
        "Sau khi nhập, chạy extract_document_text để tìm được chữ trong tệp PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .csv hoặc .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ báo cáo, không ghi vào cơ sở dữ liệu."
        )
        parser.add_argument("--unit", help="Mã (slug) đơn vị; mặc định đơn vị mặc định.")

    def handle(self, *args, file, dry_run=False, unit=None, **options):
        target = unit_by_slug(unit)
        try:
            with open(file, "rb") as handle:
                rows = read_register(handle, name=file)
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error.strerror}.") from None
        except UnreadableFile as error:
            raise CommandError(f"{file}: {error}") from None
        report = import_documents(
            rows=rows, unit=target, dry_run=dry_run, base_dir=Path(file).resolve().parent
        )
        for row in report.rejected:
            number = f" ({row.number})" if row.number else ""
            self.stderr.write(f"Dòng {row.line}{number}: {row.reason}")
        self.stdout.write(report.summary())
        if report.exit_status:
            raise CommandError(
                f"{len(report.rejected)} văn bản bị từ chối.", returncode=report.exit_status
            )
