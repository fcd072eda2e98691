"""Load the demo documents of a unit. A second run changes no row."""

import reversion
from django.core.management.base import BaseCommand
from django.db import transaction

from anphu_portal.units import serving_unit, unit_by_slug
from documents.demo import load_demo_documents


class Command(BaseCommand):
    help = (
        "Nạp 30 văn bản mẫu có tệp PDF và hai dự thảo lấy ý kiến. Chạy nhiều lần không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Mã (slug) đơn vị; mặc định đơn vị mặc định.")

    def handle(self, *args, unit=None, **options):
        unit = unit_by_slug(unit)
        with serving_unit(unit), transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Nạp dữ liệu mẫu")
            created = load_demo_documents(unit=unit)
        self.stdout.write(f"Văn bản mẫu của {unit.unit_name}: tạo mới {created}.")
