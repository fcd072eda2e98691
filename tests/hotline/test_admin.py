"""Admin for the hotline staff: forms in Vietnamese, inline contacts, history, the role's limits."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from reversion.models import Version

from anphu_portal import roles
from hotline.models import Contact, ContactGroup
from tests.factories import login_staff, make_contact, make_contact_group

pytestmark = pytest.mark.django_db

ADD_URL = "/quan-tri/hotline/contact/add/"


@pytest.fixture
def hotline_client(client, staff_user):
    """Return a client logged in as a member of "Cán bộ quản lý đường dây nóng"."""
    user = staff_user(roles.HOTLINE_STAFF, username="duongdaynong")
    login_staff(client, user)
    client.user = user
    return client


def contact_form(group, **fields):
    data = {
        "group": group.pk,
        "name": "Ông Huỳnh Hưng Thượng",
        "title": "Chánh văn phòng HĐND và UBND huyện",
        "organization": "Văn phòng HĐND và UBND huyện An Phú",
        "phones": "0919.272.108",
        "email": "hhthuong@angiang.gov.vn",
        "address": "",
        "note": "",
        "position": "10",
        "active": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_adds_a_contact_with_several_numbers_typed_freely(hotline_client):
    group = make_contact_group()
    response = hotline_client.post(
        ADD_URL, contact_form(group, phones="+84 919 272 108; 0296-3957-006")
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.phones == "0919272108,02963957006"
    assert contact.updated_by == hotline_client.user
    assert Version.objects.get_for_object(contact).count() == 1
    # The change form shows the stored numbers the Vietnamese way.
    page = hotline_client.get(f"/quan-tri/hotline/contact/{contact.pk}/change/").content.decode()
    assert 'value="0919.272.108, 02963.957.006"' in page


def test_rejected_form_keeps_what_was_typed_and_explains_in_vietnamese(hotline_client):
    group = make_contact_group()
    response = hotline_client.post(
        ADD_URL,
        contact_form(group, phones="0919 27 21, 02963.957.006", email="hhthuong@angiang"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vui lòng sửa các lỗi bên dưới." in page
    assert "Số di động “0919 27 21” có 8 chữ số; số di động phải có đúng 10 chữ số." in page
    assert "Địa chỉ thư điện tử không hợp lệ" in page
    assert 'value="0919 27 21, 02963.957.006"' in page
    assert 'value="hhthuong@angiang"' in page
    assert 'value="Chánh văn phòng HĐND và UBND huyện"' in page
    assert not Contact.objects.exists()


def test_contact_without_phone_nor_email_is_refused(hotline_client):
    group = make_contact_group()
    response = hotline_client.post(ADD_URL, contact_form(group, phones="", email=""))
    assert response.status_code == 200
    assert "Liên hệ cần có ít nhất một số điện thoại hoặc một địa chỉ thư điện tử." in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_wrong_number_with_an_email_shows_only_the_number_error(hotline_client):
    group = make_contact_group()
    response = hotline_client.post(ADD_URL, contact_form(group, phones="0919 27 21"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Số di động “0919 27 21” có 8 chữ số" in page
    assert "cần có ít nhất một số điện thoại hoặc một địa chỉ thư điện tử" not in page
    assert 'value="0919 27 21"' in page
    assert not Contact.objects.exists()


def test_phone_help_says_every_accepted_separator(hotline_client):
    page = hotline_client.get(ADD_URL).content.decode()
    assert "dấu phẩy (,), dấu chấm phẩy (;), dấu gạch chéo (/) hoặc xuống dòng" in page


def test_staff_creates_a_group_with_its_contacts_inline(hotline_client):
    data = {
        "name": "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính",
        "slug": "",
        "kind": "feedback",
        "description": "",
        "position": "2",
        "show_in_sidebar": "on",
        "sidebar_title": "",
        "active": "on",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-organization": "Tổ Kiểm tra công vụ tỉnh",
        "contacts-0-phones": "02963.957.049, 0378.247.247",
        "contacts-0-email": "kiemtracongvu@angiang.gov.vn",
        "contacts-0-position": "1",
        "contacts-0-active": "on",
        "contacts-1-organization": "Tổ Kiểm tra công vụ huyện",
        "contacts-1-phones": "02963.512.095",
        "contacts-1-email": "kiemtracongvu.anphu@angiang.gov.vn",
        "contacts-1-position": "2",
        "contacts-1-active": "on",
    }
    response = hotline_client.post("/quan-tri/hotline/contactgroup/add/", data)
    assert response.status_code == 302
    group = ContactGroup.objects.get()
    assert group.updated_by == hotline_client.user
    assert group.slug == "tiep-nhan-phan-anh-kien-nghi-ve-thu-tuc-hanh-chinh"
    assert list(group.contacts.values_list("organization", "phones")) == [
        ("Tổ Kiểm tra công vụ tỉnh", "02963957049,0378247247"),
        ("Tổ Kiểm tra công vụ huyện", "02963512095"),
    ]
    assert set(group.contacts.values_list("updated_by", flat=True)) == {hotline_client.user.pk}


def test_inline_contact_errors_are_shown_and_nothing_is_saved(hotline_client):
    group = make_contact_group()
    data = {
        "name": group.name,
        "slug": group.slug,
        "kind": group.kind,
        "position": "0",
        "active": "on",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Bà Nguyễn Thị Hoa",
        "contacts-0-phones": "",
        "contacts-0-email": "",
        "contacts-0-position": "1",
    }
    response = hotline_client.post(f"/quan-tri/hotline/contactgroup/{group.pk}/change/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Liên hệ cần có ít nhất một số điện thoại hoặc một địa chỉ thư điện tử." in page
    assert 'value="Bà Nguyễn Thị Hoa"' in page
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "term", ["0378.247.247", "0378 247 247", "+84 378 247 247", "kiem tra cong vu", "CÔNG VỤ tỉnh"]
)
def test_contact_list_finds_by_phone_however_typed_and_by_name_without_accents(
    hotline_client, term
):
    group = make_contact_group()
    make_contact(
        group, name="", organization="Tổ Kiểm tra công vụ tỉnh", phones="02963957049,0378247247"
    )
    make_contact(group, name="Bà Đặng Thị Đào", organization="Phòng Nội vụ")
    page = hotline_client.get("/quan-tri/hotline/contact/", {"q": term}).content.decode()
    assert "Tổ Kiểm tra công vụ tỉnh" in page
    assert "Đặng Thị Đào" not in page


def test_contact_list_filters_by_group_and_active(hotline_client):
    hotline = make_contact_group()
    communes = make_contact_group("Danh bạ xã, thị trấn", kind="commune")
    make_contact(hotline, name="Ông Trong Nhóm Nóng")
    make_contact(communes, name="Bà Ở Xã", active=False)
    page = hotline_client.get(
        "/quan-tri/hotline/contact/", {"group__id__exact": communes.pk, "active__exact": "0"}
    ).content.decode()
    assert "Bà Ở Xã" in page
    assert "Ông Trong Nhóm Nóng" not in page


def test_staff_reorders_groups_from_the_list(hotline_client):
    first = make_contact_group("Nhóm một", position=1)
    second = make_contact_group("Nhóm hai", position=2)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(first.pk),
        "form-0-position": "5",
        "form-0-show_in_sidebar": "on",
        "form-0-active": "on",
        "form-1-id": str(second.pk),
        "form-1-position": "1",
        "form-1-show_in_sidebar": "on",
        "form-1-active": "on",
        "_save": "Lưu",
    }
    response = hotline_client.post("/quan-tri/hotline/contactgroup/", data)
    assert response.status_code == 302
    assert list(ContactGroup.objects.active().values_list("name", flat=True)) == [
        "Nhóm hai",
        "Nhóm một",
    ]


# --- History -------------------------------------------------------------------------------


def test_history_shows_changes_and_restores_an_old_version(hotline_client):
    group = make_contact_group()
    hotline_client.post(ADD_URL, contact_form(group, phones="0919.272.108"))
    contact = Contact.objects.get()
    url = f"/quan-tri/hotline/contact/{contact.pk}/change/"
    response = hotline_client.post(url, contact_form(group, phones="0911.222.333"))
    assert response.status_code == 302
    assert Contact.objects.get().phones == "0911222333"

    history = hotline_client.get(f"/quan-tri/hotline/contact/{contact.pk}/history/")
    assert history.status_code == 200
    assert "duongdaynong" in history.content.decode()
    assert "để quay về phiên bản lúc đó" in history.content.decode()
    first_version = Version.objects.get_for_object(contact).order_by("pk").first()
    revision_url = f"/quan-tri/hotline/contact/{contact.pk}/history/{first_version.pk}/"
    form_page = hotline_client.get(revision_url)
    assert 'value="0919.272.108"' in form_page.content.decode()
    response = hotline_client.post(revision_url, contact_form(group, phones="0919.272.108"))
    assert response.status_code == 302
    assert Contact.objects.get().phones == "0919272108"
    assert Version.objects.get_for_object(contact).count() == 3


def test_a_deleted_contact_can_be_recovered(hotline_client, client):
    group = make_contact_group()
    hotline_client.post(ADD_URL, contact_form(group))
    contact = Contact.objects.get()
    response = hotline_client.post(
        f"/quan-tri/hotline/contact/{contact.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Contact.objects.exists()
    assert "Ông Huỳnh Hưng Thượng" not in client.get("/").content.decode()

    changelist = hotline_client.get("/quan-tri/hotline/contact/").content.decode()
    assert "Khôi phục liên hệ đã xóa" in changelist
    recover_list = hotline_client.get("/quan-tri/hotline/contact/recover/").content.decode()
    assert "Chọn một thời điểm trong danh sách dưới đây để khôi phục" in recover_list
    assert "Ông Huỳnh Hưng Thượng" in recover_list
    version = Version.objects.get_deleted(Contact).get()
    response = hotline_client.post(
        f"/quan-tri/hotline/contact/recover/{version.pk}/", contact_form(group)
    )
    assert response.status_code == 302
    assert Contact.objects.get().phones == "0919272108"
    assert "Ông Huỳnh Hưng Thượng" in client.get("/").content.decode()


# --- The role ------------------------------------------------------------------------------


def test_hotline_staff_sees_only_the_hotline_in_admin(hotline_client):
    page = hotline_client.get("/quan-tri/").content.decode()
    assert "/quan-tri/hotline/contact/" in page
    assert "/quan-tri/hotline/contactgroup/" in page
    assert "/quan-tri/auth/" not in page
    assert "/quan-tri/anphu_portal/" not in page
    for url in ("/quan-tri/hotline/contact/", "/quan-tri/hotline/contactgroup/add/"):
        assert hotline_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/anphu_portal/unit/1/change/",
        "/quan-tri/auth/user/",
        "/quan-tri/auth/user/add/",
        "/quan-tri/auth/group/",
    ],
)
def test_hotline_staff_gets_403_outside_the_hotline(hotline_client, url):
    assert hotline_client.get(url).status_code == 403


def test_hotline_staff_gets_403_on_every_other_admin_list_and_add_page(hotline_client):
    """Covers news and procedures too, as soon as their admins are registered."""
    checked = []
    for model in admin.site._registry:
        if model._meta.app_label == "hotline":
            continue
        opts = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            response = hotline_client.get(url, follow=True)
            assert response.status_code == 403, url
            checked.append(url)
    assert "/quan-tri/auth/user/" in checked
    assert "/quan-tri/anphu_portal/unit/" in checked


def test_hotline_role_holds_only_group_and_contact_permissions(db):
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name=roles.HOTLINE_STAFF).permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("contactgroup", "contact")
    }


def test_hotline_staff_opens_a_group_with_its_contacts_and_the_recover_list(hotline_client):
    group = make_contact_group()
    make_contact(group, name="Ông Trong Nhóm")
    page = hotline_client.get(f"/quan-tri/hotline/contactgroup/{group.pk}/change/")
    assert page.status_code == 200
    assert 'value="Ông Trong Nhóm"' in page.content.decode()
    assert hotline_client.get("/quan-tri/hotline/contactgroup/recover/").status_code == 200


def test_reverting_a_group_restores_its_inline_contacts(hotline_client):
    data = {
        "name": "Đường dây nóng huyện An Phú",
        "slug": "duong-day-nong",
        "kind": "hotline",
        "position": "1",
        "show_in_sidebar": "on",
        "active": "on",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Ông Huỳnh Hưng Thượng",
        "contacts-0-phones": "0919.272.108",
        "contacts-0-position": "1",
        "contacts-0-active": "on",
    }
    hotline_client.post("/quan-tri/hotline/contactgroup/add/", data)
    group = ContactGroup.objects.get()
    contact = group.contacts.get()
    changed = {
        **data,
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-id": str(contact.pk),
        "contacts-0-group": str(group.pk),
        "contacts-0-phones": "0911.222.333",
    }
    url = f"/quan-tri/hotline/contactgroup/{group.pk}/change/"
    assert hotline_client.post(url, changed).status_code == 302
    assert group.contacts.get().phones == "0911222333"

    first = Version.objects.get_for_object(group).order_by("pk").first()
    revision_url = f"/quan-tri/hotline/contactgroup/{group.pk}/history/{first.pk}/"
    # Post back exactly what the revision form shows, as a person pressing "Lưu" would.
    revert = form_values(hotline_client.get(revision_url).content.decode())
    assert revert["contacts-0-phones"] == "0919.272.108"
    response = hotline_client.post(revision_url, revert)
    assert response.status_code == 302
    assert group.contacts.get().phones == "0919272108"


class FormValues(HTMLParser):
    """Collect what a browser would submit from the page's main form."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value") or (
                "on" if attrs.get("type") == "checkbox" else ""
            )
        elif tag == "textarea" and name:
            self.textarea, self.values[name] = name, ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


def form_values(html: str) -> dict[str, str]:
    """Return the name/value pairs a browser would submit from the page's form fields."""
    parser = FormValues()
    parser.feed(html)
    return parser.values
