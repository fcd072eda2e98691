"""The import service: many-valued fields, source order, the audit entry, the atomic block."""

import pytest

from anphu_portal.models import AuditEvent
from procedures.importing import import_procedures
from procedures.models import Agency, Procedure, ProcedureAgency, Sector
from tests.factories import make_staff_user, national_procedure_row

pytestmark = pytest.mark.django_db


def test_import_writes_every_sector_every_level_and_agencies_in_source_order():
    row = national_procedure_row(
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Hộ tịch"}, {"TENLINHVUC": "Cư trú"}],
        CAPTHUCHIEN=[
            {"TENCAP": "Cơ quan khác"},
            {"TENCAP": "Cấp Huyện"},
            {"TENCAP": "Cấp Bộ/Trung ương"},
        ],
        COQUANTHUCHIEN=[
            {"TENDONVI": "Ủy ban nhân dân cấp xã"},
            {"TENDONVI": "Bộ Công an"},
            {"TENDONVI": "ủy ban nhân dân cấp Xã"},  # the same agency, spelled otherwise
            {"TENDONVI": "Công an xã"},
        ],
    )
    report = import_procedures(rows=[row], dry_run=False)
    assert report.created == ["1.001193"]
    procedure = Procedure.objects.get()
    assert sorted(procedure.sectors.values_list("name", flat=True)) == ["Cư trú", "Hộ tịch"]
    assert procedure.level_codes == ["trung-uong", "huyen", "khac"]
    assert procedure.agency_name_list() == ["Ủy ban nhân dân cấp xã", "Bộ Công an", "Công an xã"]
    assert " ho tich " in procedure.search_text and " cu tru " in procedure.search_text


def test_a_reimport_puts_the_agencies_in_the_new_source_order():
    first = [{"TENDONVI": "Công an xã"}, {"TENDONVI": "Ủy ban nhân dân cấp xã"}]
    import_procedures(rows=[national_procedure_row(COQUANTHUCHIEN=first)], dry_run=False)
    report = import_procedures(
        rows=[national_procedure_row(COQUANTHUCHIEN=first[::-1])], dry_run=False
    )
    assert report.updated == ["1.001193"]
    names = Procedure.objects.get().agency_name_list()
    assert names == ["Ủy ban nhân dân cấp xã", "Công an xã"]


def test_each_run_that_writes_leaves_one_audit_entry_and_a_dry_run_none():
    officer = make_staff_user(username="can-bo-tthc")
    rows = [national_procedure_row(), {"TENTTHC": "Không có mã"}]
    import_procedures(rows=rows, dry_run=True, user=officer)
    assert not AuditEvent.objects.exists()
    import_procedures(rows=rows, dry_run=False, user=officer)
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.IMPORT and event.actor == officer
    assert event.object_type == "procedures.procedure"
    assert event.detail == (
        "1 thủ tục được nhập (tạo mới 1, cập nhật 0), không đổi 0, bị từ chối 1."
    )
    import_procedures(rows=rows, dry_run=False)
    assert AuditEvent.objects.count() == 2


def test_a_database_error_after_the_procedure_is_written_rolls_back_that_procedure_alone():
    # Staff renamed the agency's slug: the row names it twice (by name, then by the slug's
    # words), so its second link breaks the one-link-per-agency constraint on every database.
    Agency.objects.create(name="Phòng Tư pháp huyện An Phú", slug="ptp")
    bad = national_procedure_row(
        "1.000002",
        "Thủ tục có liên kết trùng",
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Lĩnh vực chỉ của dòng lỗi"}],
        COQUANTHUCHIEN=[{"TENDONVI": "Phòng Tư pháp huyện An Phú"}, {"TENDONVI": "PTP"}],
    )
    rows = [national_procedure_row("1.000001"), bad, national_procedure_row("1.000003")]
    report = import_procedures(rows=rows, dry_run=False)
    assert report.created == ["1.000001", "1.000003"]
    assert [(r.position, r.code) for r in report.rejected] == [(2, "1.000002")]
    assert report.rejected[0].reason == "Không ghi được vào cơ sở dữ liệu (IntegrityError)."
    assert sorted(Procedure.objects.values_list("code", flat=True)) == ["1.000001", "1.000003"]
    assert not Sector.objects.filter(name="Lĩnh vực chỉ của dòng lỗi").exists()
    assert ProcedureAgency.objects.count() == 2
    assert Procedure.objects.get(code="1.000003").documents.count() == 2


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        (
            {"THANHPHANHOSO": [{"GIAYTO": [{"TENGIAYTO": "Tờ khai", "SOBANCHINH": "1e400"}]}]},
            "Số bản chính “1e400” phải là số.",
        ),
        ({"MOTA": "nửa ký tự \ud800"}, "Mô tả chứa ký tự không hợp lệ. Đã bỏ qua trường này."),
    ],
)
def test_a_value_no_database_can_store_is_left_out_with_a_warning_not_a_crash(overrides, reason):
    report = import_procedures(rows=[national_procedure_row(**overrides)], dry_run=False)
    assert not report.rejected
    assert [row.reason for row in report.warnings] == [reason]
    assert Procedure.objects.filter(code="1.001193").exists()
