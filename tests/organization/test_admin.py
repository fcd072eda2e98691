"""The office role in admin: its own app and unit only; the others read or are refused."""

import datetime

import pytest
import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anphu_portal import roles
from anphu_portal.models import Unit, UnitHost
from organization.models import Banner, Page, Person, ScheduleEntry, SignedSchedule
from tests.factories import login_staff, make_contact, make_contact_group, make_staff_user
from tests.organization.helpers import make_body, make_entry, make_page, make_person

pytestmark = pytest.mark.django_db
OTHER_HOST = "xa-mau.localhost"


@pytest.fixture
def office(client):
    Unit.load()
    login_staff(client, make_staff_user(roles.OFFICE, username="vanphong"))
    return client


@pytest.fixture
def other_unit(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    Unit.load()
    unit = Unit.objects.create(unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau")
    UnitHost.objects.create(unit=unit, host=OTHER_HOST)
    return unit


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:organization_{model}_{view}", args=args)


def test_the_office_adds_a_page_with_sanitized_rich_text(office):
    response = office.post(
        admin_url("page", "add"),
        {
            "title": "Lịch sử",
            "slug": "lich-su",
            "body": "<p>Năm 1991</p><script>x</script>",
            "position": 1,
            "published": "on",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="lich-su")
    assert page.unit == Unit.load() and page.body == "<p>Năm 1991</p>"


def test_a_slug_already_used_in_the_unit_is_refused_with_a_message(office):
    make_page("Lịch sử", slug="lich-su")
    response = office.post(
        admin_url("page", "add"), {"title": "Lịch sử 2", "slug": "lich-su", "position": 0}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đường dẫn này đã được dùng ở đơn vị" in html
    assert 'value="Lịch sử 2"' in html


def test_the_office_cannot_open_news_or_hotline_admin(office):
    assert office.get("/quan-tri/news/article/").status_code == 403
    assert office.get("/quan-tri/hotline/contact/").status_code == 403


@pytest.mark.parametrize("role", [roles.EDITOR, roles.HOTLINE_STAFF, roles.PROCEDURE_STAFF])
def test_other_roles_cannot_open_the_organization_admin(client, role):
    Unit.load()
    login_staff(client, make_staff_user(role, username="nguoi-khac"))
    for model in ("page", "person", "scheduleentry", "banner"):
        assert client.get(admin_url(model, "changelist")).status_code == 403


def test_the_inspector_reads_but_cannot_change(client):
    Unit.load()
    page = make_page("Tổng quan")
    login_staff(client, make_staff_user(roles.INSPECTOR, username="thanhtra"))
    assert client.get(admin_url("page", "change", page.pk)).status_code == 200
    client.post(
        admin_url("page", "change", page.pk),
        {"title": "Đã sửa", "slug": "tong-quan", "position": 0},
    )
    assert Page.objects.get(pk=page.pk).title == "Tổng quan"
    assert client.get(admin_url("banner", "add")).status_code == 403


def test_an_office_role_of_one_unit_does_not_reach_another_units_admin(client, other_unit):
    from django.contrib.auth.models import Group

    from anphu_portal.models import Membership

    user = make_staff_user(username="vanphongxamau")
    Membership.objects.create(user=user, unit=other_unit, role=Group.objects.get(name=roles.OFFICE))
    make_page("Riêng của An Phú")
    login_staff(client, user)
    listing = client.get(admin_url("page", "changelist"), HTTP_HOST=OTHER_HOST)
    assert listing.status_code == 200 and "Riêng của An Phú" not in listing.content.decode()
    assert client.get(admin_url("page", "changelist")).status_code == 403


def test_a_leaders_contact_is_chosen_among_the_units_own_contacts(office, other_unit):
    own = make_contact(name="Ông Liên Hệ An Phú")
    make_contact(make_contact_group("Nhóm xã Mẫu", unit=other_unit), name="Ông Liên Hệ Xã Mẫu")
    html = office.get(admin_url("person", "add")).content.decode()
    assert "Ông Liên Hệ An Phú" in html and "Ông Liên Hệ Xã Mẫu" not in html
    body = make_body()
    response = office.post(
        admin_url("person", "add"),
        {
            "body": body.pk,
            "name": "Ông Nguyễn Văn A",
            "title": "Chủ tịch",
            "contact": own.pk,
            "position": 0,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(name="Ông Nguyễn Văn A").phone_numbers[0].display == "0919.272.108"


def test_a_wrong_phone_number_is_refused_as_in_the_hotline(office):
    body = make_body()
    response = office.post(
        admin_url("person", "add"),
        {
            "body": body.pk,
            "name": "Ông B",
            "title": "Phó Chủ tịch",
            "phones": "12345",
            "position": 0,
        },
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Person.objects.filter(name="Ông B").exists()


def test_a_photo_needs_its_alt_text(office):
    from tests.factories import make_image_file

    body = make_body()
    response = office.post(
        admin_url("person", "add"),
        {
            "body": body.pk,
            "name": "Ông C",
            "title": "Chủ tịch",
            "photo": make_image_file(),
            "position": 0,
        },
    )
    assert response.status_code == 200
    assert "Ảnh cần có mô tả cho người khiếm thị." in response.content.decode()


def test_the_office_copies_a_weeks_entries_to_the_next_week(office):
    leader = make_person()
    entries = [
        make_entry(datetime.date(2026, 12, day), content=f"Việc {day}", leaders=[leader])
        for day in (1, 3)
    ]
    response = office.post(
        admin_url("scheduleentry", "changelist"),
        {"action": "copy_to_next_week", "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )
    assert "Đã sao chép 2 mục sang tuần sau." in response.content.decode()
    copies = ScheduleEntry.objects.filter(
        date__in=[datetime.date(2026, 12, 8), datetime.date(2026, 12, 10)]
    )
    assert copies.count() == 2 and all(list(copy.leaders.all()) == [leader] for copy in copies)


def test_a_signed_schedule_must_be_a_real_pdf(office):
    fake = SimpleUploadedFile("lich.pdf", b"not a pdf", content_type="application/pdf")
    response = office.post(
        admin_url("signedschedule", "add"),
        {"title": "Lịch tuần 49", "week": "02/12/2026", "document": fake},
    )
    assert response.status_code == 200
    assert "Tệp này không phải PDF" in response.content.decode()
    real = SimpleUploadedFile(
        "lich.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF", content_type="application/pdf"
    )
    response = office.post(
        admin_url("signedschedule", "add"),
        {"title": "Lịch tuần 49", "week": "02/12/2026", "document": real},
    )
    assert response.status_code == 302
    assert SignedSchedule.objects.get().week == datetime.date(2026, 11, 30)


def test_a_banner_ending_before_it_starts_is_refused(office):
    response = office.post(
        admin_url("banner", "add"),
        {
            "level": "khan-cap",
            "text": "Bão số 9",
            "starts_at_0": "02/12/2026",
            "starts_at_1": "10:00",
            "ends_at_0": "02/12/2026",
            "ends_at_1": "09:00",
        },
    )
    assert response.status_code == 200
    assert "Thời điểm thôi hiện phải sau lúc bắt đầu." in response.content.decode()
    assert not Banner.objects.exists()


def test_only_the_province_chooses_the_units_a_banner_reaches(client, other_unit):
    login_staff(client, make_staff_user(username="sieuquantri", superuser=True))
    assert "target_units" not in client.get(admin_url("banner", "add")).content.decode()
    province = Unit.load().parent
    UnitHost.objects.create(unit=province, host="tinh.localhost")
    html = client.get(admin_url("banner", "add"), HTTP_HOST="tinh.localhost").content.decode()
    assert "target_units" in html and "Ủy ban nhân dân xã Mẫu" in html


def test_a_deleted_page_can_be_recovered(office):
    with reversion.create_revision():
        page = make_page("Lịch sử")
    office.post(admin_url("page", "delete", page.pk), {"post": "yes"})
    assert not Page.objects.exists()
    recover = office.get(admin_url("page", "changelist") + "recover/").content.decode()
    assert "Lịch sử" in recover


def test_an_office_of_another_unit_adds_a_leader_to_its_own_body(client, other_unit):
    from django.contrib.auth.models import Group

    from anphu_portal.models import Membership

    user = make_staff_user(username="vanphongxamau2")
    Membership.objects.create(user=user, unit=other_unit, role=Group.objects.get(name=roles.OFFICE))
    login_staff(client, user)
    body = make_body("Lãnh đạo UBND xã Mẫu", unit=other_unit)
    response = client.post(
        admin_url("person", "add"),
        {"body": body.pk, "name": "Ông Xã Mẫu", "title": "Chủ tịch", "position": 0, "active": "on"},
        HTTP_HOST=OTHER_HOST,
    )
    assert response.status_code == 302
    assert Person.objects.get(name="Ông Xã Mẫu").unit == other_unit
