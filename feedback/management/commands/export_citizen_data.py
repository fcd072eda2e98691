import json

from django.core.management.base import BaseCommand

from feedback.management.commands._citizen import add_citizen_arguments, citizen_lookup
from feedback.personal_data import export_citizen_data


class Command(BaseCommand):
    help = "Xuất mọi dữ liệu về một người dân (theo số điện thoại hoặc thư điện tử) ra JSON."

    def add_arguments(self, parser):
        add_citizen_arguments(parser)
        parser.add_argument("--output", default="-", help="Tệp JSON ghi ra (mặc định: màn hình).")

    def handle(self, *args, **options):
        data = export_citizen_data(**citizen_lookup(options))
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if options["output"] == "-":
            self.stdout.write(text)
        else:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"Đã xuất {len(data['items'])} câu hỏi vào {options['output']}.")
