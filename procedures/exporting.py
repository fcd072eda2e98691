"""Write procedures back in the shapes `import_procedures` reads: JSON package, CSV, XLSX.

`national_row` is the inverse of `importing.national.normalize_row`: importing its output
into an empty database gives the same procedure, field for field. The spreadsheets use
the column headers and cell layout of `importing.readers` (a list cell holds one item per
line, a table cell one row per line with " | " between columns); a value spanning
several lines is written on one line there, as in the national list's own spreadsheets.
"""

import csv
import io

from procedures.models import Procedure


def names(values, key: str) -> list[dict]:
    return [{key: value} for value in values]


def national_steps(procedure: Procedure) -> list[dict]:
    return [
        {"TRUONGHOP": case, "TRINHTU": [{"TENTRINHTU": step} for step in steps]}
        for case, steps in procedure.step_groups()
    ]


def national_channels(procedure: Procedure) -> list[dict]:
    return [
        {
            "KENH": channel.channel,
            "THOIGIAN": [
                {
                    "THOIGIANGIAIQUYET": channel.processing_time,
                    "DONVITINH": "",
                    "MOTA": channel.description,
                    # Fees are free text in our catalogue: each line is one fee's description.
                    "PHILEPHI": [{"MOTA": fee} for fee in channel.fee_list()],
                }
            ],
        }
        for channel in procedure.channels.all()
    ]


def national_documents(procedure: Procedure) -> list[dict]:
    groups: list[dict] = []
    for document in procedure.documents.all():
        if not groups or groups[-1]["TRUONGHOP"] != document.case:
            groups.append({"TRUONGHOP": document.case, "GIAYTO": []})
        groups[-1]["GIAYTO"].append(
            {
                "TENGIAYTO": document.name,
                "TENMAUDON": document.form_name,
                "URL": document.form_url,
                "SOBANCHINH": document.original_count,
                "SOBANSAO": document.copy_count,
            }
        )
    return groups


def national_legal_bases(procedure: Procedure) -> list[dict]:
    return [
        {
            "SOVANBAN": basis.number,
            "TENVANBAN": basis.title,
            "NGAYBANHANH": basis.issued_on.isoformat() if basis.issued_on else "",
            "COQUANBANHANH": basis.issuer,
        }
        for basis in procedure.legal_basis_list()
    ]


def national_row(procedure: Procedure) -> dict:
    """Return the procedure in the national package shape (gói tin) that the import reads."""
    return {
        "MATTHC": procedure.code,
        "TENTTHC": procedure.name,
        "QUYETDINHCONGBO": {
            "SOQUYETDINH": procedure.decision_number,
            "NGAYQUYETDINH": procedure.decision_date.isoformat() if procedure.decision_date else "",
            "TRICHYEU": procedure.decision_summary,
        },
        "COQUANBANHANH": procedure.issuing_body,
        "CAPTHUCHIEN": names(procedure.level_labels, "TENCAP"),
        "LOAITTHC": str(procedure.procedure_type or ""),
        "LINHVUCTHUCHIEN": names([s.name for s in procedure.sector_list()], "TENLINHVUC"),
        "TRINHTUTHUCHIEN": national_steps(procedure),
        "CACHTHUCTHUCHIEN": national_channels(procedure),
        "THANHPHANHOSO": national_documents(procedure),
        "DOITUONGTHUCHIEN": names(procedure.subject_list(), "TENDOITUONG"),
        "COQUANTHUCHIEN": names(procedure.agency_name_list(), "TENDONVI"),
        "COQUANCOTHAMQUYEN": names(procedure.competent_authority_list(), "TENDONVI"),
        "DIACHITIEPNHAN": procedure.receiving_address,
        "COQUANDUOCUYQUYEN": names(procedure.authorized_agency_list(), "TENDONVI"),
        "COQUANPHOIHOP": names(procedure.coordinating_agency_list(), "TENDONVI"),
        "KETQUATHUCHIEN": names(procedure.result_list(), "TENKETQUA"),
        "CANCUPHAPLY": national_legal_bases(procedure),
        "YEUCAU": procedure.requirements,
        "TUKHOA": procedure.keywords,
        "MOTA": procedure.description,
        "MUCDO": procedure.service_level,
        "URLNOPHOSO": procedure.online_url,
    }


# --- Spreadsheets -------------------------------------------------------------------------


def one_line(value) -> str:
    """Return a table column's value on one line, without the column separator."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("|", "/").split())


def table(rows) -> str:
    return "\n".join(" | ".join(one_line(column) for column in row) for row in rows)


def day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def form_column(document) -> str:
    return " ".join(part for part in (one_line(document.form_name), document.form_url) if part)


# Header (as `importing.readers.COLUMNS` knows it) -> the cell of one procedure.
SPREADSHEET_COLUMNS = {
    "Mã thủ tục": lambda p: p.code,
    "Tên thủ tục": lambda p: p.name,
    "Số quyết định công bố": lambda p: (
        table([[p.decision_number, day(p.decision_date), p.decision_summary]])
        if p.decision_number or p.decision_date or p.decision_summary
        else ""
    ),
    "Cơ quan ban hành": lambda p: p.issuing_body,
    "Cấp thực hiện": lambda p: "\n".join(p.level_labels),
    "Loại thủ tục": lambda p: str(p.procedure_type or ""),
    "Lĩnh vực": lambda p: "\n".join(sector.name for sector in p.sector_list()),
    "Trình tự thực hiện": lambda p: table(
        [case, step] for case, steps in p.step_groups() for step in steps
    ),
    "Cách thức thực hiện": lambda p: table(
        [c.get_channel_display(), c.processing_time, " ; ".join(c.fee_list()), c.description]
        for c in p.channels.all()
    ),
    "Thành phần hồ sơ": lambda p: table(
        [d.name, form_column(d), d.original_count, d.copy_count, d.case] for d in p.documents.all()
    ),
    "Đối tượng thực hiện": lambda p: "\n".join(p.subject_list()),
    "Cơ quan thực hiện": lambda p: "\n".join(p.agency_name_list()),
    "Cơ quan có thẩm quyền": lambda p: "\n".join(p.competent_authority_list()),
    "Địa chỉ tiếp nhận hồ sơ": lambda p: p.receiving_address,
    "Cơ quan được ủy quyền": lambda p: "\n".join(p.authorized_agency_list()),
    "Cơ quan phối hợp": lambda p: "\n".join(p.coordinating_agency_list()),
    "Kết quả thực hiện": lambda p: "\n".join(p.result_list()),
    "Căn cứ pháp lý": lambda p: table(
        [b.number, b.title, day(b.issued_on), b.issuer] for b in p.legal_basis_list()
    ),
    "Yêu cầu, điều kiện thực hiện": lambda p: p.requirements,
    "Từ khóa": lambda p: p.keywords,
    "Mô tả": lambda p: p.description,
    "Mức độ dịch vụ công trực tuyến": lambda p: p.service_level,
    "Đường dẫn nộp hồ sơ trực tuyến": lambda p: p.online_url,
}


def spreadsheet_rows(procedures) -> list[list[str]]:
    """Return the header and one row per procedure."""
    rows = [list(SPREADSHEET_COLUMNS)]
    rows += [[cell(p) for cell in SPREADSHEET_COLUMNS.values()] for p in procedures]
    return rows


def csv_bytes(procedures) -> bytes:
    """Return the procedures as UTF-8 CSV with a byte-order mark, as Excel opens it."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(spreadsheet_rows(procedures))
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(procedures) -> bytes:
    """Return the procedures as one XLSX sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Thủ tục hành chính")
    for row in spreadsheet_rows(procedures):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
