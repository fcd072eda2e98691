"""Load the demo procedures through the import, then attach small generated form files."""

import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from anphu_portal.folding import fold
from procedures.form_files import download_name
from procedures.importing import import_procedures
from procedures.models import RequiredDocument

DEMO_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "demo_procedures.json"
NOTE = "Mẫu minh họa – dữ liệu mẫu của cổng thông tin, không dùng để nộp hồ sơ thật."

DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def docx_bytes(title: str) -> bytes:
    """Return a minimal Word document holding the title and the sample-data note."""
    paragraphs = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        title.upper(),
        NOTE,
        "Họ, chữ đệm, tên người yêu cầu: ........................................",
        "Nơi cư trú: ..........................................................",
    ]
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def pdf_bytes(title: str) -> bytes:
    """Return a one-page PDF with the title (without diacritics: the base font has none)."""
    text = fold(title).upper().replace("\\", "").replace("(", "").replace(")", "")
    note = "Mau minh hoa - du lieu mau, khong dung de nop ho so that."
    stream = f"BT /F1 14 Tf 60 780 Td ({text}) Tj 0 -24 Td /F1 10 Tf ({note}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    output.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return output.getvalue()


class Command(BaseCommand):
    help = "Nạp thủ tục hành chính mẫu qua chức năng nhập (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        rows = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["data"]
        report = import_procedures(rows=rows, dry_run=False)
        attached = self.attach_forms([row["MATTHC"] for row in rows])
        self.stdout.write(f"Thủ tục mẫu: {report.summary()} Mẫu đơn mới: {attached}.")

    def attach_forms(self, codes: list[str]) -> int:
        """Give each demo paper that names a form, and has none, a small generated file."""
        documents = RequiredDocument.objects.filter(
            procedure__code__in=codes, form_file="", form_url=""
        ).exclude(form_name="")
        attached = 0
        for document in documents.order_by("pk"):
            as_pdf = attached % 2 == 1
            content = pdf_bytes(document.form_name) if as_pdf else docx_bytes(document.form_name)
            name = download_name(document.form_name, "mau.pdf" if as_pdf else "mau.docx")
            document.form_file.save(name, ContentFile(content), save=False)
            document.save(update_fields=["form_file"])
            attached += 1
        return attached
