"""A new unit's starting lists of document types, issuers and fields."""

from documents.models import Disclosure, DocumentType, Field, Issuer

DEFAULT_TYPES = [
    ("Quyết định", ""),
    ("Chỉ thị", ""),
    ("Nghị quyết", ""),
    ("Kế hoạch", ""),
    ("Thông báo", ""),
    ("Công văn", ""),
    ("Báo cáo", ""),
    ("Tờ trình", ""),
    ("Hướng dẫn", ""),
    ("Dự toán, quyết toán ngân sách", Disclosure.BUDGET),
    ("Quy hoạch, kế hoạch sử dụng đất", Disclosure.LAND_PLANNING),
    ("Dự án, đấu thầu, mua sắm công", Disclosure.PROCUREMENT),
    ("Báo cáo thống kê", Disclosure.STATISTICS),
    ("Khác", ""),
]
DEFAULT_ISSUERS = ["Ủy ban nhân dân", "Hội đồng nhân dân", "Văn phòng HĐND và UBND"]
DEFAULT_FIELDS = [
    "Tài chính – Ngân sách",
    "Đất đai",
    "Xây dựng",
    "Giáo dục",
    "Y tế",
    "Nông nghiệp",
    "Văn hóa – Xã hội",
    "Nội vụ",
]


def create_default_lists(unit) -> None:
    """Give a unit the usual document types (with the disclosure ones), issuers and fields."""
    for position, (name, disclosure) in enumerate(DEFAULT_TYPES):
        DocumentType.objects.get_or_create(
            unit=unit, name=name, defaults={"position": position, "disclosure": disclosure}
        )
    for position, name in enumerate(DEFAULT_ISSUERS):
        Issuer.objects.get_or_create(unit=unit, name=name, defaults={"position": position})
    for position, name in enumerate(DEFAULT_FIELDS):
        Field.objects.get_or_create(unit=unit, name=name, defaults={"position": position})
