"""Admin of the catalogue: the role's access, form uploads, import, history and recovery."""

import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anphu_portal.roles import PROCEDURE_STAFF
from procedures.models import Level, Procedure, RequiredDocument
from tests.factories import login_staff, make_form_file, make_procedure, make_spreadsheet

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/procedures/procedure/"


@pytest.fixture
def officer(client, staff_user):
    user = staff_user(PROCEDURE_STAFF)
    login_staff(client, user)
    return user


def procedure_form(**overrides):
    """Return the POST data of the procedure change form with empty inlines."""
    data = {
        "code": "1.009999",
        "name": "Thủ tục thêm bằng tay",
        "active": "on",
        "service_level": "khong",
        "levels": [Level.objects.get(slug="xa").pk],
    }
    for prefix in ("agency_links", "channels", "documents", "legal_bases"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def with_document(upload, **overrides):
    return procedure_form(
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-position": "0",
            "documents-0-name": "Tờ khai",
            "documents-0-form_name": "Tờ khai theo mẫu",
            "documents-0-original_count": "1",
            "documents-0-copy_count": "0",
            "documents-0-form_file": upload,
        },
        **overrides,
    )


def test_officer_sees_the_catalogue_and_searches_by_code(client, officer):
    make_procedure()
    make_procedure("1.000894", "Đăng ký kết hôn")
    unaccented = client.get(ADMIN, {"q": "dang ky ket hon"}).content.decode()
    assert "Đăng ký kết hôn" in unaccented and "Đăng ký khai sinh" not in unaccented
    response = client.get(ADMIN, {"q": "1.000894"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng ký kết hôn" in html and "Đăng ký khai sinh" not in html
    assert "Nhập từ tệp" in html
    assert client.get(f"{ADMIN}add/").status_code == 200
    procedure = Procedure.objects.get(code="1.001193")
    page = client.get(f"{ADMIN}{procedure.pk}/change/").content.decode()
    for inline in ("Cách thức thực hiện", "Thành phần hồ sơ", "Căn cứ pháp lý"):
        assert inline in page


def test_officer_gets_403_outside_the_catalogue(client, officer):
    assert not officer.has_module_perms("news") and not officer.has_module_perms("hotline")
    assert client.get("/quan-tri/anphu_portal/unit/1/change/").status_code == 403
    others = [
        model
        for model in admin.site._registry
        if model._meta.app_label in {"news", "hotline", "auth"}
    ]
    assert others  # at least the user and group admin
    for model in others:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 403, url


def test_other_roles_get_403_on_the_catalogue(client, staff_user):
    login_staff(client, staff_user("Cán bộ quản lý đường dây nóng"))
    assert client.get(ADMIN).status_code == 403
    assert client.get(f"{ADMIN}nhap/").status_code == 403


def test_saving_in_admin_stamps_the_officer_and_accepts_a_real_form(client, officer):
    response = client.post(f"{ADMIN}add/", with_document(make_form_file("docx")))
    assert response.status_code == 302, response.content.decode()[:3000]
    procedure = Procedure.objects.get(code="1.009999")
    assert procedure.created_by == officer and procedure.updated_by == officer
    assert procedure.level_codes == ["xa"] and procedure.search_text.startswith(
        "thu tuc them bang tay | "
    )
    assert RequiredDocument.objects.get().form_file.name.endswith(".docx")


def test_admin_edit_clears_the_import_fingerprint_so_the_next_import_restores_it(client, officer):
    procedure = make_procedure()
    assert procedure.import_hash
    data = procedure_form(code=procedure.code, name="Tên sửa tay")
    response = client.post(f"{ADMIN}{procedure.pk}/change/", data)
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.name == "Tên sửa tay" and procedure.import_hash == ""


@pytest.mark.parametrize(
    ("name", "content"),
    [("mau.exe", b"MZ\x90\x00"), ("mau.pdf", b"<html></html>"), ("mau.docx", b"%PDF-1.4")],
)
def test_a_wrong_form_file_is_refused_with_a_message_and_nothing_saved(
    client, officer, name, content
):
    response = client.post(f"{ADMIN}add/", with_document(SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chỉ nhận tệp" in html or "không phải tệp" in html
    assert 'value="Thủ tục thêm bằng tay"' in html  # what was typed is kept
    assert not Procedure.objects.exists()


def test_admin_import_dry_run_writes_nothing_then_import_creates(client, officer):
    from tests.procedures.test_commands import HEADER, SPREADSHEET_ROW

    workbook = make_spreadsheet([HEADER, SPREADSHEET_ROW])
    page = client.get(f"{ADMIN}nhap/")
    assert page.status_code == 200 and "Chạy thử" in page.content.decode()

    upload = SimpleUploadedFile("bang.xlsx", workbook)
    response = client.post(f"{ADMIN}nhap/", {"file": upload, "dry_run": "on"})
    assert "Chạy thử, không ghi gì. Tổng 1 dòng: tạo mới 1" in response.content.decode()
    assert not Procedure.objects.exists()

    upload = SimpleUploadedFile("bang.xlsx", workbook)
    response = client.post(f"{ADMIN}nhap/", {"file": upload})
    assert "Tổng 1 dòng: tạo mới 1" in response.content.decode()
    procedure = Procedure.objects.get(code="2.000815")
    assert procedure.updated_by == officer


def test_after_a_dry_run_the_same_file_is_imported_with_one_button(client, officer):
    from tests.procedures.test_commands import HEADER, SPREADSHEET_ROW

    upload = SimpleUploadedFile("bang.xlsx", make_spreadsheet([HEADER, SPREADSHEET_ROW]))
    html = client.post(f"{ADMIN}nhap/", {"file": upload, "dry_run": "on"}).content.decode()
    assert "Chạy thử, không ghi gì" in html and 'value="Nhập thật tệp này"' in html
    token = re.search(r'name="nhap-that" value="([^"]+)"', html).group(1)
    assert not Procedure.objects.exists()

    html = client.post(f"{ADMIN}nhap/", {"nhap-that": token}).content.decode()
    assert "Tổng 1 dòng: tạo mới 1" in html and "Nhập thật tệp này" not in html
    assert Procedure.objects.get(code="2.000815").updated_by == officer
    # The kept file is used once: the same button again asks for the file.
    html = client.post(f"{ADMIN}nhap/", {"nhap-that": token}).content.decode()
    assert "hãy chọn lại tệp" in html


def test_every_fresh_import_form_starts_as_a_dry_run_with_a_label_without_colon(client, officer):
    from tests.procedures.test_commands import HEADER, SPREADSHEET_ROW

    dry_run_box = re.compile(r'<input type="checkbox" name="dry_run"[^>]*checked')
    label = "Chạy thử (chỉ báo cáo, không ghi vào cơ sở dữ liệu)</label>"
    page = client.get(f"{ADMIN}nhap/").content.decode()
    assert dry_run_box.search(page) and label in page
    upload = SimpleUploadedFile("bang.xlsx", make_spreadsheet([HEADER, SPREADSHEET_ROW]))
    after_real_import = client.post(f"{ADMIN}nhap/", {"file": upload}).content.decode()
    assert "tạo mới 1" in after_real_import
    assert dry_run_box.search(after_real_import) and label in after_real_import


def test_admin_import_lists_rejected_rows_and_refuses_unreadable_files(client, officer):
    upload = SimpleUploadedFile("goi-tin.json", b'[{"MATTHC": "1.1"}, {"TENTTHC": "x"}]')
    html = client.post(f"{ADMIN}nhap/", {"file": upload}).content.decode()
    assert "bị từ chối 2" in html
    assert "Mục 1" in html and "Thiếu tên thủ tục. (khóa TENTTHC)" in html
    assert "Mục 2" in html and "Thiếu mã thủ tục. (khóa MATTHC)" in html

    upload = SimpleUploadedFile("goi-tin.json", b"<html>")
    response = client.post(f"{ADMIN}nhap/", {"file": upload})
    assert response.status_code == 200
    assert "không phải JSON hợp lệ" in response.content.decode()
    assert not Procedure.objects.exists()


def test_history_and_recovery_of_a_deleted_procedure(client, officer):
    procedure = make_procedure()
    history = client.get(f"{ADMIN}{procedure.pk}/history/")
    assert history.status_code == 200
    assert "Nhập từ tệp thủ tục hành chính." in history.content.decode()
    response = client.post(f"{ADMIN}{procedure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Procedure.objects.exists()
    assert f'href="{ADMIN}recover/"' in client.get(ADMIN).content.decode()
    recover = client.get(f"{ADMIN}recover/")
    assert recover.status_code == 200
    html = recover.content.decode()
    assert "Đăng ký khai sinh" in html
    version_url = re.search(r'href="([^"]*/recover/\d+/)"', html).group(1)
    page = client.get(version_url)
    assert page.status_code == 200
    form = page.content.decode()
    assert 'value="1.001193"' in form
    assert "Giấy chứng sinh" in form and "60/2014/QH13" in form  # the lists come back too


def test_officer_sets_sectors_levels_and_agency_order_in_the_form(client, officer):
    from procedures.models import Agency, Sector

    sectors = [Sector.objects.create(name=name) for name in ("Hộ tịch", "Cư trú")]
    agencies = [Agency.objects.create(name=name) for name in ("Công an xã", "Bộ Công an")]
    data = procedure_form(
        sectors=[sector.pk for sector in sectors],
        levels=[Level.objects.get(slug="xa").pk, Level.objects.get(slug="trung-uong").pk],
        **{
            "agency_links-TOTAL_FORMS": "2",
            "agency_links-0-position": "2",
            "agency_links-0-agency": agencies[0].pk,
            "agency_links-1-position": "1",
            "agency_links-1-agency": agencies[1].pk,
        },
    )
    response = client.post(f"{ADMIN}add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    procedure = Procedure.objects.get(code="1.009999")
    assert procedure.level_codes == ["trung-uong", "xa"]
    assert procedure.agency_name_list() == ["Bộ Công an", "Công an xã"]
    assert procedure.search_text.endswith(" | 1.009999 cu tru ho tich bo cong an cong an xa")
    listing = client.get(ADMIN).content.decode()
    assert "Cư trú, Hộ tịch" in listing and "Cấp Bộ/Trung ương, Cấp xã" in listing
