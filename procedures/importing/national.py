"""Read one procedure in the national package shape (gói tin) into plain, checked values.

`normalize_row` raises RowError with the reason shown to staff when a row cannot be used.
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from anphu_portal.folding import fold
from anphu_portal.slugs import ascii_slug
from procedures.models import CODE_PATTERN, LEVELS, PROCEDURE_TYPES, ProcedureChannel
from procedures.text import CASE_PREFIX


class RowError(Exception):
    """A value that cannot be used; the message is the reason shown to staff.

    `key` names the national package key at fault, so the report can name the field in
    the file's own language (a spreadsheet's column, a JSON item's key).
    """

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


@dataclass
class RowWarning:
    """An odd value kept as written or left out of one field; the row is still imported."""

    key: str
    message: str


Warn = Callable[[RowError], None]


def text(value, label: str, *, max_length: int | None = None) -> str:
    """Return a cell as stripped text; numbers become text, None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RowError(f"{label} phải là chữ, không phải {type(value).__name__}.")
    result = str(value).replace("\r\n", "\n").replace("\x00", "").strip()
    try:
        result.encode("utf-8")
    except UnicodeEncodeError:
        # A JSON escape such as "\ud800" gives half a character that no database stores.
        raise RowError(f"{label} chứa ký tự không hợp lệ.") from None
    if max_length and len(result) > max_length:
        raise RowError(f"{label} dài quá {max_length} ký tự.")
    return result


def items(value, label: str) -> list[dict]:
    """Return a list of objects; a single object counts as a list of one."""
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RowError(f"{label} phải là danh sách các đối tượng.")
    return value


def names(value, key: str, label: str, *, max_length: int = 300) -> list[str]:
    """Return the distinct non-empty names under `key` of a list of objects."""
    result = []
    for item in items(value, label):
        name = text(item.get(key), label, max_length=max_length)
        if name and name not in result:
            result.append(name)
    return result


def parse_date(value, label: str) -> str:
    """Return an ISO date from dd/mm/yyyy or yyyy-mm-dd[THH:MM:SS], '' when empty."""
    raw = text(value, label)
    if not raw:
        return ""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw[:10], pattern).date().isoformat()
        except ValueError:
            continue
    raise RowError(f"{label} “{raw[:40]}” không phải ngày hợp lệ (dd/mm/yyyy).")


def parse_url(value, label: str) -> str:
    """Return an http(s) URL, '' when empty; anything else is refused."""
    raw = text(value, label, max_length=500)
    if not raw:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(raw)
    except ValidationError:
        raise RowError(f"{label} “{raw[:60]}” không phải địa chỉ http(s) hợp lệ.") from None
    return raw


def parse_count(value, label: str) -> int | None:
    """Return a number of copies, None when the source does not say."""
    raw = text(value, label)
    if not raw:
        return None
    try:
        number = int(float(raw))
    except (ValueError, OverflowError):
        raise RowError(f"{label} “{raw[:20]}” phải là số.") from None
    if not 0 <= number <= 1000:
        raise RowError(f"{label} phải từ 0 đến 1000.")
    return number


# Folded words naming each level of the national list, e.g. "Cấp Bộ/Trung ương" or "Cấp Xã".
LEVEL_WORDS = {
    "trung-uong": ("trung uong", "bo"),
    "tinh": ("tinh",),
    "huyen": ("huyen",),
    "xa": ("xa",),
    "khac": ("khac",),
}


def parse_levels(value, warn: Warn) -> list[str]:
    """Return the URL values of the levels named, in the national list's order."""
    found = set()
    for name in names(value, "TENCAP", "Cấp thực hiện"):
        words = f" {' '.join(re.split(r'[^a-z0-9]+', fold(name)))} "
        codes = {code for code, keys in LEVEL_WORDS.items() if any(f" {k} " in words for k in keys)}
        if not codes:
            warn(RowError(f"Cấp thực hiện “{name[:60]}” không có trong danh mục, đã bỏ qua."))
        found.update(codes)
    return [code for code, _label in LEVELS if code in found]


def sorted_words(raw: str) -> list[str]:
    return sorted(re.split(r"[^a-z0-9]+", fold(raw)))


def parse_procedure_type(value, warn: Warn) -> int | None:
    """Return the type's number; words in another order count, anything else is left empty."""
    raw = text(value, "Loại thủ tục")
    if not raw:
        return None
    if raw in {"1", "2", "3"}:
        return int(raw)
    for number, label in PROCEDURE_TYPES:
        # The national exports also write "TTHC được giao luật quy định chi tiết".
        if sorted_words(label) == sorted_words(raw):
            return number
    warn(RowError(f"Loại thủ tục “{raw[:60]}” không thuộc ba loại đã biết, để trống."))
    return None


SERVICE_LEVEL_WORDS = {
    "": "",
    "khong": "khong",
    "toan trinh": "toan-trinh",
    "toan-trinh": "toan-trinh",
    "mot phan": "mot-phan",
    "mot-phan": "mot-phan",
}


def parse_service_level(value, warn: Warn) -> str:
    """Return the service level; empty or unknown words give "" (no information)."""
    raw = text(value, "Mức độ")
    key = fold(raw).removeprefix("dich vu cong truc tuyen ").strip()
    if key not in SERVICE_LEVEL_WORDS:
        warn(RowError(f"Mức độ “{raw[:40]}” không rõ nghĩa, ghi là chưa có thông tin."))
        return ""
    return SERVICE_LEVEL_WORDS[key]


def parse_channel(value) -> int:
    raw = text(value, "Hình thức nộp")
    if raw in {"1", "2", "3"}:
        return int(raw)
    folded = fold(raw)
    for number, label in ProcedureChannel.CHANNELS:
        if folded == fold(label) or (number == 3 and folded == "buu chinh"):
            return number
    raise RowError(f"Hình thức nộp “{raw[:40]}” không hợp lệ (trực tiếp, trực tuyến, bưu chính).")


def format_amount(value) -> str:
    raw = text(value, "Số tiền")
    if re.fullmatch(r"\d+(\.0+)?", raw):
        return f"{int(float(raw)):,}".replace(",", ".")
    return raw


def parse_steps(value) -> str:
    """Return the steps as text: blank lines between steps, "Trường hợp: …" before a case."""
    blocks = []
    for group in items(value, "Trình tự thực hiện"):
        case = text(group.get("TRUONGHOP"), "Trường hợp", max_length=500)
        if case:
            blocks.append(f"{CASE_PREFIX} {case}")
        for step in items(group.get("TRINHTU"), "Trình tự"):
            lines = text(step.get("TENTRINHTU"), "Trình tự").splitlines()
            body = "\n".join(line.strip() for line in lines if line.strip())
            if body:
                blocks.append(body)
    return "\n\n".join(blocks)


def parse_channels(value, warn: Warn) -> list[dict]:
    """Return one row per channel and time limit; a channel of unknown kind is left out."""
    rows = []
    for group in items(value, "Cách thức thực hiện"):
        try:
            channel = parse_channel(group.get("KENH"))
        except RowError as error:
            warn(RowError(f"{error} Đã bỏ cách thức này."))
            continue
        for timing in items(group.get("THOIGIAN"), "Thời hạn giải quyết") or [{}]:
            time_parts = [
                text(timing.get("THOIGIANGIAIQUYET"), "Thời hạn giải quyết"),
                text(timing.get("DONVITINH"), "Đơn vị tính"),
            ]
            fees = []
            for fee in items(timing.get("PHILEPHI"), "Phí, lệ phí"):
                amount = " ".join(
                    part
                    for part in (format_amount(fee.get("SOTIEN")), text(fee.get("DONVI"), "Đơn vị"))
                    if part
                )
                note = text(fee.get("MOTA"), "Mô tả phí")
                fees.append(" – ".join(part for part in (amount, note) if part))
            processing_time = " ".join(part for part in time_parts if part)
            rows.append(
                {
                    "channel": channel,
                    "processing_time": processing_time,
                    "fees": "\n".join(fee for fee in fees if fee),
                    "description": text(timing.get("MOTA"), "Mô tả cách thức"),
                }
            )
    return rows


def lenient(warn: Warn, parse: Callable, *args, default=None):
    """Return parse(*args), or the default after a warning when the value is odd."""
    try:
        return parse(*args)
    except RowError as error:
        warn(error)
        return default


def parse_documents(value, warn: Warn) -> list[dict]:
    rows = []
    for group in items(value, "Thành phần hồ sơ"):
        case = text(group.get("TRUONGHOP"), "Trường hợp", max_length=500)
        for paper in items(group.get("GIAYTO"), "Giấy tờ"):
            form_name = text(paper.get("TENMAUDON"), "Tên mẫu đơn", max_length=500)
            name = text(paper.get("TENGIAYTO"), "Tên giấy tờ") or form_name
            if not name:
                continue
            rows.append(
                {
                    "case": case,
                    "name": name,
                    "form_name": form_name,
                    "form_url": lenient(
                        warn, parse_url, paper.get("URL"), "Đường dẫn mẫu đơn", default=""
                    ),
                    "original_count": lenient(
                        warn, parse_count, paper.get("SOBANCHINH"), "Số bản chính"
                    ),
                    "copy_count": lenient(warn, parse_count, paper.get("SOBANSAO"), "Số bản sao"),
                }
            )
    return rows


def parse_legal_bases(value, warn: Warn) -> list[dict]:
    rows = []
    for item in items(value, "Căn cứ pháp lý"):
        number = text(item.get("SOVANBAN"), "Số ký hiệu", max_length=200)
        title = text(item.get("TENVANBAN"), "Trích yếu")
        if number or title:
            rows.append(
                {
                    "number": number,
                    "title": title,
                    "issued_on": lenient(
                        warn, parse_date, item.get("NGAYBANHANH"), "Ngày ban hành", default=""
                    ),
                    "issuer": text(item.get("COQUANBANHANH"), "Cơ quan ban hành", max_length=300),
                }
            )
    return rows


def joined_names(value, key: str, label: str) -> str:
    return "\n".join(names(value, key, label, max_length=10_000))


def distinct_entries(value, key: str, label: str, *, split_on: str = "") -> list[str]:
    """Return the names, once each: two spellings of one name (case, accents) are one entry.

    With split_on, one cell may name several entries ("Hộ tịch; Chứng thực").
    """
    result: dict[str, str] = {}
    for cell in names(value, key, label):
        for name in cell.split(split_on) if split_on else [cell]:
            if name.strip():
                slug = ascii_slug(name.strip(), max_length=120, fallback="khong-ten")
                result.setdefault(slug, name.strip())
    return list(result.values())


def parse_decision(value, warn: Warn) -> dict:
    decision = value or {}
    if not isinstance(decision, dict):
        decision = (items(decision, "Quyết định công bố") or [{}])[0]
    return {
        "decision_number": text(decision.get("SOQUYETDINH"), "Số quyết định", max_length=100),
        "decision_date": lenient(
            warn, parse_date, decision.get("NGAYQUYETDINH"), "Ngày quyết định", default=""
        ),
        "decision_summary": text(decision.get("TRICHYEU"), "Trích yếu quyết định"),
    }


def one(field: str, parse: Callable) -> Callable[[object, Warn], dict]:
    """Return a reader of one key into one field."""
    return lambda value, warn: {field: parse(value, warn)}


def plain(field: str, label: str, max_length: int | None = None):
    return one(field, lambda value, warn: text(value, label, max_length=max_length))


def joined(field: str, key: str, label: str):
    return one(field, lambda value, warn: joined_names(value, key, label))


def url(field: str, label: str):
    return one(field, lambda value, warn: lenient(warn, parse_url, value, label, default=""))


# National key -> reader of its value into fields. A key missing from the row leaves those
# fields as they are (the national list XLSX has no steps, papers or fees).
FIELDS = {
    "QUYETDINHCONGBO": parse_decision,
    "COQUANBANHANH": plain("issuing_body", "Cơ quan ban hành", 300),
    "CAPTHUCHIEN": one("levels", parse_levels),
    "LOAITTHC": one("procedure_type", parse_procedure_type),
    "LINHVUCTHUCHIEN": one(
        "sectors",
        lambda v, w: distinct_entries(v, "TENLINHVUC", "Lĩnh vực", split_on=";"),
    ),
    "TRINHTUTHUCHIEN": one("steps", lambda value, warn: parse_steps(value)),
    "CACHTHUCTHUCHIEN": one("channels", parse_channels),
    "THANHPHANHOSO": one("documents", parse_documents),
    "DOITUONGTHUCHIEN": joined("subjects", "TENDOITUONG", "Đối tượng"),
    "COQUANTHUCHIEN": one(
        "agencies", lambda v, w: distinct_entries(v, "TENDONVI", "Cơ quan thực hiện")
    ),
    "COQUANCOTHAMQUYEN": joined("competent_authorities", "TENDONVI", "Cơ quan có thẩm quyền"),
    "DIACHITIEPNHAN": plain("receiving_address", "Địa chỉ tiếp nhận"),
    "COQUANDUOCUYQUYEN": joined("authorized_agencies", "TENDONVI", "Cơ quan được ủy quyền"),
    "COQUANPHOIHOP": joined("coordinating_agencies", "TENDONVI", "Cơ quan phối hợp"),
    "KETQUATHUCHIEN": joined("results", "TENKETQUA", "Kết quả"),
    "CANCUPHAPLY": one("legal_bases", parse_legal_bases),
    "YEUCAU": plain("requirements", "Yêu cầu, điều kiện"),
    "TUKHOA": plain("keywords", "Từ khóa"),
    "MOTA": plain("description", "Mô tả"),
    "MUCDO": one("service_level", parse_service_level),
    "URLNOPHOSO": url("online_url", "Đường dẫn nộp hồ sơ"),
}
NAME_MAX_LENGTH = 2000


def required_fields(raw: dict, warn: Warn) -> dict:
    """Return the code and name, the only values whose absence rejects a procedure."""
    code = text(raw.get("MATTHC"), "Mã thủ tục", max_length=60)
    if not code:
        raise RowError("Thiếu mã thủ tục.", "MATTHC")
    if not re.match(CODE_PATTERN, code):
        raise RowError(f"Mã thủ tục “{code}” chỉ được gồm chữ, số, dấu chấm, gạch ngang.", "MATTHC")
    name = text(raw.get("TENTTHC"), "Tên thủ tục")
    if not name:
        raise RowError("Thiếu tên thủ tục.", "TENTTHC")
    if len(name) > NAME_MAX_LENGTH:
        warn(RowError(f"Tên thủ tục dài quá {NAME_MAX_LENGTH} ký tự, đã cắt bớt.", "TENTTHC"))
        name = name[:NAME_MAX_LENGTH]
    return {"code": code, "name": name}


def normalize_row(raw) -> tuple[dict, list[RowWarning]]:
    """Return the row's values ready to write and its warnings, or raise RowError.

    Only the fields whose key the row has are returned.
    """
    if not isinstance(raw, dict):
        raise RowError("Không phải một thủ tục (cần một đối tượng có mã và tên thủ tục).")
    warnings: list[RowWarning] = []
    data = required_fields(raw, lambda error: warnings.append(RowWarning(error.key, str(error))))
    for key, read in FIELDS.items():
        if key not in raw:
            continue

        def warn(error: RowError, key=key) -> None:
            warnings.append(RowWarning(error.key or key, str(error)))

        try:
            data.update(read(raw[key], warn))
        except RowError as error:
            warn(RowError(f"{error} Đã bỏ qua trường này.", error.key))
    return data, warnings


def fingerprint(data: dict) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()
