"""The import command and the demo command: formats, idempotence, dry run, rejected rows."""

import json

import pytest
from django.core.management import CommandError, call_command

from procedures.models import Procedure, RequiredDocument, Sector
from tests.factories import make_spreadsheet, national_procedure_row

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã thủ tục",
    "Số quyết định công bố",
    "Tên thủ tục",
    "Cấp thực hiện",
    "Loại thủ tục",
    "Lĩnh vực",
    "Trình tự thực hiện",
    "Cách thức thực hiện",
    "Thành phần hồ sơ",
    "Đối tượng thực hiện",
    "Cơ quan thực hiện",
    "Cơ quan có thẩm quyền",
    "Địa chỉ tiếp nhận hồ sơ",
    "Cơ quan được ủy quyền",
    "Cơ quan phối hợp",
    "Kết quả thực hiện",
    "Căn cứ pháp lý",
    "Yêu cầu, điều kiện thực hiện",
    "Từ khóa",
    "Mô tả",
    "Mức độ",
    "Nộp hồ sơ trực tuyến",
]
SPREADSHEET_ROW = [
    "2.000815",
    "1234/QĐ-UBND | 15/05/2024 | Công bố thủ tục lĩnh vực chứng thực",
    "Chứng thực bản sao từ bản chính",
    "Cấp Huyện\nCấp Xã",
    "1",
    "Chứng thực",
    "Bước 1: Nộp bản chính và bản sao\nBước 2: Nhận bản sao đã chứng thực",
    "Trực tiếp | 1 Ngày làm việc | 2.000 đồng/trang | Trả ngay trong ngày",
    "Bản chính giấy tờ | | 1 | 0\nBản sao cần chứng thực | Mẫu tờ khai https://example.org/mau.docx | 0 | 1",
    "Cá nhân\nTổ chức",
    "Ủy ban nhân dân cấp xã\nPhòng Tư pháp huyện An Phú",
    "Chủ tịch Ủy ban nhân dân cấp xã",
    "Bộ phận Một cửa (dữ liệu mẫu)",
    "",
    "",
    "Bản sao được chứng thực",
    "23/2015/NĐ-CP | Nghị định về chứng thực | 16/02/2015 | Chính phủ",
    "Không",
    "sao y",
    "Thủ tục kiểm thử",
    "Một phần",
    "https://dichvucong.gov.vn/chung-thuc",
]


def write_json(tmp_path, rows, name="goi-tin.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run_import(path, *args, rejected=False):
    """Run the command; with rejected=True it must end with exit status 2."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_procedures", path, *args, stdout=out, stderr=err)
    except CommandError as error:
        if error.returncode != 2 or not rejected:
            raise
    else:
        assert not rejected, "the command should have ended with exit status 2"
    return out.getvalue(), err.getvalue()


def test_json_import_creates_the_procedure_with_every_section(tmp_path):
    out, _ = run_import(write_json(tmp_path, [national_procedure_row()]))
    assert "tạo mới 1" in out
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name == "Đăng ký khai sinh"
    assert procedure.decision_number == "1234/QĐ-UBND"
    assert procedure.decision_date.isoformat() == "2024-05-15"
    assert procedure.level_codes == ["xa"]
    assert procedure.procedure_type == 1
    assert [(s.name, s.slug) for s in procedure.sectors.all()] == [("Hộ tịch", "ho-tich")]
    assert procedure.step_groups() == [
        (
            "Đăng ký đúng hạn",
            ["Bước 1: Nộp tờ khai tại Ủy ban nhân dân cấp xã.", "Bước 2: Nhận Giấy khai sinh."],
        )
    ]
    channels = list(procedure.channels.all())
    assert [c.get_channel_display() for c in channels] == ["Trực tiếp", "Trực tuyến"]
    assert channels[0].processing_time == "1 Ngày làm việc"
    assert channels[0].fees == "8.000 Đồng – Lệ phí"
    documents = list(procedure.documents.all())
    assert documents[0].case == "Đăng ký đúng hạn"
    assert documents[0].form_url == "https://example.org/mau/to-khai.docx"
    assert not documents[0].form_file  # form URLs are stored, never downloaded
    assert (documents[1].original_count, documents[1].copy_count) == (1, 2)
    assert list(procedure.agencies.values_list("name", flat=True)) == ["Ủy ban nhân dân cấp xã"]
    assert procedure.competent_authorities == "Chủ tịch Ủy ban nhân dân cấp xã"
    assert procedure.authorized_agencies == "Công chức tư pháp - hộ tịch"
    assert procedure.coordinating_agencies == "Công an xã"
    assert procedure.results == "Giấy khai sinh bản chính"
    basis = procedure.legal_bases.get()
    assert (basis.number, basis.title, basis.issued_on.isoformat()) == (
        "60/2014/QH13",
        "Luật Hộ tịch",
        "2014-11-20",
    )
    assert procedure.service_level == "toan-trinh"
    assert procedure.online_url == "https://dichvucong.gov.vn/nop-ho-so"
    assert procedure.search_text.startswith("dang ky khai sinh | 1.001193")


def test_json_object_with_data_key_and_missing_or_null_keys_is_accepted(tmp_path):
    rows = {"data": [{"MATTHC": "1.000001", "TENTTHC": "Thủ tục tối giản", "MOTA": None}]}
    out, _ = run_import(write_json(tmp_path, rows))
    procedure = Procedure.objects.get(code="1.000001")
    assert not procedure.sectors.exists() and procedure.service_level == ""
    assert procedure.level_codes == []
    assert "tạo mới 1" in out


def test_second_import_of_the_same_file_changes_nothing(tmp_path, database_snapshot):
    path = write_json(tmp_path, [national_procedure_row(), national_procedure_row("1.000894")])
    run_import(path)
    before = database_snapshot()
    out, _ = run_import(path)
    assert "tạo mới 0, cập nhật 0, không đổi 2, bị từ chối 0" in out
    assert database_snapshot() == before


def test_changed_row_updates_the_procedure_and_its_lists(tmp_path):
    run_import(write_json(tmp_path, [national_procedure_row()]))
    first_id = Procedure.objects.get().pk
    changed = national_procedure_row(
        TENTTHC="Đăng ký khai sinh (sửa đổi)",
        CANCUPHAPLY=[{"SOVANBAN": "123/2015/NĐ-CP", "TENVANBAN": "Nghị định hộ tịch"}],
        CACHTHUCTHUCHIEN=[{"KENH": 3, "THOIGIAN": [{"THOIGIANGIAIQUYET": "2"}]}],
        COQUANTHUCHIEN=[{"TENDONVI": "Phòng Tư pháp huyện"}],
    )
    out, _ = run_import(write_json(tmp_path, [changed]))
    assert "cập nhật 1" in out
    procedure = Procedure.objects.get()
    assert procedure.pk == first_id
    assert procedure.name == "Đăng ký khai sinh (sửa đổi)"
    assert list(procedure.legal_bases.values_list("number", flat=True)) == ["123/2015/NĐ-CP"]
    assert [c.channel for c in procedure.channels.all()] == [3]
    assert list(procedure.agencies.values_list("name", flat=True)) == ["Phòng Tư pháp huyện"]


def test_update_keeps_a_form_file_uploaded_for_the_same_paper(tmp_path):
    from tests.factories import make_form_file

    run_import(write_json(tmp_path, [national_procedure_row()]))
    document = RequiredDocument.objects.get(name="Giấy chứng sinh")
    document.form_file.save("mau.docx", make_form_file("docx"))
    run_import(write_json(tmp_path, [national_procedure_row(TUKHOA="khai sinh")]))
    assert RequiredDocument.objects.get(name="Giấy chứng sinh").form_file.name.endswith(".docx")


def test_dry_run_reports_without_writing(tmp_path, database_snapshot):
    before = database_snapshot()
    out, _ = run_import(write_json(tmp_path, [national_procedure_row()]), "--dry-run")
    assert "Chạy thử" in out and "tạo mới 1" in out
    assert database_snapshot() == before


def test_rejected_rows_are_listed_with_position_and_reason_and_others_are_imported(tmp_path):
    rows = [
        national_procedure_row("1.000001"),
        {"TENTTHC": "Không có mã"},
        national_procedure_row("1.000002", MUCDO="Mức độ 9"),
        national_procedure_row("1.000003", CACHTHUCTHUCHIEN=[{"KENH": 7}]),
        national_procedure_row("1.000004", URLNOPHOSO="javascript:alert(1)"),
        national_procedure_row("1.000005", QUYETDINHCONGBO={"NGAYQUYETDINH": "31/02/2024"}),
        national_procedure_row("1.000001"),
        "không phải đối tượng",
        national_procedure_row("1.000006"),
    ]
    out, err = run_import(write_json(tmp_path, rows), rejected=True)
    assert "tạo mới 6" in out and "bị từ chối 3" in out and "cảnh báo 4" in out
    lines = err.strip().splitlines()
    assert lines[0] == "Mục 2: Thiếu mã thủ tục. (khóa MATTHC)"
    assert lines[1] == "Mục 7 (1.000001): Mã thủ tục trùng với mục 1 trong cùng tệp."
    assert lines[2].startswith("Mục 8: Không phải một thủ tục")
    assert lines[3].startswith("Mục 3 (1.000002): cảnh báo: Mức độ “Mức độ 9” không rõ nghĩa")
    assert lines[3].endswith("(khóa MUCDO)")
    assert lines[4].startswith("Mục 4 (1.000003): cảnh báo: Hình thức nộp “7” không hợp lệ")
    assert lines[5].startswith("Mục 5 (1.000004): cảnh báo: Đường dẫn nộp hồ sơ")
    assert lines[6].startswith("Mục 6 (1.000005): cảnh báo: Ngày quyết định “31/02/2024”")
    codes = set(Procedure.objects.values_list("code", flat=True))
    assert codes == {f"1.00000{i}" for i in range(1, 7)}
    assert Procedure.objects.get(code="1.000002").service_level == ""
    assert Procedure.objects.get(code="1.000005").decision_date is None


def test_an_odd_copy_count_is_kept_unknown_with_a_warning(tmp_path):
    odd = national_procedure_row("1.000009", THANHPHANHOSO=[{"GIAYTO": [{"SOBANCHINH": "x"}]}])
    odd["THANHPHANHOSO"][0]["GIAYTO"][0]["TENGIAYTO"] = "Tờ khai"
    out, err = run_import(write_json(tmp_path, [odd]))
    assert "tạo mới 1" in out and "cảnh báo 1" in out
    assert "Số bản chính “x” phải là số." in err
    paper = Procedure.objects.get(code="1.000009").documents.get()
    assert (paper.name, paper.original_count, paper.copy_count) == ("Tờ khai", None, None)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("goi-tin.json", b"{not json", "không phải JSON hợp lệ"),
        ("goi-tin.json", '[{"MATTHC": "Đăng"}]'.encode("utf-16"), "UTF-8"),
        ("goi-tin.json", b'{"MATTHC": "1"}', "danh sách thủ tục"),
        ("goi-tin.json", b"[" * 100_000, "không phải JSON hợp lệ"),
        ("bang.csv", b"M\xe3 th\xf9 t\xfac,T\xean th\xf9 t\xfac\n1.1,x", "UTF-8"),
        ("bang.csv", b"Cot A,Cot B\n1,2\n", "Mã thủ tục"),
        ("bang.xlsx", b"PK\x03\x04 this is not a workbook", "Excel"),
        ("bang.xlsx", b"plain text", "Excel"),
        ("bang.pdf", b"%PDF-1.4", ".json, .xlsx hoặc .csv"),
        ("rong.json", b"", "rỗng"),
    ],
)
def test_unreadable_file_is_a_one_line_error_and_writes_nothing(
    tmp_path, database_snapshot, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    before = database_snapshot()
    with pytest.raises(CommandError) as error:
        run_import(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert database_snapshot() == before


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Không mở được tệp"):
        run_import(str(tmp_path / "khong-co.json"))


def test_command_exits_non_zero_for_an_unreadable_file(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "hong.json"
    path.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_procedures", str(path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"},
    )
    assert result.returncode != 0
    assert "không phải JSON hợp lệ" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_spreadsheet_import_reads_lists_and_tables(tmp_path, kind):
    path = tmp_path / f"bang.{kind}"
    path.write_bytes(make_spreadsheet([HEADER, SPREADSHEET_ROW, [""] * len(HEADER)], kind))
    out, err = run_import(str(path))
    assert "tạo mới 1" in out and not err
    procedure = Procedure.objects.get(code="2.000815")
    assert procedure.level_codes == ["huyen", "xa"]
    assert procedure.decision_number == "1234/QĐ-UBND"
    assert procedure.decision_date.isoformat() == "2024-05-15"
    assert [sector.name for sector in procedure.sectors.all()] == ["Chứng thực"]
    assert [steps for _case, steps in procedure.step_groups()] == [
        ["Bước 1: Nộp bản chính và bản sao", "Bước 2: Nhận bản sao đã chứng thực"]
    ]
    channel = procedure.channels.get()
    assert (channel.channel, channel.processing_time, channel.fees, channel.description) == (
        1,
        "1 Ngày làm việc",
        "2.000 đồng/trang",
        "Trả ngay trong ngày",
    )
    copy = procedure.documents.get(name="Bản sao cần chứng thực")
    assert (copy.form_name, copy.form_url, copy.copy_count) == (
        "Mẫu tờ khai",
        "https://example.org/mau.docx",
        1,
    )
    assert sorted(procedure.agencies.values_list("name", flat=True)) == [
        "Phòng Tư pháp huyện An Phú",
        "Ủy ban nhân dân cấp xã",
    ]
    assert procedure.subjects == "Cá nhân\nTổ chức"
    assert procedure.legal_bases.get().issuer == "Chính phủ"
    assert procedure.service_level == "mot-phan"
    assert procedure.online_url == "https://dichvucong.gov.vn/chung-thuc"


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_spreadsheet_rejected_row_is_reported_by_its_line(tmp_path, kind):
    bad = [*SPREADSHEET_ROW]
    bad[0] = "2.000816"
    bad[2] = ""
    rows = [HEADER, SPREADSHEET_ROW, [""] * len(HEADER), bad]
    path = tmp_path / f"bang.{kind}"
    path.write_bytes(make_spreadsheet(rows, kind))
    out, err = run_import(str(path), rejected=True)
    assert err == "Dòng 4 (2.000816): Thiếu tên thủ tục. (cột “Tên thủ tục”)\n"
    assert "tạo mới 1" in out and "bị từ chối 1" in out


def test_example_files_of_the_readme_import_cleanly(tmp_path):
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[2] / "procedures" / "fixtures"
    for name in ("vi-du-thu-tuc.csv", "vi-du-thu-tuc.xlsx", "vi-du-thu-tuc.json"):
        out, err = run_import(str(fixtures / name), "--dry-run")
        assert "bị từ chối 0" in out and not err, name


def test_demo_procedures_cover_every_filter_and_load_twice_without_change(database_snapshot):
    call_command("load_demo_procedures")
    procedures = Procedure.objects.all()
    assert procedures.count() >= 30
    assert Sector.objects.count() >= 6
    for level in ("tinh", "huyen", "xa"):
        assert procedures.at_level(level).exists()
    assert set(procedures.values_list("service_level", flat=True)) == {
        "toan-trinh",
        "mot-phan",
        "khong",
        "",
    }
    birth = Procedure.objects.get(name="Đăng ký khai sinh")
    assert birth.level_codes == ["xa"]
    criminal_record = Procedure.objects.get(code="2.000488")
    assert criminal_record.level_codes == ["trung-uong", "tinh"]
    assert criminal_record.agency_name_list()[-1] == "Trung tâm Lý lịch tư pháp quốc gia"
    assert birth.documents.exclude(form_file="").exists()
    assert birth.legal_bases.exists()
    assert len({doc.case for doc in birth.documents.all()}) >= 2
    before = database_snapshot()
    call_command("load_demo_procedures")
    assert database_snapshot() == before


def test_progress_bar_redraws_one_line_and_ends_it():
    from io import StringIO

    from procedures.management.commands.import_procedures import ProgressBar

    stream = StringIO()
    bar = ProgressBar(stream, 20)
    for done in range(1, 21):
        bar(done)
    output = stream.getvalue()
    assert output.startswith("\r[###############---------------] 10/20")
    assert output.endswith("\r[##############################] 20/20\n")


def test_a_rejected_row_in_a_long_file_does_not_stop_the_others(tmp_path):
    rows = [national_procedure_row(f"1.{i:06d}") for i in range(230)]
    rows[150] = {"MATTHC": "1.999999"}
    out, err = run_import(write_json(tmp_path, rows), rejected=True)
    assert "tạo mới 229" in out and "bị từ chối 1" in out
    assert err.strip() == "Mục 151 (1.999999): Thiếu tên thủ tục. (khóa TENTTHC)"
    assert Procedure.objects.count() == 229


def test_csv_with_excel_bom_and_semicolons_is_read(tmp_path):
    content = "Mã thủ tục;Tên thủ tục;Mức độ dịch vụ công\n1.000001;Thủ tục thử;Toàn trình\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    out, err = run_import(str(path))
    assert "tạo mới 1" in out and not err
    assert Procedure.objects.get(code="1.000001").service_level == "toan-trinh"


def test_xlsx_code_that_excel_turned_into_a_number_keeps_its_six_digits(tmp_path):
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Mã thủ tục", "Tên thủ tục", "Loại thủ tục"])
    workbook.active.append([1.00089, "Thủ tục có mã dạng số", 2])
    buffer = BytesIO()
    workbook.save(buffer)
    path = tmp_path / "so.xlsx"
    path.write_bytes(buffer.getvalue())
    run_import(str(path))
    procedure = Procedure.objects.get()
    assert (procedure.code, procedure.procedure_type) == ("1.000890", 2)


def test_import_finds_a_sector_whose_slug_staff_changed(tmp_path):
    Sector.objects.create(name="Hộ tịch", slug="ho-tich-dan-su")
    run_import(write_json(tmp_path, [national_procedure_row()]))
    assert [s.slug for s in Procedure.objects.get().sectors.all()] == ["ho-tich-dan-su"]
    assert Sector.objects.count() == 1
