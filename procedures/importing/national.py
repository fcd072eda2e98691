"""Read one procedure in the national package shape (gói tin) into plain, checked values.

`normalize_row` raises RowError with the reason shown to staff when a row cannot be used.
"""

import hashlib
import json
import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from anphu_portal.folding import fold
from anphu_portal.slugs import ascii_slug
from procedures.models import CODE_PATTERN, NationalLevel, ProcedureChannel, ProcedureType
from procedures.text import CASE_PREFIX


class RowError(Exception):
    """A row that cannot be imported; the message is the reason shown to staff."""


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


def parse_count(value, label: str) -> int:
    raw = text(value, label)
    if not raw:
        return 0
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


def parse_levels(value) -> list[str]:
    """Return the URL values of the levels named, in the national list's order."""
    found = set()
    for name in names(value, "TENCAP", "Cấp thực hiện"):
        words = f" {' '.join(re.split(r'[^a-z0-9]+', fold(name)))} "
        found.update(
            code for code, keys in LEVEL_WORDS.items() if any(f" {k} " in words for k in keys)
        )
    return [code for code in NationalLevel.values if code in found]


def parse_procedure_type(value) -> int | None:
    raw = text(value, "Loại thủ tục")
    if not raw:
        return None
    if raw in {"1", "2", "3"}:
        return int(raw)
    folded = fold(raw)
    for number, label in ProcedureType.choices:
        if fold(label) == folded:
            return number
    raise RowError(f"Loại thủ tục “{raw[:40]}” không hợp lệ (1, 2 hoặc 3).")


SERVICE_LEVEL_WORDS = {
    "": "khong",
    "khong": "khong",
    "toan trinh": "toan-trinh",
    "toan-trinh": "toan-trinh",
    "mot phan": "mot-phan",
    "mot-phan": "mot-phan",
}


def parse_service_level(value) -> str:
    raw = text(value, "Mức độ")
    key = fold(raw).removeprefix("dich vu cong truc tuyen ").strip()
    if key not in SERVICE_LEVEL_WORDS:
        raise RowError(f"Mức độ “{raw[:40]}” không hợp lệ (Toàn trình, Một phần hoặc để trống).")
    return SERVICE_LEVEL_WORDS[key]


def parse_channel(value) -> int:
    raw = text(value, "Hình thức nộp")
    if raw in {"1", "2", "3"}:
        return int(raw)
    folded = fold(raw)
    for number, label in ProcedureChannel.Channel.choices:
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


def parse_channels(value) -> list[dict]:
    rows = []
    for group in items(value, "Cách thức thực hiện"):
        channel = parse_channel(group.get("KENH"))
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
            if len(processing_time) > 300:
                raise RowError("Thời hạn giải quyết dài quá 300 ký tự.")
            rows.append(
                {
                    "channel": channel,
                    "processing_time": processing_time,
                    "fees": "\n".join(fee for fee in fees if fee),
                    "description": text(timing.get("MOTA"), "Mô tả cách thức"),
                }
            )
    return rows


def parse_documents(value) -> list[dict]:
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
                    "form_url": parse_url(paper.get("URL"), "Đường dẫn mẫu đơn"),
                    "original_count": parse_count(paper.get("SOBANCHINH"), "Số bản chính"),
                    "copy_count": parse_count(paper.get("SOBANSAO"), "Số bản sao"),
                }
            )
    return rows


def parse_legal_bases(value) -> list[dict]:
    rows = []
    for item in items(value, "Căn cứ pháp lý"):
        number = text(item.get("SOVANBAN"), "Số ký hiệu", max_length=200)
        title = text(item.get("TENVANBAN"), "Trích yếu")
        if number or title:
            rows.append(
                {
                    "number": number,
                    "title": title,
                    "issued_on": parse_date(item.get("NGAYBANHANH"), "Ngày ban hành"),
                    "issuer": text(item.get("COQUANBANHANH"), "Cơ quan ban hành", max_length=300),
                }
            )
    return rows


def joined_names(value, key: str, label: str) -> str:
    return "\n".join(names(value, key, label, max_length=10_000))


def distinct_entries(value, key: str, label: str) -> list[str]:
    """Return the names, once each: two spellings of one name (case, accents) are one entry."""
    result: dict[str, str] = {}
    for name in names(value, key, label):
        result.setdefault(ascii_slug(name, max_length=120, fallback="khong-ten"), name)
    return list(result.values())


def normalize_row(raw) -> dict:
    """Return the row as plain values ready to write, or raise RowError with the reason."""
    if not isinstance(raw, dict):
        raise RowError("Không phải một thủ tục (cần một đối tượng có các khóa MATTHC, TENTTHC…).")
    code = text(raw.get("MATTHC"), "Mã thủ tục", max_length=60)
    if not code:
        raise RowError("Thiếu mã thủ tục (MATTHC).")
    if not re.match(CODE_PATTERN, code):
        raise RowError(f"Mã thủ tục “{code}” chỉ được gồm chữ, số, dấu chấm, gạch ngang.")
    name = text(raw.get("TENTTHC"), "Tên thủ tục", max_length=500)
    if not name:
        raise RowError("Thiếu tên thủ tục (TENTTHC).")
    decision = raw.get("QUYETDINHCONGBO") or {}
    if not isinstance(decision, dict):
        decision = (items(decision, "Quyết định công bố") or [{}])[0]
    return {
        "code": code,
        "name": name,
        "decision_number": text(decision.get("SOQUYETDINH"), "Số quyết định", max_length=100),
        "decision_date": parse_date(decision.get("NGAYQUYETDINH"), "Ngày quyết định"),
        "decision_summary": text(decision.get("TRICHYEU"), "Trích yếu quyết định"),
        "levels": parse_levels(raw.get("CAPTHUCHIEN")),
        "procedure_type": parse_procedure_type(raw.get("LOAITTHC")),
        "sectors": distinct_entries(raw.get("LINHVUCTHUCHIEN"), "TENLINHVUC", "Lĩnh vực"),
        "steps": parse_steps(raw.get("TRINHTUTHUCHIEN")),
        "channels": parse_channels(raw.get("CACHTHUCTHUCHIEN")),
        "documents": parse_documents(raw.get("THANHPHANHOSO")),
        "subjects": joined_names(raw.get("DOITUONGTHUCHIEN"), "TENDOITUONG", "Đối tượng"),
        "agencies": distinct_entries(raw.get("COQUANTHUCHIEN"), "TENDONVI", "Cơ quan thực hiện"),
        "competent_authorities": joined_names(
            raw.get("COQUANCOTHAMQUYEN"), "TENDONVI", "Cơ quan có thẩm quyền"
        ),
        "receiving_address": text(raw.get("DIACHITIEPNHAN"), "Địa chỉ tiếp nhận"),
        "authorized_agencies": joined_names(
            raw.get("COQUANDUOCUYQUYEN"), "TENDONVI", "Cơ quan được ủy quyền"
        ),
        "coordinating_agencies": joined_names(
            raw.get("COQUANPHOIHOP"), "TENDONVI", "Cơ quan phối hợp"
        ),
        "results": joined_names(raw.get("KETQUATHUCHIEN"), "TENKETQUA", "Kết quả"),
        "legal_bases": parse_legal_bases(raw.get("CANCUPHAPLY")),
        "requirements": text(raw.get("YEUCAU"), "Yêu cầu, điều kiện"),
        "keywords": text(raw.get("TUKHOA"), "Từ khóa"),
        "description": text(raw.get("MOTA"), "Mô tả"),
        "service_level": parse_service_level(raw.get("MUCDO")),
        "online_url": parse_url(raw.get("URLNOPHOSO"), "Đường dẫn nộp hồ sơ"),
    }


def fingerprint(data: dict) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()
