"""Plain factory functions shared by the tests of every app."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PASSWORD = "test-password-123"
# What every page's layout reads from the organization app on a cold cache: the
# introduction pages of the menu, the banners and the footer's links (then cached until
# the unit's next edit). Query budgets of whole pages add it.
ORGANIZATION_LAYOUT_QUERIES = 3


def make_staff_user(role: str | None = None, *, username: str | None = None, superuser=False):
    """Create a staff user in the given role (a group name of anphu_portal.roles)."""
    User = get_user_model()
    username = username or f"user{User.objects.count() + 1}"
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def login_staff(client, user) -> None:
    """Log `user` in on the Django test client as a staff member would reach the admin.

    Every admin test logs in through this one function, so the login rules (second factor)
    are met in one place: the session is marked verified by a backup-code device, as
    django-otp's `login()` does after a code was accepted. The login itself is recorded
    in the audit trail like any other.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name="Mã dự phòng (kiểm thử)")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def make_image_file(name="anh.jpg", *, size=(1600, 900), color=(30, 110, 170), fmt="JPEG"):
    """Return an uploaded file holding a real image drawn with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


# --- hotline ---


def make_contact_group(name="Đường dây nóng huyện An Phú", **fields):
    """Create a contact group; shown in the sidebar unless told otherwise."""
    from anphu_portal.slugs import ascii_slug
    from hotline.models import ContactGroup

    defaults = {"slug": ascii_slug(name), "kind": "hotline", "show_in_sidebar": True}
    return ContactGroup.objects.create(name=name, **{**defaults, **fields})


def make_contact(group=None, **fields):
    """Create an active contact (phones as digits separated by commas) in a group."""
    from hotline.models import Contact

    defaults = {
        "name": "Ông Huỳnh Hưng Thượng",
        "title": "Chánh văn phòng HĐND và UBND huyện",
        "organization": "Văn phòng HĐND và UBND huyện An Phú",
        "phones": "0919272108",
        "email": "hhthuong@angiang.gov.vn",
    }
    return Contact.objects.create(group=group or make_contact_group(), **{**defaults, **fields})


# --- news ---


def make_category(name: str = "Tin tức - Sự kiện", **fields):
    """Create a news category; the slug is derived from the name."""
    from anphu_portal.slugs import ascii_slug
    from news.models import Category

    fields.setdefault("slug", ascii_slug(name))
    return Category.objects.create(name=name, **fields)


def bulk_articles(category, count: int, *, newest, step) -> None:
    """Insert `count` published archive articles of `category`, one every `step` back from `newest`."""
    from news.models import Article

    Article.objects.bulk_create(
        Article(
            unit_id=category.unit_id,
            category=category,
            title=f"Tin cũ số {n}",
            slug=f"tin-cu-so-{n}",
            summary="Tin lưu trữ.",
            status=Article.Status.PUBLISHED,
            publish_at=newest - n * step,
        )
        for n in range(count)
    )


def make_article(
    title: str = "Huyện An Phú ra quân mùa khô",
    *,
    category=None,
    status: str = "published",
    publish_at=None,
    with_cover: bool = False,
    **fields,
):
    """Create an article; a published one is due an hour ago unless publish_at says otherwise."""
    from datetime import timedelta

    from django.utils import timezone

    from news.models import Article, Category

    if category is None:
        category = Category.objects.first() or make_category()
    if publish_at is None and status == Article.Status.PUBLISHED:
        publish_at = timezone.now() - timedelta(hours=1)
    fields.setdefault("summary", f"Tóm tắt của tin “{title}”.")
    fields.setdefault("body", "<p>Nội dung tin bài.</p>")
    article = Article(
        title=title, category=category, status=status, publish_at=publish_at, **fields
    )
    if with_cover:
        article.cover = make_image_file("bia.jpg", size=(1600, 900))
        article.cover_alt = fields.get("cover_alt") or f"Ảnh của tin {title}"
    article.save()
    return article


# --- procedures ---


def national_procedure_row(code: str = "1.001193", name: str = "Đăng ký khai sinh", **overrides):
    """Return one procedure in the national package shape, with every section filled."""
    row = {
        "MATTHC": code,
        "TENTTHC": name,
        "QUYETDINHCONGBO": {
            "SOQUYETDINH": "1234/QĐ-UBND",
            "NGAYQUYETDINH": "15/05/2024",
            "TRICHYEU": "Công bố danh mục thủ tục hành chính lĩnh vực hộ tịch",
        },
        "CAPTHUCHIEN": [{"TENCAP": "Cấp Xã"}],
        "LOAITTHC": 1,
        "LINHVUCTHUCHIEN": [{"TENLINHVUC": "Hộ tịch"}],
        "TRINHTUTHUCHIEN": [
            {
                "TRUONGHOP": "Đăng ký đúng hạn",
                "TRINHTU": [
                    {"TENTRINHTU": "Bước 1: Nộp tờ khai tại Ủy ban nhân dân cấp xã."},
                    {"TENTRINHTU": "Bước 2: Nhận Giấy khai sinh."},
                ],
            }
        ],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": 1,
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": "1",
                        "DONVITINH": "Ngày làm việc",
                        "MOTA": "Nộp tại Bộ phận Một cửa",
                        "PHILEPHI": [{"SOTIEN": "8000", "DONVI": "Đồng", "MOTA": "Lệ phí"}],
                    }
                ],
            },
            {"KENH": 2, "THOIGIAN": [{"THOIGIANGIAIQUYET": "1", "DONVITINH": "Ngày"}]},
        ],
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "Đăng ký đúng hạn",
                "GIAYTO": [
                    {
                        "TENGIAYTO": "Tờ khai đăng ký khai sinh",
                        "TENMAUDON": "Tờ khai theo mẫu",
                        "URL": "https://example.org/mau/to-khai.docx",
                        "SOBANCHINH": 1,
                        "SOBANSAO": 0,
                    },
                    {"TENGIAYTO": "Giấy chứng sinh", "SOBANCHINH": "1", "SOBANSAO": "2"},
                ],
            }
        ],
        "DOITUONGTHUCHIEN": [{"TENDOITUONG": "Công dân Việt Nam"}],
        "COQUANTHUCHIEN": [{"TENDONVI": "Ủy ban nhân dân cấp xã"}],
        "COQUANCOTHAMQUYEN": [{"TENDONVI": "Chủ tịch Ủy ban nhân dân cấp xã"}],
        "DIACHITIEPNHAN": "Bộ phận Một cửa xã Phú Hữu (dữ liệu mẫu)",
        "COQUANDUOCUYQUYEN": [{"TENDONVI": "Công chức tư pháp - hộ tịch"}],
        "COQUANPHOIHOP": [{"TENDONVI": "Công an xã"}],
        "KETQUATHUCHIEN": [{"TENKETQUA": "Giấy khai sinh bản chính"}],
        "CANCUPHAPLY": [
            {"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch", "NGAYBANHANH": "20/11/2014"}
        ],
        "YEUCAU": "Đăng ký trong 60 ngày kể từ ngày sinh",
        "TUKHOA": "giấy khai sinh",
        "MOTA": "Thủ tục mẫu để kiểm thử",
        "MUCDO": "Toàn trình",
        "URLNOPHOSO": "https://dichvucong.gov.vn/nop-ho-so",
    }
    row.update(overrides)
    return row


def make_procedure(code: str = "1.001193", name: str = "Đăng ký khai sinh", **overrides):
    """Create one procedure through the import and return it."""
    from procedures.importing import import_procedures
    from procedures.models import Procedure

    report = import_procedures(
        rows=[national_procedure_row(code, name, **overrides)], dry_run=False
    )
    assert not report.rejected, report.rejected
    return Procedure.objects.get(code=code)


def make_many_procedures(count: int, *, sectors: int = 5) -> None:
    """Create many simple procedures fast, spread over sectors, levels and agencies."""
    from procedures.models import Agency, Level, Procedure, ProcedureAgency, Sector

    sector_rows = [
        Sector.objects.create(name=f"Lĩnh vực {i}", slug=f"linh-vuc-{i}") for i in range(sectors)
    ]
    levels = [Level.national(slug) for slug in ("tinh", "huyen", "xa")]
    agency = Agency.objects.create(name="Ủy ban nhân dân cấp xã", slug="uy-ban-nhan-dan-cap-xa")
    service_levels = ["toan-trinh", "mot-phan", "khong"]
    procedures = []
    for i in range(count):
        procedure = Procedure(
            code=f"9.{i:06d}", name=f"Thủ tục số {i}", service_level=service_levels[i % 3]
        )
        procedure.search_text = procedure.build_search_text([sector_rows[i % sectors].name])
        procedures.append(procedure)
    Procedure.objects.bulk_create(procedures)
    created = list(Procedure.objects.filter(code__startswith="9.").order_by("code"))
    SectorLink, LevelLink = Procedure.sectors.through, Procedure.levels.through
    SectorLink.objects.bulk_create(
        SectorLink(procedure=p, sector=sector_rows[i % sectors]) for i, p in enumerate(created)
    )
    LevelLink.objects.bulk_create(
        LevelLink(procedure=p, level=levels[i % 3]) for i, p in enumerate(created)
    )
    ProcedureAgency.objects.bulk_create(
        ProcedureAgency(procedure=p, agency=agency) for p in created
    )


def make_form_file(kind: str = "docx", name: str | None = None):
    """Return an uploaded form template with real content of the given kind."""
    import zipfile

    from procedures.management.commands.load_demo_procedures import docx_bytes, pdf_bytes

    if kind == "pdf":
        content = pdf_bytes("To khai")
    elif kind == "docx":
        content = docx_bytes("Tờ khai")
    elif kind in ("doc", "xls"):
        content = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    elif kind in ("xlsx", "odt"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            if kind == "odt":
                archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
                archive.writestr("content.xml", "<office:document-content/>")
            else:
                archive.writestr("[Content_Types].xml", "<Types/>")
                archive.writestr("xl/workbook.xml", "<workbook/>")
        content = buffer.getvalue()
    else:
        raise ValueError(kind)
    return SimpleUploadedFile(name or f"to-khai.{kind}", content)


def make_spreadsheet(rows: list[list[str]], kind: str = "xlsx") -> bytes:
    """Return an XLSX workbook or a UTF-8 CSV holding the given rows (header first)."""
    if kind == "csv":
        import csv

        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return buffer.getvalue().encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
