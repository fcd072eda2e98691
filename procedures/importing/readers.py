"""Read a procedure file (JSON, XLSX or CSV) into rows of the national package shape.

Spreadsheets have one row per procedure under the Vietnamese section names; a list cell
holds one item per line, a table cell one row per line with " | " between columns.
"""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from anphu_portal.folding import fold


class UnreadableFile(Exception):
    """The whole file cannot be read; the message is one Vietnamese line."""


@dataclass
class ProcedureFile:
    """The rows of a file, and the spreadsheet line of each row (empty lines are skipped)."""

    kind: str
    rows: list
    lines: list[int] = field(default_factory=list)
    # National key -> the spreadsheet's column header as written.
    headers: dict[str, str] = field(default_factory=dict)

    def position_label(self, position: int) -> str:
        """Return where the 1-based row is in the file: its spreadsheet line or JSON item."""
        if self.kind == "json" or position > len(self.lines):
            return f"Mục {position}"
        return f"Dòng {self.lines[position - 1]}"

    def field_label(self, key: str) -> str:
        """Return how the file names a field: a spreadsheet's column, a JSON item's key."""
        if not key:
            return ""
        if self.kind == "json":
            return f"khóa {key}"
        return f"cột “{self.headers.get(key) or COLUMN_NAMES.get(key, key)}”"

    def explain(self, reason: str, key: str) -> str:
        """Return the reason followed by the field it concerns, in the file's terms."""
        label = self.field_label(key)
        return f"{reason} ({label})" if label else reason


FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}
URL_IN_TEXT = re.compile(r"https?://\S+")


def lines(cell: str) -> list[str]:
    return [line.strip() for line in cell.splitlines() if line.strip()]


def table(cell: str, width: int) -> list[list[str]]:
    """Split a table cell: one row per line, columns separated by " | ", padded to width."""
    rows = []
    for line in lines(cell):
        columns = [column.strip() for column in line.split("|")]
        rows.append((columns + [""] * width)[:width])
    return rows


def names_of(key: str):
    return lambda cell: [{key: line} for line in lines(cell)]


def decision(cell: str) -> dict:
    number, day, summary = (table(cell, 3) or [["", "", ""]])[0]
    return {"SOQUYETDINH": number, "NGAYQUYETDINH": day, "TRICHYEU": summary}


def steps(cell: str) -> list[dict]:
    groups: dict[str, list] = {}
    for line in lines(cell):
        case, _, step = line.rpartition("|")
        groups.setdefault(case.strip(), []).append({"TENTRINHTU": step.strip()})
    return [{"TRUONGHOP": case, "TRINHTU": items} for case, items in groups.items()]


def channels(cell: str) -> list[dict]:
    return [
        {
            "KENH": kind,
            "THOIGIAN": [
                {
                    "THOIGIANGIAIQUYET": time,
                    "MOTA": note,
                    "PHILEPHI": [{"MOTA": fee}] if fee else [],
                }
            ],
        }
        for kind, time, fee, note in table(cell, 4)
    ]


def split_form(cell: str) -> tuple[str, str]:
    """Return (form name, URL) of a "Mẫu đơn, tờ khai" column that may end with a URL."""
    match = URL_IN_TEXT.search(cell)
    if not match:
        return cell, ""
    return (cell[: match.start()] + cell[match.end() :]).strip(" -–()"), match.group(0)


def documents(cell: str) -> list[dict]:
    groups: dict[str, list] = {}
    for name, form, originals, copies, case in table(cell, 5):
        form_name, url = split_form(form)
        groups.setdefault(case, []).append(
            {
                "TENGIAYTO": name,
                "TENMAUDON": form_name,
                "URL": url,
                "SOBANCHINH": originals,
                "SOBANSAO": copies,
            }
        )
    return [{"TRUONGHOP": case, "GIAYTO": papers} for case, papers in groups.items()]


def legal_bases(cell: str) -> list[dict]:
    return [
        {"SOVANBAN": number, "TENVANBAN": title, "NGAYBANHANH": day, "COQUANBANHANH": issuer}
        for number, title, day, issuer in table(cell, 4)
    ]


def same(cell: str) -> str:
    return cell


# Folded column header -> (national key, converter). The README lists these headers.
COLUMNS = {
    "ma thu tuc": ("MATTHC", same),
    "ma tthc": ("MATTHC", same),
    "ten tthc": ("TENTTHC", same),
    "co quan ban hanh": ("COQUANBANHANH", same),
    "so quyet dinh cong bo": ("QUYETDINHCONGBO", decision),
    "ten thu tuc": ("TENTTHC", same),
    "cap thuc hien": ("CAPTHUCHIEN", names_of("TENCAP")),
    "loai thu tuc": ("LOAITTHC", same),
    "linh vuc": ("LINHVUCTHUCHIEN", names_of("TENLINHVUC")),
    "trinh tu thuc hien": ("TRINHTUTHUCHIEN", steps),
    "cach thuc thuc hien": ("CACHTHUCTHUCHIEN", channels),
    "thanh phan ho so": ("THANHPHANHOSO", documents),
    "doi tuong thuc hien": ("DOITUONGTHUCHIEN", names_of("TENDOITUONG")),
    "co quan thuc hien": ("COQUANTHUCHIEN", names_of("TENDONVI")),
    "co quan co tham quyen": ("COQUANCOTHAMQUYEN", names_of("TENDONVI")),
    "dia chi tiep nhan ho so": ("DIACHITIEPNHAN", same),
    "co quan duoc uy quyen": ("COQUANDUOCUYQUYEN", names_of("TENDONVI")),
    "co quan phoi hop": ("COQUANPHOIHOP", names_of("TENDONVI")),
    "ket qua thuc hien": ("KETQUATHUCHIEN", names_of("TENKETQUA")),
    "can cu phap ly": ("CANCUPHAPLY", legal_bases),
    "yeu cau, dieu kien thuc hien": ("YEUCAU", same),
    "tu khoa": ("TUKHOA", same),
    "mo ta": ("MOTA", same),
    "muc do": ("MUCDO", same),
    "muc do dich vu cong": ("MUCDO", same),
    "muc do dich vu cong truc tuyen": ("MUCDO", same),
    "nop ho so truc tuyen": ("URLNOPHOSO", same),
    "duong dan nop ho so truc tuyen": ("URLNOPHOSO", same),
}
REQUIRED_KEYS = ("MATTHC", "TENTTHC")
# The column a spreadsheet row's message names when the file's own header is not known.
COLUMN_NAMES = {"MATTHC": "Mã thủ tục", "TENTTHC": "Tên thủ tục"}
# The national portal's list export has a title (and a blank line) above its header.
HEADER_SEARCH_ROWS = 10


def cell_text(value, column: str = "") -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and column == "ma thu tuc":
        # Excel turns a code typed as 1.000890 into the number 1.00089.
        return f"{value:.6f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_of(row) -> list[str]:
    return [fold(cell_text(cell)).rstrip(":").strip() for cell in row]


def is_header(columns: list[str]) -> bool:
    keys = {COLUMNS[column][0] for column in columns if column in COLUMNS}
    return all(key in keys for key in REQUIRED_KEYS)


def find_header(rows) -> tuple[list, list[str], int]:
    """Return the header row as written, folded, and its line, among the first rows."""
    for line, row in enumerate(rows, start=1):
        if is_header(header_of(row)):
            return list(row), header_of(row), line
        if line >= HEADER_SEARCH_ROWS:
            break
    raise UnreadableFile(
        "Không tìm thấy dòng tiêu đề có cột “Mã thủ tục” và “Tên thủ tục” trong "
        f"{HEADER_SEARCH_ROWS} dòng đầu của bảng tính."
    )


def spreadsheet_rows(kind: str, rows) -> ProcedureFile:
    """Return national-shape rows from a header row followed by one row per procedure.

    Columns not known (such as “STT”) are ignored; a column the file lacks leaves that
    field of existing procedures as it is.
    """
    rows = iter(rows)
    written, header, header_line = find_header(rows)
    result = ProcedureFile(kind, [])
    for cell, column in zip(written, header, strict=False):
        if column in COLUMNS:
            result.headers.setdefault(COLUMNS[column][0], cell_text(cell))
    for line, row in enumerate(rows, start=header_line + 1):
        cells = [cell_text(cell, column) for cell, column in zip(row, header, strict=False)]
        if not any(cells):
            continue
        record = {}
        for column, value in zip(header, cells, strict=False):
            if column in COLUMNS and value:
                key, convert = COLUMNS[column]
                record[key] = convert(value)
        result.rows.append(record)
        result.lines.append(line)
    return result


def read_json(data: bytes) -> ProcedureFile:
    try:
        content = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UnreadableFile("Tệp JSON không phải mã UTF-8; hãy lưu lại với mã UTF-8.") from None
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"Tệp không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno})."
        ) from None
    except (ValueError, RecursionError):
        raise UnreadableFile("Tệp không phải JSON hợp lệ (lồng quá sâu hoặc số quá lớn).") from None
    if isinstance(content, dict) and isinstance(content.get("data"), list):
        return ProcedureFile("json", content["data"])
    if isinstance(content, list):
        return ProcedureFile("json", content)
    raise UnreadableFile("Tệp JSON cần là một danh sách thủ tục hoặc có danh sách ở khóa “data”.")


def read_csv(data: bytes) -> ProcedureFile:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "Tệp CSV không phải mã UTF-8; trong Excel chọn “CSV UTF-8” khi lưu."
        ) from None
    if "\x00" in content:
        raise UnreadableFile("Tệp CSV chứa ký tự rỗng; đây không phải tệp văn bản.")
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
        return spreadsheet_rows("csv", reader)
    except csv.Error as error:
        raise UnreadableFile(f"Tệp CSV sai định dạng ({error}).") from None


def read_xlsx(data: bytes) -> ProcedureFile:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise UnreadableFile("Không đọc được tệp Excel; cần tệp .xlsx thật.") from None
    try:
        sheet = workbook.worksheets[0]
        return spreadsheet_rows("xlsx", sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_procedure_file(file, *, name: str) -> ProcedureFile:
    """Return the rows of an uploaded or opened binary file, or raise UnreadableFile."""
    kind = FORMATS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise UnreadableFile("Chỉ nhận tệp .json, .xlsx hoặc .csv.")
    data = file.read()
    if not data.strip():
        raise UnreadableFile("Tệp rỗng, không có thủ tục nào.")
    reader = {"json": read_json, "csv": read_csv, "xlsx": read_xlsx}[kind]
    return reader(data)
