"""Read the text of attached PDFs that are still pending, so search finds words inside them."""

from collections import Counter

from django.core.management.base import BaseCommand

from anphu_portal.units import unit_by_slug
from documents.extraction import extract_attachment_text, pending_attachments
from documents.models import TextState


class Command(BaseCommand):
    help = "Trích xuất chữ từ tệp PDF đính kèm văn bản (chạy định kỳ hoặc sau khi nhập)."

    def add_arguments(self, parser):
        parser.add_argument("--again", action="store_true", help="Đọc lại cả tệp đã trích xuất.")
        parser.add_argument("--unit", help="Mã (slug) đơn vị; mặc định mọi đơn vị.")
        parser.add_argument("--limit", type=int, default=0, help="Số tệp tối đa trong lần chạy.")

    def handle(self, *args, again=False, unit=None, limit=0, **options):
        scope = unit_by_slug(unit) if unit else None
        attachments = pending_attachments(again=again, unit=scope)
        if limit:
            attachments = attachments[:limit]
        states = Counter(extract_attachment_text(attachment) for attachment in attachments)
        labels = dict(TextState.choices)
        for state, count in sorted(states.items()):
            self.stdout.write(f"{labels[state]}: {count}")
        self.stdout.write(f"Đã xử lý {sum(states.values())} tệp.")
