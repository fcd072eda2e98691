"""Fill the data set of the performance issue, bulk, adding only what is missing.

The measured unit (unit 1, the default unit, host u1.bench.localhost) gets 100,000
articles over 10 categories, 500 contacts, 20,000 documents (5,000 with about 20 KB of
text read from a PDF), 50,000 questions (5,000 published with their answers) and 2,000
schedule entries; the province's shared catalogue 2,000 procedures; units 2…100 1,000
articles each (bench/fill_units.py). Every kind is counted first and only the missing
rows are added, so a second run costs a few counts. bulk_create skips save(), so the
derived fields (search_text, number_key, year…) are computed here by the models' own
methods. Run through `bench/fill_units.py --scale` or bench/bench_scale.py.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock

from bench.fill_units import BATCH, bench_host, fill_units, progress

CATEGORIES = [
    "Tin tức - Sự kiện",
    "Chính trị",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Thông báo",
    "Quốc phòng - An ninh",
    "Giáo dục",
    "Y tế",
    "Nông nghiệp",
    "Cải cách hành chính",
]
WORDS = (
    "ủy ban nhân dân xã thị trấn huyện an phú tỉnh an giang căn cứ luật tổ chức chính quyền "
    "địa phương quyết định kế hoạch thông báo về việc triển khai thực hiện đăng ký khai sinh "
    "kết hôn hộ tịch chứng thực đất đai xây dựng nông nghiệp thủy lợi giáo dục y tế phòng chống "
    "dịch bệnh người dân doanh nghiệp ngân sách dự toán năm điều khoản trách nhiệm cơ quan đơn vị "
    "phối hợp báo cáo kết quả công tác cải cách hành chính một cửa liên thông"
).split()
PROCEDURE_NAMES = [
    "Đăng ký khai sinh",
    "Đăng ký khai sinh có yếu tố nước ngoài",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Cấp bản sao trích lục hộ tịch",
    "Chứng thực chữ ký trong giấy tờ, văn bản",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký thường trú",
    "Cấp giấy chứng nhận quyền sử dụng đất",
    "Thủ tục hưởng trợ cấp xã hội hằng tháng",
]
LEVELS = ["xa", "huyen", "tinh", "trung-uong"]
DOCUMENT_TYPES = ["Quyết định", "Kế hoạch", "Thông báo", "Công văn", "Báo cáo", "Chỉ thị"]
ISSUERS = ["Ủy ban nhân dân", "Hội đồng nhân dân", "Văn phòng HĐND và UBND", "Phòng Tư pháp"]
FIELDS = ["Hành chính", "Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Tài chính", "Tư pháp"]


@dataclass
class Sizes:
    articles: int = 100_000
    contacts: int = 500
    documents: int = 20_000
    documents_with_pdf: int = 5_000
    pdf_chars: int = 20_000
    questions: int = 50_000
    questions_published: int = 5_000
    schedule: int = 2_000
    procedures: int = 2_000
    units: int = 100
    unit_articles: int = 1_000


def words(seed: int, chars: int) -> str:
    """Return about `chars` characters of Vietnamese words, the same for the same seed."""
    picker = random.Random(seed)
    count = max(chars // 6, 1)
    return " ".join(picker.choices(WORDS, k=count))


def in_batches(total_from: int, total_to: int, label: str, make_batch) -> None:
    """Call make_batch(range) for each BATCH of missing rows, with a progress bar."""
    for start in range(total_from, total_to, BATCH):
        make_batch(range(start, min(start + BATCH, total_to)))
        progress(min(start + BATCH, total_to) - total_from, total_to - total_from, label)


def measured_unit():
    """Return unit 1 (the default unit) with its bench host name."""
    from anphu_portal.models import Unit, UnitHost

    unit = Unit.default()
    UnitHost.objects.get_or_create(host=bench_host(1), defaults={"unit": unit})
    return unit


def fill_articles(unit, target: int) -> None:
    from django.utils import timezone

    from news.models import Article, Category

    categories = []
    for i, name in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            unit=unit, slug=f"chuyen-muc-{i}", defaults={"name": name, "position": i}
        )
        categories.append(category)
    now = timezone.now()
    body = "".join(f"<p>{words(i, 400)}.</p>" for i in range(5))

    def batch(numbers):
        rows = []
        for n in numbers:
            article = Article(
                unit=unit,
                title=f"Tin số {n}: {words(n, 60)}",
                slug=f"tin-so-{n}",
                summary=words(n + 1, 200),
                body=body,
                category=categories[n % len(categories)],
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=30 * (n + 1)),
                featured=n % 50 == 0,
                view_count=(n * 7919) % 5000,
            )
            article.search_text = article.build_search_text()
            rows.append(article)
        Article.objects.bulk_create(rows)

    present = Article.objects.filter(unit=unit).count()
    in_batches(present, target, "tin bài", batch)


def fill_contacts(unit, target: int) -> None:
    from hotline.models import Contact, ContactGroup

    # The sidebar box, on every page, holds a few numbers, as on a real portal; the
    # directory page lists all the groups.
    hotline, created = ContactGroup.objects.get_or_create(
        unit=unit,
        slug="duong-day-nong",
        defaults={"name": "Đường dây nóng", "position": 0, "show_in_sidebar": True},
    )
    if created:
        for n, title in enumerate(["Chủ tịch UBND", "Công an", "Y tế", "Điện lực", "Cấp nước"]):
            Contact.objects.create(
                group=hotline, title=title, name=f"Trực {n + 1}", phones=f"0296{n:07d}"
            )
    groups = []
    for i in range(10):
        group, _ = ContactGroup.objects.get_or_create(
            unit=unit, slug=f"nhom-lien-he-{i}", defaults={"name": f"Ấp {i + 1}", "position": i + 1}
        )
        groups.append(group)
    present = Contact.objects.filter(group__in=groups).count()

    def batch(numbers):
        rows = []
        for n in numbers:
            contact = Contact(
                group=groups[n % len(groups)],
                name=f"Nguyễn Văn {n}",
                title="Trưởng ấp" if n % 10 == 0 else "Cán bộ",
                phones=f"0919{n:06d}",
                email=f"canbo{n}@anphu.angiang.gov.vn",
                position=n,
            )
            contact.search_text = contact.build_search_text()
            rows.append(contact)
        Contact.objects.bulk_create(rows)

    in_batches(present, target, "liên hệ", batch)


def unit_list(model, unit, names: list[str]) -> list:
    from anphu_portal.slugs import ascii_slug

    return [
        model.objects.get_or_create(
            unit=unit, slug=ascii_slug(name), defaults={"name": name, "position": i}
        )[0]
        for i, name in enumerate(names)
    ]


def fill_documents(unit, sizes: Sizes) -> None:
    from django.utils import timezone

    from documents.models import Attachment, Document, DocumentType, Field, Issuer
    from documents.models.parts import TextState
    from documents.numbers import number_key

    types = unit_list(DocumentType, unit, DOCUMENT_TYPES)
    issuers = unit_list(Issuer, unit, ISSUERS)
    fields = unit_list(Field, unit, FIELDS)
    today = timezone.localdate()

    def batch(numbers):
        documents, texts = [], {}
        for n in numbers:
            issued = today - timedelta(days=n // 8)
            document = Document(
                unit=unit,
                number=f"{n + 1}/{['QĐ', 'KH', 'TB', 'CV', 'BC', 'CT'][n % 6]}-UBND",
                document_type=types[n % len(types)],
                issuer=issuers[n % len(issuers)],
                field=fields[n % len(fields)],
                signer="Trần Văn Bình",
                signer_title="Chủ tịch",
                issued_on=issued,
                summary=f"Về việc {words(n, 120)}",
                publish_at=timezone.make_aware(datetime.combine(issued, clock(8))),
            )
            document.number_key = number_key(document.number)
            document.year = issued.year
            document.slug = f"{document.number_key}-{document.year}"
            if n < sizes.documents_with_pdf:
                texts[n] = words(n, sizes.pdf_chars)
            document.search_text = document.build_search_text([texts[n]] if n in texts else [])
            documents.append((n, document))
        Document.objects.bulk_create([document for _, document in documents])
        Attachment.objects.bulk_create(
            Attachment(
                document=document,
                file=f"van-ban/bench/{n}.pdf",
                size=200_000,
                text=texts[n],
                text_state=TextState.EXTRACTED,
                text_checked_at=timezone.now(),
            )
            for n, document in documents
            if n in texts
        )

    present = Document.objects.filter(unit=unit).count()
    in_batches(present, sizes.documents, "văn bản", batch)


def fill_questions(unit, sizes: Sizes) -> None:
    from django.utils import timezone

    from feedback.models import Field, Status, Submission

    fields = list(Field)
    now = timezone.now()

    def batch(numbers):
        rows = []
        for n in numbers:
            published = n < sizes.questions_published
            created = now - timedelta(hours=n + 1)
            question = Submission(
                unit=unit,
                tracking_code=f"HD-2000-{n:06d}",
                name=f"Công dân {n}",
                phone=f"0909{n:06d}",
                field=fields[n % len(fields)],
                subject=f"Hỏi về {words(n, 50)}",
                content=words(n + 7, 600),
                consent=True,
                publish_requested=published,
                published=published,
                status=Status.ANSWERED if published else [Status.NEW, Status.IN_PROGRESS][n % 2],
                answer=f"<p>{words(n + 9, 800)}</p>" if published else "",
                answered_at=created + timedelta(days=3) if published else None,
                created_at=created,
                due_date=(created + timedelta(days=14)).date(),
            )
            question.search_text = (
                f"{fold(question.subject)}{TITLE_SEPARATOR}"
                f"{fold(f'{question.content} {question.answer}')}"
            )
            rows.append(question)
        Submission.objects.bulk_create(rows)

    from anphu_portal.folding import fold
    from anphu_portal.matching import TITLE_SEPARATOR

    present = Submission.objects.filter(unit=unit, tracking_code__startswith="HD-2000-").count()
    in_batches(present, sizes.questions, "câu hỏi", batch)


def fill_schedule(unit, target: int) -> None:
    from django.utils import timezone

    from organization.models import ScheduleEntry

    today = timezone.localdate()

    def batch(numbers):
        ScheduleEntry.objects.bulk_create(
            ScheduleEntry(
                unit=unit,
                date=today + timedelta(days=30 - n // 2),
                start_time=clock(7, 30) if n % 2 == 0 else clock(14),
                content=f"Họp {words(n, 80)}",
                place="Hội trường Ủy ban nhân dân",
                participants="Lãnh đạo các ban, ngành",
            )
            for n in numbers
        )

    present = ScheduleEntry.objects.filter(unit=unit).count()
    in_batches(present, target, "mục lịch", batch)


def fill_procedures(target: int) -> None:
    from procedures.models import Agency, Level, Procedure, ProcedureAgency, Sector
    from procedures.models.parts import LegalBasis, ProcedureChannel, RequiredDocument

    sectors = [Sector.objects.get_or_create(name=f"Lĩnh vực {i + 1}")[0] for i in range(30)]
    agencies = [
        Agency.objects.get_or_create(name=name)[0]
        for name in ["Ủy ban nhân dân cấp xã", "Ủy ban nhân dân cấp huyện", "Sở Tư pháp"]
    ]
    levels = [Level.national(slug) for slug in LEVELS]

    def batch(numbers):
        procedures = []
        for n in numbers:
            sector, agency = sectors[n % len(sectors)], agencies[n % len(agencies)]
            procedure = Procedure(
                code=f"BENCH.{n:06d}",
                name=f"{PROCEDURE_NAMES[n % len(PROCEDURE_NAMES)]} (trường hợp {n})",
                issuing_body="Bộ Tư pháp",
                steps="Bước 1: Nộp hồ sơ.\nBước 2: Tiếp nhận, giải quyết.\nBước 3: Trả kết quả.",
                subjects="Công dân Việt Nam",
                results="Giấy chứng nhận",
                requirements=words(n, 300),
                service_level=["toan-trinh", "mot-phan", "khong", ""][n % 4],
            )
            procedure.search_text = procedure.build_search_text(
                [*sector.searchable_names(), *agency.searchable_names()]
            )
            procedures.append((procedure, sector, agency))
        Procedure.objects.bulk_create([row[0] for row in procedures])
        link_procedures(procedures, levels)

    def link_procedures(procedures, levels):
        rows = [row[0] for row in procedures]
        Procedure.sectors.through.objects.bulk_create(
            Procedure.sectors.through(procedure=p, sector=s) for p, s, _ in procedures
        )
        Procedure.levels.through.objects.bulk_create(
            Procedure.levels.through(procedure=p, level=levels[i % len(levels)])
            for i, p in enumerate(rows)
        )
        ProcedureAgency.objects.bulk_create(
            ProcedureAgency(procedure=p, agency=a) for p, _, a in procedures
        )
        ProcedureChannel.objects.bulk_create(
            ProcedureChannel(procedure=p, channel=channel, processing_time="05 ngày làm việc")
            for p in rows
            for channel in (1, 2)
        )
        RequiredDocument.objects.bulk_create(
            RequiredDocument(procedure=p, name=f"Giấy tờ số {i + 1}", original_count=1, position=i)
            for p in rows
            for i in range(3)
        )
        LegalBasis.objects.bulk_create(
            LegalBasis(procedure=p, number="60/2014/QH13", title="Luật Hộ tịch") for p in rows
        )

    present = Procedure.objects.filter(code__startswith="BENCH.").count()
    in_batches(present, target, "thủ tục", batch)


def fill_scale(sizes: Sizes | None = None) -> float:
    """Make sure the whole data set is there; return the seconds it took."""
    from django.db import connection, transaction

    from anphu_portal.models import forget_units

    sizes = sizes or Sizes()
    started = time.monotonic()
    with transaction.atomic():
        unit = measured_unit()
    for fill in (
        lambda: fill_articles(unit, sizes.articles),
        lambda: fill_contacts(unit, sizes.contacts),
        lambda: fill_documents(unit, sizes),
        lambda: fill_questions(unit, sizes),
        lambda: fill_schedule(unit, sizes.schedule),
        lambda: fill_procedures(sizes.procedures),
    ):
        with transaction.atomic():
            fill()
    fill_units(sizes.units, sizes.unit_articles)  # Units 2…N; unit 1 is filled above.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would after a bulk load: statistics, and the visibility map
            # without which no index-only scan is chosen.
            cursor.execute("VACUUM ANALYZE")
    forget_units()
    return time.monotonic() - started
