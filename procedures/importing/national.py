"""Read one procedure in the national package shape (gói tin) into plain, checked values.

`normalize_row` returns the row's values and its warnings; it raises RowError, with the
reason shown to staff, only when the code or the name is missing.
"""

import hashlib
import json
import re
from collections.abc import Callable

from anphu_portal.folding import fold
from anphu_portal.slugs import ascii_slug
from procedures.importing.values import (
    RowError,
    RowWarning,
    Warn,
    items,
    lenient,
    names,
    parse_count,
    parse_date,
    parse_url,
    text,
)
from procedures.models import CODE_PATTERN, NationalLevel, ProcedureChannel, ProcedureType
from procedures.text import CASE_PREFIX

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
    return [code for code in NationalLevel.values if code in found]


def sorted_words(raw: str) -> list[str]:
    return sorted(re.split(r"[^a-z0-9]+", fold(raw)))


def parse_procedure_type(value, warn: Warn) -> int | None:
    """Return the type's number; words in another order count, anything else is left empty."""
    raw = text(value, "Loại thủ tục")
    if not raw:
        return None
    if raw in {"1", "2", "3"}:
        return int(raw)
    for number, label in ProcedureType.choices:
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
