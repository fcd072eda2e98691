"""Create a unit from the template, or many from a CSV file."""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from anphu_portal.models import Unit
from anphu_portal.unit_setup import UnitRow, create_unit, read_unit_rows


class Command(BaseCommand):
    help = (
        "Tạo đơn vị mới kèm chuyên mục, nhóm đường dây nóng mặc định; hoặc tạo nhiều đơn vị "
        "từ tệp CSV (cột slug, name, host, level, parent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="Mã đơn vị, ví dụ xa-khanh-binh")
        parser.add_argument("--name", help="Tên đơn vị, ví dụ “Ủy ban nhân dân xã Khánh Bình”")
        parser.add_argument("--host", default="", help="Tên miền, ví dụ khanhbinh.angiang.gov.vn")
        parser.add_argument("--level", default=Unit.Level.COMMUNE, choices=Unit.Level.values)
        parser.add_argument("--parent", default="", help="Mã đơn vị cấp trên")
        parser.add_argument("--csv", help="Tệp CSV, mỗi dòng một đơn vị")

    def handle(self, *args, slug=None, csv=None, **options):
        if csv:
            with open(csv, encoding="utf-8-sig", newline="") as stream:
                try:
                    rows = read_unit_rows(stream)
                except ValueError as error:
                    raise CommandError(str(error)) from None
        elif slug and options["name"]:
            fields = {key: options[key] for key in ("name", "host", "level", "parent")}
            rows = [UnitRow(slug=slug, **fields)]
        else:
            raise CommandError("Cần mã đơn vị và --name, hoặc --csv TỆP.")
        created = 0
        for row in rows:
            if Unit.objects.filter(slug=row.slug).exists():
                self.stdout.write(f"Bỏ qua {row.slug}: đã có.")
                continue
            try:
                create_unit(row=row)
            except (IntegrityError, Unit.DoesNotExist) as error:
                self.stderr.write(f"Không tạo được {row.slug}: {error}")
                continue
            created += 1
        self.stdout.write(f"Đã tạo {created} đơn vị.")
