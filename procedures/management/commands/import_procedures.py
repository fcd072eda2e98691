"""Import procedures from a JSON, XLSX or CSV file of the national database."""

import sys

from django.core.management.base import BaseCommand, CommandError

from procedures.importing import UnreadableFile, import_procedures, read_procedure_file


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal."""

    WIDTH = 30

    def __init__(self, stream, total: int):
        self.stream = stream
        self.total = max(total, 1)

    def __call__(self, done: int) -> None:
        if done != self.total and done % 10:
            return
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total}")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Nhập thủ tục hành chính từ tệp JSON (gói tin CSDL quốc gia về TTHC), XLSX hoặc CSV. "
        "Chạy lại cùng tệp không tạo trùng. Mã thoát: 0 khi nhập hết, 2 khi có dòng bị từ "
        "chối, 1 khi không đọc được tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .json, .xlsx hoặc .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ báo cáo, không ghi vào cơ sở dữ liệu."
        )

    def handle(self, *args, file, dry_run=False, **options):
        try:
            with open(file, "rb") as handle:
                source = read_procedure_file(handle, name=file)
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error.strerror}.") from None
        except UnreadableFile as error:
            raise CommandError(f"{file}: {error}") from None
        progress = None
        if sys.stderr.isatty():
            progress = ProgressBar(sys.stderr, len(source.rows))
        report = import_procedures(rows=source.rows, dry_run=dry_run, progress=progress)
        for prefix, rows in (("", report.rejected), ("cảnh báo: ", report.warnings)):
            for row in rows:
                where = source.position_label(row.position)
                code = f" ({row.code})" if row.code else ""
                self.stderr.write(f"{where}{code}: {prefix}{source.explain(row.reason, row.key)}")
        self.stdout.write(report.summary())
        if report.exit_status:
            raise CommandError(
                f"{len(report.rejected)} thủ tục bị từ chối.", returncode=report.exit_status
            )
