"""One hidden object of every kind, built per app, for the test that the API never shows them.

Each app contributes a builder: a function taking `Setting` (the unit served, another
unit, a staff member) that creates its hidden objects next to visible ones and returns a
`Hidden`: the secret words that must appear in no answer, the API addresses of the hidden
objects (each must answer 404) and any extra addresses worth reading (filtered lists,
HTML pages). A new app writes its builder here, next to these (or in tests/<app>/ and
imports it here), and lists it in HIDDEN_BUILDERS at the end of this module:

    def documents_hidden(setting: Setting) -> Hidden:
        draft = make_document("Dự thảo bimatduthao", published=False)
        return Hidden(
            secrets=["bimatduthao"],
            hidden_urls=[f"/api/v1/documents/{draft.pk}/"],
            probe_urls=["/api/v1/documents/?status=draft", "/van-ban/"],
        )

The test reads every endpoint the API registers by itself; the builder only adds data.
Secret words are plain ASCII tokens ("bimatnhap"), so a search for them is a probe too. An
answer may repeat its own address (a 404 page, a search page), so a secret in the address
read is not looked for in that answer.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from tests.factories import (
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_procedure,
)


@dataclass
class Setting:
    home: object  # the unit served at testserver
    other: object  # another unit, with its own host
    staff: object  # a staff member whose name must never appear


@dataclass
class Hidden:
    secrets: list[str]
    hidden_urls: list[str] = field(default_factory=list)
    probe_urls: list[str] = field(default_factory=list)


def news_hidden(setting: Setting) -> Hidden:
    """Draft, pending, scheduled articles, another unit's article and category, staff names."""
    category = make_category("Tin tức - Sự kiện", unit=setting.home)
    visible = make_article("Tin công khai", category=category, created_by=setting.staff)
    visible.updated_by = setting.staff
    visible.save()
    draft = make_article("Tin bimatnhap", category=category, status="draft")
    pending = make_article("Tin bimatchoduyet", category=category, status="pending")
    scheduled = make_article(
        "Tin bimathengio",
        category=category,
        publish_at=timezone.now() + timedelta(days=1),
        summary="Sắp đăng bimathengio",
    )
    elsewhere = make_category("Chuyên mục bimatdonvikhac", unit=setting.other)
    other = make_article("Tin bimatdonvikhac", category=elsewhere)
    hidden = [draft, pending, scheduled, other]
    return Hidden(
        secrets=["bimatnhap", "bimatchoduyet", "bimathengio", "bimatdonvikhac"],
        hidden_urls=[
            *(f"/api/v1/articles/{article.slug}/" for article in hidden),
            f"/api/v1/categories/{elsewhere.slug}/",
            *(f"/tin-tuc/{category.slug}/{article.slug}/" for article in hidden),
        ],
        probe_urls=[
            f"/api/v1/articles/?category={elsewhere.slug}",
            "/api/v1/articles/?published_after=2000-01-01&page_size=100",
            f"/api/v1/articles/?published_before={(timezone.now() + timedelta(days=9)).date()}",
            "/api/v1/articles/?featured=false",
            "/tin-tuc/",
            visible.get_absolute_url(),
            "/tin-tuc/rss/",
        ],
    )


def hotline_hidden(setting: Setting) -> Hidden:
    """Inactive contacts and groups, another unit's contacts, the editor's name."""
    group = make_contact_group("Đường dây nóng", unit=setting.home)
    make_contact(group, name="Ông Công Khai", updated_by=setting.staff)
    inactive = make_contact(group, name="Ông bimatnghiviec", active=False)
    closed = make_contact_group("Nhóm bimatnhomdong", unit=setting.home, active=False)
    in_closed = make_contact(closed, name="Bà bimattrongnhomdong")
    elsewhere = make_contact_group("Nhóm xã khác", unit=setting.other)
    other = make_contact(elsewhere, name="Bà bimatlienhekhac")
    return Hidden(
        secrets=["bimatnghiviec", "bimatnhomdong", "bimattrongnhomdong", "bimatlienhekhac"],
        hidden_urls=[
            *(f"/api/v1/contacts/{c.pk}/" for c in (inactive, in_closed, other)),
            f"/api/v1/contact-groups/{closed.slug}/",
            f"/api/v1/contact-groups/{elsewhere.slug}/",
            *(f"/duong-day-nong/lien-he/{c.pk}.vcf" for c in (inactive, in_closed, other)),
        ],
        probe_urls=[
            f"/api/v1/contacts/?group={closed.slug}",
            f"/api/v1/contacts/?group={elsewhere.slug}",
            "/api/v1/contacts/?kind=hotline",
            "/api/v1/contacts/?kind=agency",
            "/duong-day-nong/",
        ],
    )


def procedures_hidden(setting: Setting) -> Hidden:
    """An inactive procedure with a sector and an agency of its own, and who imported it."""
    visible = make_procedure()
    visible.created_by = visible.updated_by = setting.staff
    visible.save()
    make_procedure(
        "9.999001",
        "Thủ tục bimatngung",
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Lĩnh vực bimatlinhvuc"}],
        COQUANTHUCHIEN=[{"TENDONVI": "Cơ quan bimatcoquan"}],
        CAPTHUCHIEN=[{"TENCAP": "Cơ quan khác"}],
    )
    from procedures.models import Procedure

    Procedure.objects.filter(code="9.999001").update(active=False)
    return Hidden(
        secrets=["bimatngung", "bimatlinhvuc", "bimatcoquan", "9.999001"],
        hidden_urls=[
            "/api/v1/procedures/9.999001/",
            "/api/v1/procedures/9.999001/?format=goi-tin",
            "/api/v1/sectors/linh-vuc-bimatlinhvuc/",
            "/api/v1/agencies/co-quan-bimatcoquan/",
            "/api/v1/levels/khac/",
            "/thu-tuc-hanh-chinh/9.999001/",
        ],
        probe_urls=[
            "/api/v1/procedures/?sector=linh-vuc-bimatlinhvuc",
            "/api/v1/procedures/?agency=co-quan-bimatcoquan",
            "/api/v1/procedures/?level=khac",
            "/api/v1/procedures/?format=goi-tin&page_size=100",
            "/thu-tuc-hanh-chinh/",
        ],
    )


def documents_hidden(setting: Setting) -> Hidden:
    """Unpublished, scheduled documents, comments' contacts, unapproved comments, another unit."""
    import datetime

    from documents.models import DocumentRelation, DraftComment
    from tests.documents.factories import make_document

    today = timezone.localdate()
    visible = make_document("7/QĐ-UBND", "Văn bản công khai", created_by=setting.staff)
    visible.updated_by = setting.staff
    visible.save()
    unpublished = make_document("8/QĐ-UBND", "Văn bản bimatvanban", published=False)
    scheduled = make_document(
        "9/QĐ-UBND", "Văn bản bimatvanbanhengio", publish_at=timezone.now() + timedelta(days=1)
    )
    hidden_draft = make_document(
        "Dự thảo ẩn",
        "Dự thảo bimatduthao",
        is_draft=True,
        published=False,
        comment_opens_on=today,
        comment_closes_on=today + timedelta(days=9),
    )
    draft = make_document(
        "Dự thảo",
        "Dự thảo công khai",
        is_draft=True,
        issued_on=datetime.date(2026, 1, 2),
        comment_opens_on=today - timedelta(days=1),
        comment_closes_on=today + timedelta(days=9),
    )
    DocumentRelation.objects.create(source=unpublished, kind="thay-the", target=visible)
    DocumentRelation.objects.create(source=visible, kind="huong-dan", target=scheduled)
    common = {"document": draft, "consent": True}
    DraftComment.objects.create(
        name="Bà Bimattengopy",
        contact="bimatlienhegopy@example.com",
        content="Góp ý công khai",
        state="approved",
        **common,
    )
    DraftComment.objects.create(
        name="Ông Ẩn Danh",
        contact="0909bimatsodienthoai",
        content="Góp ý bimatchuaduyet",
        **common,
    )
    DraftComment.objects.create(
        name="Ông Ẩn", contact="0909", content="Góp ý bimatbituchoi", state="rejected", **common
    )
    other = make_document("1/QĐ-UBND", "Văn bản bimatvanbanxakhac", unit=setting.other)
    hidden = [unpublished, scheduled, other]
    return Hidden(
        secrets=[
            "bimatvanban",
            "bimatvanbanhengio",
            "bimatduthao",
            "bimattengopy",
            "bimatlienhegopy",
            "bimatsodienthoai",
            "bimatchuaduyet",
            "bimatbituchoi",
            "bimatvanbanxakhac",
        ],
        hidden_urls=[
            *(f"/api/v1/documents/{document.slug}/" for document in hidden),
            f"/api/v1/drafts/{hidden_draft.slug}/",
            f"/api/v1/documents/{draft.slug}/",
            *(f"/van-ban/{document.slug}/" for document in [*hidden, hidden_draft]),
        ],
        probe_urls=[
            f"/api/v1/drafts/{draft.slug}/",
            f"/api/v1/documents/{visible.slug}/",
            "/api/v1/drafts/?state=open",
            "/api/v1/drafts/?state=closed",
            "/api/v1/documents/?status=con-hieu-luc&page_size=100",
            "/api/v1/documents/?status=chua-co-hieu-luc&page_size=100",
            f"/api/v1/documents/?year={today.year}&page_size=100",
            "/van-ban/",
            "/van-ban/du-thao/",
            draft.get_absolute_url(),
            visible.get_absolute_url(),
        ],
    )


def feedback_hidden(setting: Setting) -> Hidden:
    """Unanswered, unpublished, reopened questions, every citizen's contact data, notes."""
    from feedback.models import Status, SubmissionNote
    from tests.feedback.helpers import make_published, make_submission

    visible = make_published(
        name="Bà Bimattennguoihoi",
        phone="0911000111",
        email="bimatthu@example.com",
        address="Ấp bimatdiachi",
        subject="Câu hỏi công khai",
    )
    visible.assignee = setting.staff
    visible.save()
    SubmissionNote.objects.create(submission=visible, text="Ghi chú bimatghichu")
    unanswered = make_submission(subject="Câu hỏi bimatchuatraloi")
    unpublished = make_published(subject="Câu hỏi bimatchuacongkhai")
    unpublished.published = False
    unpublished.save()
    reopened = make_published(subject="Câu hỏi bimatmolai")
    reopened.status = Status.IN_PROGRESS
    reopened.save()
    other = make_published(setting.other, subject="Câu hỏi bimatxakhac")
    hidden = [unanswered, unpublished, reopened, other]
    return Hidden(
        secrets=[
            "bimattennguoihoi",
            "0911000111",
            "bimatthu",
            "bimatdiachi",
            "bimatghichu",
            "bimatchuatraloi",
            "bimatchuacongkhai",
            "bimatmolai",
            "bimatxakhac",
            *(item.tracking_code for item in hidden + [visible]),
        ],
        hidden_urls=[
            *(f"/api/v1/questions/{item.pk}/" for item in hidden),
            *(f"/hoi-dap/{item.pk}/" for item in hidden),
        ],
        probe_urls=[
            f"/api/v1/questions/{visible.pk}/",
            "/api/v1/questions/?field=land&page_size=100",
            "/api/v1/questions/?kind=question&page_size=100",
            "/api/v1/questions/?answered_after=2000-01-01",
            "/hoi-dap/",
            visible.get_absolute_url(),
        ],
    )


def organization_hidden(setting: Setting) -> Hidden:
    """Unpublished pages, inactive people and bodies, inactive links, another unit's rows."""
    import datetime

    from organization.models import Banner, EnglishPage, Link
    from tests.organization.helpers import make_body, make_entry, make_page, make_person

    hour = timedelta(hours=1)
    visible = make_page("Tổng quan", body="<p>Công khai</p>", updated_by=setting.staff)
    hidden_page = make_page("Trang bimattrang", body="<p>bimatnoidungtrang</p>", published=False)
    hidden_child = make_page("Trang con bimattrangcon", parent=visible, published=False)
    orphan = make_page("Trang con công khai", parent=hidden_page)  # its parent stays hidden
    body = make_body("Lãnh đạo UBND")
    leader = make_person(body=body, updated_by=setting.staff)
    retired = make_person("Ông bimatnghihuu", body=body, active=False, title_en="Retired")
    closed = make_body("Ban bimatbandong", active=False)
    in_closed = make_person("Bà bimattrongbandong", body=closed)
    make_entry(timezone.localdate(), leaders=[leader], content="Họp công khai")
    Link.objects.create(name="Liên kết bimatlienket", url="https://example.com", active=False)
    elsewhere = make_body("Cơ quan xã khác", unit=setting.other)
    other_leader = make_person("Ông bimatlanhdaoxa", body=elsewhere)
    other_page = make_page("Trang bimattrangxa", unit=setting.other)
    other_entry = make_entry(
        timezone.localdate(), unit=setting.other, content="Họp bimatlichxa", leaders=[other_leader]
    )
    EnglishPage.objects.create(unit=setting.other, name="Commune bimattienganhxa")
    now = timezone.now()
    Banner.objects.create(unit=setting.home, text="Đang hiện", starts_at=now, ends_at=now + hour)
    Banner.objects.create(
        unit=setting.home, text="Sắp bimatthongbao", starts_at=now + hour, ends_at=now + 2 * hour
    )
    Banner.objects.create(
        unit=setting.home, text="Đã bimathetthongbao", starts_at=now - 2 * hour, ends_at=now
    )
    Banner.objects.create(
        unit=setting.other, text="Xã bimatthongbaoxa", starts_at=now, ends_at=now + hour
    )
    Link.objects.create(unit=setting.other, name="Liên kết bimatlienketxa", url="https://a.vn")
    week = timezone.localdate().isocalendar()
    return Hidden(
        secrets=[
            "bimattrang",
            "bimatnoidungtrang",
            "bimattrangcon",
            "bimatnghihuu",
            "bimatbandong",
            "bimattrongbandong",
            "bimatlienket",
            "bimatlanhdaoxa",
            "bimattrangxa",
            "bimatlichxa",
            "bimattienganhxa",
            "bimatlienketxa",
            "bimatthongbao",
            "bimathetthongbao",
            "bimatthongbaoxa",
        ],
        hidden_urls=[
            *(f"/api/v1/pages/{page.slug}/" for page in (hidden_page, hidden_child, other_page)),
            *(f"/api/v1/leaders/{p.slug}/" for p in (retired, in_closed, other_leader)),
            f"/api/v1/schedule/{other_entry.uid}/",
            f"/gioi-thieu/{hidden_page.slug}/",
        ],
        probe_urls=[
            f"/api/v1/pages/{visible.slug}/",
            f"/api/v1/pages/{orphan.slug}/",
            orphan.get_absolute_url(),
            f"/api/v1/schedule/?leader={other_leader.slug}",
            f"/api/v1/schedule/?week={week[0]}-W{week[1]:02d}",
            f"/api/v1/schedule/?week={(timezone.localdate() - datetime.timedelta(days=7))}",
            "/api/v1/leaders/?kind=phong-ban&page_size=100",
            "/api/v1/leaders/?spokesperson=false",
            "/api/v1/english/",
            "/gioi-thieu/",
            "/gioi-thieu/lanh-dao/",
            "/gioi-thieu/co-cau-to-chuc/",
            "/lich-cong-tac/",
            "/en/",
        ],
    )


HIDDEN_BUILDERS = [
    news_hidden,
    hotline_hidden,
    procedures_hidden,
    documents_hidden,
    feedback_hidden,
    organization_hidden,
]
