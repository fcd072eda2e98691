"""The demo's documents: 30 over the types, statuses and disclosure sections, two drafts."""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from documents.extraction import extract_attachment_text
from documents.models import (
    Attachment,
    Document,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    RelationKind,
)
from documents.numbers import number_key
from documents.pdfs import text_pdf
from documents.unit_template import create_default_lists

SAMPLE = "Văn bản mẫu để minh họa cổng thông tin, không có giá trị pháp lý."
UBND, HDND, VP = "Ủy ban nhân dân", "Hội đồng nhân dân", "Văn phòng HĐND và UBND"


@dataclass
class Sample:
    number: str
    type_name: str
    issuer: str
    field_name: str
    summary: str
    days_ago: int
    extra: dict = field(default_factory=dict)


def samples() -> list[Sample]:
    """Return the 30 documents, newest last; numbers end in the symbol of their issuer."""
    return [
        Sample(
            "12/KH-UBND",
            "Kế hoạch",
            UBND,
            "Nội vụ",
            "Kế hoạch rà soát, đơn giản hóa thủ tục hành chính năm nay",
            300,
        ),
        Sample(
            "15/KH-UBND",
            "Kế hoạch",
            UBND,
            "Văn hóa – Xã hội",
            "Kế hoạch tổ chức các hoạt động văn hóa, thể thao mừng Xuân",
            280,
        ),
        Sample(
            "20/QĐ-UBND",
            "Quyết định",
            UBND,
            "Nội vụ",
            "Quyết định ban hành Quy chế làm việc của Ủy ban nhân dân",
            270,
        ),
        Sample(
            "22/CT-UBND",
            "Chỉ thị",
            UBND,
            "Nông nghiệp",
            "Chỉ thị về tăng cường phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
            260,
        ),
        Sample(
            "05/NQ-HĐND",
            "Nghị quyết",
            HDND,
            "Tài chính – Ngân sách",
            "Nghị quyết về dự toán thu, chi ngân sách",
            250,
        ),
        Sample(
            "31/TB-UBND",
            "Thông báo",
            UBND,
            "Y tế",
            "Thông báo lịch tiêm chủng mở rộng cho trẻ em",
            240,
            {"expires": -200},
        ),
        Sample("40/KH-UBND", "Kế hoạch", UBND, "Đất đai", "Kế hoạch sử dụng đất năm nay", 230),
        Sample(
            "44/BC-UBND",
            "Báo cáo",
            UBND,
            "Văn hóa – Xã hội",
            "Báo cáo tình hình kinh tế – xã hội quý I",
            220,
        ),
        Sample(
            "51/CV-VP",
            "Công văn",
            VP,
            "Nội vụ",
            "Công văn về việc thực hiện chế độ báo cáo định kỳ",
            210,
        ),
        Sample(
            "58/QĐ-UBND",
            "Quyết định",
            UBND,
            "Xây dựng",
            "Quyết định phê duyệt kế hoạch lựa chọn nhà thầu công trình đường giao thông nông thôn",
            200,
        ),
        Sample(
            "63/TTr-UBND",
            "Tờ trình",
            UBND,
            "Tài chính – Ngân sách",
            "Tờ trình về việc điều chỉnh dự toán ngân sách",
            190,
        ),
        Sample(
            "70/HD-UBND",
            "Hướng dẫn",
            UBND,
            "Giáo dục",
            "Hướng dẫn tuyển sinh vào lớp 1 và lớp 6",
            180,
        ),
        Sample(
            "75/QĐ-UBND",
            "Dự toán, quyết toán ngân sách",
            UBND,
            "Tài chính – Ngân sách",
            "Quyết định công bố công khai dự toán ngân sách",
            170,
        ),
        Sample(
            "78/QĐ-UBND",
            "Dự toán, quyết toán ngân sách",
            UBND,
            "Tài chính – Ngân sách",
            "Quyết định công bố công khai quyết toán ngân sách năm trước",
            160,
        ),
        Sample(
            "82/QĐ-UBND",
            "Quy hoạch, kế hoạch sử dụng đất",
            UBND,
            "Đất đai",
            "Quyết định phê duyệt điều chỉnh quy hoạch sử dụng đất",
            150,
        ),
        Sample(
            "85/TB-UBND",
            "Quy hoạch, kế hoạch sử dụng đất",
            UBND,
            "Đất đai",
            "Thông báo công khai kế hoạch sử dụng đất đến người dân các ấp",
            140,
        ),
        Sample(
            "90/QĐ-UBND",
            "Dự án, đấu thầu, mua sắm công",
            UBND,
            "Xây dựng",
            "Quyết định phê duyệt kết quả lựa chọn nhà thầu xây dựng trường mẫu giáo",
            130,
        ),
        Sample(
            "93/TB-UBND",
            "Dự án, đấu thầu, mua sắm công",
            UBND,
            "Tài chính – Ngân sách",
            "Thông báo kết quả mua sắm tài sản công",
            120,
        ),
        Sample(
            "96/BC-UBND",
            "Báo cáo thống kê",
            UBND,
            "Văn hóa – Xã hội",
            "Báo cáo thống kê dân số và lao động",
            110,
        ),
        Sample(
            "99/BC-UBND",
            "Báo cáo thống kê",
            UBND,
            "Nông nghiệp",
            "Báo cáo thống kê diện tích, năng suất lúa vụ Đông Xuân",
            100,
        ),
        Sample(
            "102/KH-UBND",
            "Kế hoạch",
            UBND,
            "Nông nghiệp",
            "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn",
            90,
        ),
        Sample(
            "108/QĐ-UBND",
            "Quyết định",
            UBND,
            "Nội vụ",
            "Quyết định thay thế Quy chế làm việc của Ủy ban nhân dân",
            80,
            {"replaces": "20/QĐ-UBND"},
        ),
        Sample(
            "110/QĐ-UBND",
            "Quyết định",
            UBND,
            "Y tế",
            "Quyết định sửa đổi, bổ sung kế hoạch phòng, chống dịch bệnh",
            70,
            {"amends": "22/CT-UBND"},
        ),
        Sample(
            "115/KH-UBND", "Kế hoạch", UBND, "Giáo dục", "Kế hoạch phổ cập giáo dục, xóa mù chữ", 60
        ),
        Sample(
            "118/CV-VP",
            "Công văn",
            VP,
            "Nội vụ",
            "Công văn đính chính Kế hoạch phổ cập giáo dục",
            55,
            {"corrects": "115/KH-UBND"},
        ),
        Sample(
            "120/QĐ-UBND",
            "Quyết định",
            UBND,
            "Đất đai",
            "Quyết định về giá đất cụ thể",
            40,
            {"effective": -30},
        ),
        Sample(
            "121/KH-UBND",
            "Kế hoạch",
            UBND,
            "Văn hóa – Xã hội",
            "Kế hoạch tổ chức Ngày hội đại đoàn kết toàn dân tộc",
            30,
        ),
        Sample(
            "125/QĐ-UBND",
            "Quyết định",
            UBND,
            "Nông nghiệp",
            "Quyết định ban hành Kế hoạch chuyển đổi cơ cấu cây trồng",
            20,
        ),
        Sample(
            "08/NQ-HĐND",
            "Nghị quyết",
            HDND,
            "Tài chính – Ngân sách",
            "Nghị quyết về kế hoạch đầu tư công trung hạn",
            10,
        ),
        Sample(
            "130/KH-UBND",
            "Kế hoạch",
            UBND,
            "Xây dựng",
            "Kế hoạch chỉnh trang đô thị, xây dựng nông thôn mới",
            5,
        ),
    ]


def pdf_lines(sample: Sample, unit) -> list[str]:
    return [
        f"{sample.issuer.upper()} – {unit.unit_name}",
        f"Số: {sample.number}",
        f"{sample.type_name.upper()}",
        sample.summary + ".",
        f"Căn cứ chức năng, nhiệm vụ của {sample.issuer}; xét đề nghị của các phòng, ban chuyên môn "
        "về việc triển khai thực hiện nhiệm vụ trên địa bàn.",
        "Điều 1. Giao các cơ quan, đơn vị, Ủy ban nhân dân các xã, thị trấn tổ chức thực hiện, "
        "bảo đảm đúng tiến độ, tiết kiệm, hiệu quả; định kỳ báo cáo kết quả.",
        "Điều 2. Văn bản có hiệu lực kể từ ngày ký. Chánh Văn phòng và thủ trưởng các cơ quan "
        "liên quan chịu trách nhiệm thi hành.",
        SAMPLE,
    ]


def load_demo_documents(*, unit) -> int:
    """Create the unit's demo documents once (a second run changes no row); return how many new."""
    create_default_lists(unit)
    today = timezone.localdate()
    by_number, created = {}, 0
    for sample in samples():
        document, was_created = demo_document(sample, unit, today)
        by_number[sample.number] = document
        created += was_created
    for sample in samples():
        for key, kind in (
            ("replaces", RelationKind.REPLACES),
            ("amends", RelationKind.AMENDS),
            ("corrects", RelationKind.CORRECTS),
        ):
            if key in sample.extra:
                DocumentRelation.objects.get_or_create(
                    source=by_number[sample.number], kind=kind, target=by_number[sample.extra[key]]
                )
    created += load_demo_drafts(unit, today)
    for attachment in Attachment.objects.filter(document__unit=unit, text_state="pending"):
        extract_attachment_text(attachment)
    return created


def demo_document(sample: Sample, unit, today: datetime.date, **fields) -> tuple[Document, bool]:
    issued = today - datetime.timedelta(days=sample.days_ago)
    issuer = Issuer.objects.get_or_create(unit=unit, name=sample.issuer)[0]
    document = Document.objects.filter(
        unit=unit, issuer=issuer, year=issued.year, number_key=number_key(sample.number)
    ).first()
    if document is not None:
        return document, False
    extra = sample.extra
    document = Document.objects.create(
        unit=unit,
        number=sample.number,
        document_type=DocumentType.objects.get_or_create(unit=unit, name=sample.type_name)[0],
        issuer=issuer,
        field=Field.objects.get_or_create(unit=unit, name=sample.field_name)[0],
        summary=sample.summary,
        issued_on=issued,
        effective_on=today - datetime.timedelta(days=extra["effective"])
        if "effective" in extra
        else None,
        expires_on=today + datetime.timedelta(days=extra["expires"])
        if "expires" in extra
        else None,
        signer="Nguyễn Văn Mẫu" if sample.issuer != HDND else "Trần Thị Mẫu",
        signer_title="Chủ tịch" if sample.issuer != VP else "Chánh Văn phòng",
        body=SAMPLE,
        publish_at=timezone.now() - datetime.timedelta(days=sample.days_ago),
        **fields,
    )
    pdf = text_pdf(heading=f"{sample.type_name} số {sample.number}", lines=pdf_lines(sample, unit))
    Attachment.objects.create(
        document=document,
        file=ContentFile(pdf, name=f"{number_key(sample.number)}.pdf"),
        title="Văn bản ký số",
    )
    return document, True


def load_demo_drafts(unit, today: datetime.date) -> int:
    """Create one draft open for comment and one closed with its summary report."""
    open_draft = Sample(
        "Dự thảo",
        "Nghị quyết",
        HDND,
        "Giáo dục",
        "Dự thảo Nghị quyết quy định mức hỗ trợ học phí cho học sinh",
        3,
    )
    closed = Sample(
        "Dự thảo 02",
        "Kế hoạch",
        UBND,
        "Xây dựng",
        "Dự thảo Kế hoạch chỉnh trang khu dân cư chợ",
        60,
    )
    _, first = demo_document(
        open_draft,
        unit,
        today,
        is_draft=True,
        comment_opens_on=today - datetime.timedelta(days=3),
        comment_closes_on=today + datetime.timedelta(days=27),
    )
    report = text_pdf(
        heading="BÁO CÁO tổng hợp, tiếp thu, giải trình ý kiến góp ý",
        lines=[
            "Đã nhận 12 ý kiến góp ý của người dân; tiếp thu 9 ý kiến, giải trình 3 ý kiến.",
            SAMPLE,
        ],
    )
    document, second = demo_document(
        closed,
        unit,
        today,
        is_draft=True,
        comment_opens_on=today - datetime.timedelta(days=60),
        comment_closes_on=today - datetime.timedelta(days=30),
    )
    if second:
        document.comment_report.save("bao-cao-tong-hop.pdf", ContentFile(report), save=True)
    return first + second
