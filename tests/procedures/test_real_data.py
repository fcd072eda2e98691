"""Real national data imports as published: list XLSX, odd values, spellings, unknowns."""

import json
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from procedures.importing import import_procedures
from procedures.models import Agency, Procedure, Sector
from tests.factories import login_staff, make_procedure, make_staff_user, national_procedure_row

pytestmark = pytest.mark.django_db

LONG_NAME = "Thủ tục " + "cấp giấy chứng nhận " * 54  # 1,088 characters, as the courts' list


def national_list_xlsx(rows: list[list]) -> bytes:
    """Return a workbook laid out as the national portal's "Danh sách thủ tục hành chính"."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    sheet.append([])
    sheet.append(
        ["STT", "Mã thủ tục", "Tên thủ tục", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"]
    )
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(path, *args) -> tuple[int, str, str]:
    """Run the command and return its exit status, output and errors."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_procedures", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_national_list_xlsx_imports_unchanged_below_its_title_row(tmp_path):
    path = tmp_path / "danh-sach-tthc.xlsx"
    path.write_bytes(
        national_list_xlsx(
            [
                [
                    "1.001193",
                    "Đăng ký khai sinh",
                    "Bộ Tư pháp",
                    "Ủy ban nhân dân cấp xã\nPhòng Tư pháp",
                    "Hộ tịch",
                ],
                ["1.000123", LONG_NAME, "Tòa án nhân dân tối cao", "Tòa án nhân dân", "Tố tụng"],
            ]
        )
    )
    status, out, err = run_import(path)
    assert (status, err) == (0, "")
    assert "tạo mới 2" in out
    birth = Procedure.objects.get(code="1.001193")
    assert birth.issuing_body == "Bộ Tư pháp"
    assert birth.agency_name_list() == ["Ủy ban nhân dân cấp xã", "Phòng Tư pháp"]
    assert [sector.name for sector in birth.sectors.all()] == ["Hộ tịch"]
    assert Procedure.objects.get(code="1.000123").name == LONG_NAME.strip()


def test_list_xlsx_leaves_the_steps_papers_and_fees_of_existing_procedures_untouched(tmp_path):
    make_procedure("1.001193", "Đăng ký khai sinh")
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(
        national_list_xlsx([["1.001193", "Đăng ký khai sinh", "Bộ Tư pháp", "UBND cấp xã", ""]])
    )
    status, out, _ = run_import(path)
    assert status == 0 and "cập nhật 1" in out
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.issuing_body == "Bộ Tư pháp"
    assert procedure.channels.count() == 2 and procedure.documents.count() == 2
    assert procedure.steps and procedure.legal_bases.exists()
    assert procedure.service_level == "toan-trinh"


def test_the_issuing_body_is_shown_on_the_procedure_page(client):
    make_procedure("1.001193", COQUANBANHANH="Bộ Tư pháp")
    page = client.get("/thu-tuc-hanh-chinh/1.001193/").content.decode()
    assert "<dt>Cơ quan ban hành</dt><dd>Bộ Tư pháp</dd>" in page


@pytest.mark.parametrize(
    ("value", "expected"),
    [("TTHC được giao luật quy định chi tiết", 1), ("Loại khác", None), ("3", 3)],
)
def test_procedure_types_of_the_national_exports_are_kept_or_left_empty(value, expected):
    report = import_procedures(rows=[national_procedure_row(LOAITTHC=value)], dry_run=False)
    assert not report.rejected
    assert Procedure.objects.get().procedure_type == expected
    assert len(report.warnings) == (1 if value == "Loại khác" else 0)


def test_ministry_and_other_agency_levels_are_kept():
    levels = [{"TENCAP": "Cấp Bộ"}, {"TENCAP": "Cơ quan khác"}, {"TENCAP": "Cấp vũ trụ"}]
    report = import_procedures(rows=[national_procedure_row(CAPTHUCHIEN=levels)], dry_run=False)
    assert Procedure.objects.get().level_codes == ["trung-uong", "khac"]
    assert [w.reason for w in report.warnings] == [
        "Cấp thực hiện “Cấp vũ trụ” không có trong danh mục, đã bỏ qua."
    ]


def test_two_sectors_in_one_cell_become_two_sectors():
    sectors = [{"TENLINHVUC": "Hộ tịch; Chứng thực"}]
    import_procedures(rows=[national_procedure_row(LINHVUCTHUCHIEN=sectors)], dry_run=False)
    assert sorted(Procedure.objects.get().sectors.values_list("name", flat=True)) == [
        "Chứng thực",
        "Hộ tịch",
    ]


def test_an_unknown_channel_is_left_out_and_the_procedure_imported_with_a_warning():
    channels = [
        {"KENH": 9, "THOIGIAN": [{"THOIGIANGIAIQUYET": "1"}]},
        {"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": "30", "DONVITINH": "Ngày làm việc"}]},
    ]
    report = import_procedures(
        rows=[national_procedure_row(CACHTHUCTHUCHIEN=channels)], dry_run=False
    )
    assert not report.rejected and report.created == ["1.001193"]
    assert [c.processing_time for c in Procedure.objects.get().channels.all()] == [
        "30 Ngày làm việc"
    ]
    assert report.warnings[0].reason.startswith("Hình thức nộp “9” không hợp lệ")


def test_free_text_fees_and_time_limits_are_kept_as_written(client):
    fee_text = "Phí : 0 Đồng\nLệ phí cấp bản sao: 8.000 đồng/bản (miễn cho hộ nghèo)"
    channels = [
        {
            "KENH": 1,
            "THOIGIAN": [{"THOIGIANGIAIQUYET": "Không quy định", "PHILEPHI": [{"MOTA": fee_text}]}],
        }
    ]
    make_procedure("1.001193", CACHTHUCTHUCHIEN=channels)
    channel = Procedure.objects.get().channels.get()
    assert (channel.processing_time, channel.fees) == ("Không quy định", fee_text)
    page = client.get("/thu-tuc-hanh-chinh/1.001193/").content.decode()
    assert "Phí : 0 Đồng" in page and "Không quy định" in page


def test_unknown_fee_and_online_service_never_read_as_no(client):
    channels = [{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": "5"}]}]
    papers = [{"GIAYTO": [{"TENGIAYTO": "Tờ khai"}]}]
    row = national_procedure_row(
        "1.000001",
        "Nộp hồ sơ trực tuyến cấp phiếu lý lịch tư pháp",
        CACHTHUCTHUCHIEN=channels,
        THANHPHANHOSO=papers,
    )
    del row["MUCDO"]
    import_procedures(rows=[row], dry_run=False)
    procedure = Procedure.objects.get()
    assert procedure.service_level == "" and procedure.channels.get().fees == ""
    assert procedure.documents.get().copy_count is None
    page = client.get("/thu-tuc-hanh-chinh/1.000001/").content.decode()
    assert "Không có dịch vụ công trực tuyến" not in page
    assert 'data-label="Phí, lệ phí"><div>Chưa có thông tin</div>' in page
    assert 'data-label="Bản chính"><div>Chưa có thông tin</div>' in page
    assert 'data-label="Bản sao"><div>Chưa có thông tin</div>' in page
    assert 'service-badge--">Chưa có thông tin</span>' in page


def test_explicit_no_fee_and_no_online_service_are_shown():
    channels = [{"KENH": 1, "THOIGIAN": [{"PHILEPHI": [{"MOTA": "Không thu phí"}]}]}]
    make_procedure("1.001193", CACHTHUCTHUCHIEN=channels, MUCDO="Không")
    procedure = Procedure.objects.get()
    assert procedure.channels.get().fees == "Không thu phí"
    assert procedure.get_service_level_display() == "Không có dịch vụ công trực tuyến"


def agency_rows(*spellings: str) -> list[dict]:
    return [
        national_procedure_row(f"1.00000{i}", COQUANTHUCHIEN=[{"TENDONVI": name}])
        for i, name in enumerate(spellings, start=1)
    ]


def test_an_agency_is_shown_under_the_spelling_most_procedures_use():
    import_procedures(rows=agency_rows("Sở Tư Pháp", "Sở Tư pháp", "Sở Tư pháp"), dry_run=False)
    agency = Agency.objects.get()
    assert (agency.name, agency.aliases) == ("Sở Tư pháp", "Sở Tư Pháp")
    import_procedures(rows=agency_rows("Sở Tư Pháp", "Sở Tư Pháp", "Sở Tư pháp"), dry_run=False)
    assert Agency.objects.get().name == "Sở Tư Pháp"


def test_a_name_staff_edited_in_admin_wins_and_other_spellings_still_match(client):
    import_procedures(rows=agency_rows("So Tu phap", "So Tu phap"), dry_run=False)
    agency = Agency.objects.get()
    login_staff(client, make_staff_user(superuser=True, username="admin"))
    response = client.post(
        f"/quan-tri/procedures/agency/{agency.pk}/change/",
        {"name": "Sở Tư pháp tỉnh An Giang", "slug": agency.slug, "aliases": ""},
    )
    assert response.status_code == 302
    import_procedures(rows=agency_rows("Sở Tư Pháp", "Sở Tư Pháp", "Sở Tư Pháp"), dry_run=False)
    agency.refresh_from_db()
    assert agency.name == "Sở Tư pháp tỉnh An Giang" and agency.name_edited
    assert set(agency.aliases.splitlines()) == {"So Tu phap", "Sở Tư Pháp"}
    assert Procedure.objects.search("so tu phap").count() == 3


def test_sectors_differing_in_case_are_one_sector():
    rows = [
        national_procedure_row("1.000001", LINHVUCTHUCHIEN=[{"TENLINHVUC": "Hộ Tịch"}]),
        national_procedure_row("1.000002", LINHVUCTHUCHIEN=[{"TENLINHVUC": "Hộ tịch"}]),
        national_procedure_row("1.000003", LINHVUCTHUCHIEN=[{"TENLINHVUC": "Hộ tịch"}]),
    ]
    import_procedures(rows=rows, dry_run=False)
    assert list(Sector.objects.values_list("name", flat=True)) == ["Hộ tịch"]


def test_exit_status_is_0_all_imported_2_some_rejected_1_unreadable(tmp_path):
    good = tmp_path / "tot.xlsx"
    good.write_bytes(national_list_xlsx([["1.000001", "Thủ tục", "", "", ""]]))
    partly = tmp_path / "co-loi.xlsx"
    partly.write_bytes(national_list_xlsx([["1.000002", "Thủ tục", "", "", ""], ["", "x"]]))
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a workbook")
    assert run_import(good)[0] == 0
    status, _, err = run_import(partly)
    assert status == 2
    assert "Dòng 5: Thiếu mã thủ tục. (cột “Mã thủ tục”)" in err
    assert run_import(broken)[0] == 1


def test_admin_upload_lists_warnings_in_the_files_terms(client):
    login_staff(client, make_staff_user(superuser=True, username="admin"))
    content = national_list_xlsx([["1.000001", "Thủ tục", "Bộ Tư pháp", "UBND cấp xã", ""]])
    rows = [national_procedure_row("1.000002", LOAITTHC="Loại khác")]
    upload = SimpleUploadedFile("goi-tin.json", json.dumps(rows, ensure_ascii=False).encode())
    page = client.post("/quan-tri/procedures/procedure/nhap/", {"file": upload}).content.decode()
    assert "cảnh báo 1" in page
    assert "Loại thủ tục “Loại khác” không thuộc ba loại đã biết, để trống. (khóa LOAITTHC)" in page
    sheet = SimpleUploadedFile("danh-sach.xlsx", content)
    page = client.post("/quan-tri/procedures/procedure/nhap/", {"file": sheet}).content.decode()
    assert "bị từ chối 0, cảnh báo 0" in page
