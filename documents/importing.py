"""Import a register of documents (CSV or XLSX): one write path for the command and tests.

Columns (Vietnamese headers, accents and case ignored): số ký hiệu, loại, ngày (ban hành),
cơ quan (ban hành), người ký, trích yếu, tệp; optional: chức vụ, lĩnh vực, ngày hiệu lực,
ngày hết hiệu lực. A row is the same document as a stored one when issuer, year and
number match, so importing the same register twice changes nothing.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from anphu_portal.folding import fold
from anphu_portal.uploads import FileKindValidator
from documents.models import Attachment, Document, DocumentType, Field, Issuer
from documents.models.documents import ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES
from documents.numbers import number_key

# Folded header -> field.
HEADERS = {
    "so ky hieu": "number",
    "so, ky hieu": "number",
    "so": "number",
    "loai": "type",
    "loai van ban": "type",
    "ngay": "issued_on",
    "ngay ban hanh": "issued_on",
    "co quan": "issuer",
    "co quan ban hanh": "issuer",
    "nguoi ky": "signer",
    "chuc vu": "signer_title",
    "chuc vu nguoi ky": "signer_title",
    "trich yeu": "summary",
    "tep": "file",
    "tep dinh kem": "file",
    "linh vuc": "field",
    "ngay hieu luc": "effective_on",
    "ngay co hieu luc": "effective_on",
    "ngay het hieu luc": "expires_on",
}
REQUIRED = {
    "number": "số ký hiệu",
    "type": "loại",
    "issued_on": "ngày",
    "issuer": "cơ quan",
    "summary": "trích yếu",
}
COMPARED = [
    "document_type_id",
    "signer",
    "signer_title",
    "summary",
    "field_id",
    "effective_on",
    "expires_on",
]


class UnreadableFile(Exception):
    """The whole register cannot be read; the message is one Vietnamese line."""


@dataclass
class RejectedRow:
    line: int
    number: str
    reason: str


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run), row by row."""

    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.rejected)

    @property
    def exit_status(self) -> int:
        """Return 0 when every row was imported, 2 when some were rejected."""
        return 2 if self.rejected else 0

    def summary(self) -> str:
        prefix = "Chạy thử, không ghi gì. " if self.dry_run else ""
        return (
            f"{prefix}Tổng {self.total} dòng: tạo mới {len(self.created)}, "
            f"cập nhật {len(self.updated)}, không đổi {len(self.unchanged)}, "
            f"bị từ chối {len(self.rejected)}."
        )


def read_register(handle, *, name: str) -> list[tuple[int, dict]]:
    """Return (line, row) pairs of a CSV (UTF-8) or XLSX register, keyed by field name."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        try:
            text = handle.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableFile("Tệp CSV không phải mã UTF-8; hãy lưu lại với mã UTF-8.") from None
        table = list(csv.reader(io.StringIO(text)))
    elif suffix == ".xlsx":
        table = xlsx_rows(handle)
    else:
        raise UnreadableFile("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx.")
    if not table:
        raise UnreadableFile("Tệp không có dòng nào.")
    columns = [HEADERS.get(fold(str(header or "")).strip(" :*")) for header in table[0]]
    missing = [label for key, label in REQUIRED.items() if key not in columns]
    if missing:
        raise UnreadableFile("Thiếu cột: " + ", ".join(missing) + ".")
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        row = {key: cell for key, cell in zip(columns, cells, strict=False) if key}
        if any(str(value or "").strip() for value in row.values()):
            rows.append((line, row))
    return rows


def xlsx_rows(handle) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"Không đọc được tệp XLSX ({type(error).__name__}).") from None
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày “{text}” không đúng dạng dd/mm/yyyy.")


class Lists:
    """The unit's types, issuers and fields by folded name, created when first met."""

    def __init__(self, unit):
        self.unit = unit
        self.known = {
            model: {fold(item.name): item for item in model.objects.for_unit(unit)}
            for model in (DocumentType, Issuer, Field)
        }

    def get(self, model, name: str):
        name = " ".join(str(name or "").split())
        if not name:
            return None
        key = fold(name)
        if key not in self.known[model]:
            self.known[model][key] = model.objects.create(unit=self.unit, name=name)
        return self.known[model][key]


def clean_row(row: dict, lists: Lists) -> dict:
    """Return a row's document fields, or raise ValueError with a Vietnamese reason."""
    values = {key: " ".join(str(row.get(key) or "").split()) for key in row}
    for key, label in REQUIRED.items():
        if not values.get(key) and not isinstance(row.get(key), datetime.date):
            raise ValueError(f"Thiếu {label}.")
    return {
        "number": values["number"],
        "document_type": lists.get(DocumentType, values["type"]),
        "issuer": lists.get(Issuer, values["issuer"]),
        "field": lists.get(Field, values.get("field", "")),
        "issued_on": parse_date(row["issued_on"]),
        "effective_on": parse_date(row.get("effective_on")),
        "expires_on": parse_date(row.get("expires_on")),
        "signer": values.get("signer", ""),
        "signer_title": values.get("signer_title", ""),
        "summary": str(row.get("summary") or "").strip(),
    }


def attachment_path(name: str, base_dir: Path) -> Path | None:
    """Return the register's file as a path inside `base_dir`, or raise ValueError."""
    if not name.strip():
        return None
    path = (base_dir / name.strip()).resolve()
    if base_dir.resolve() not in path.parents:
        raise ValueError(f"Tệp “{name}” nằm ngoài thư mục của sổ văn bản.")
    if not path.is_file():
        raise ValueError(f"Không tìm thấy tệp “{name}” cạnh sổ văn bản.")
    return path


def import_documents(
    *, rows: list[tuple[int, dict]], unit, dry_run: bool, base_dir: Path, user=None
) -> ImportReport:
    """Create or update one document per row, each in its own savepoint; report every row."""
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        lists = Lists(unit)
        for line, row in rows:
            number = str(row.get("number") or "").strip()
            try:
                with transaction.atomic():
                    outcome = import_row(row, unit=unit, lists=lists, base_dir=base_dir, user=user)
            except (ValueError, ValidationError) as error:
                reason = (
                    "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                report.rejected.append(RejectedRow(line, number, reason))
                continue
            getattr(report, outcome).append(number)
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_row(row: dict, *, unit, lists: Lists, base_dir: Path, user) -> str:
    """Write one row; return "created", "updated" or "unchanged"."""
    values = clean_row(row, lists)
    path = attachment_path(str(row.get("file") or ""), base_dir)
    existing = Document.objects.filter(
        unit=unit,
        issuer=values["issuer"],
        year=values["issued_on"].year,
        number_key=number_key(values["number"]),
    ).first()
    document = existing or Document(unit=unit, created_by=user)
    before = {name: getattr(document, name) for name in COMPARED} if existing else None
    for name, value in values.items():
        setattr(document, name, value)
    document.number_key, document.year = number_key(document.number), document.issued_on.year
    document.full_clean(exclude=["slug", "search_text"])
    changed = existing is None or before != {name: getattr(document, name) for name in COMPARED}
    if changed:
        document.updated_by = user
        document.save()
    if path is not None and not document.attachments.exists():
        attach(document, path)
        changed = True
    if existing is None:
        return "created"
    return "updated" if changed else "unchanged"


def attach(document: Document, path: Path) -> None:
    with path.open("rb") as handle:
        upload = File(handle, name=path.name)
        FileKindValidator(ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES)(upload)
        Attachment.objects.create(document=document, file=upload, title="Văn bản")
