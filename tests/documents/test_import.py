"""import_documents: a register with files, idempotent, dry run, row report and exit codes."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.models import Document
from documents.pdfs import text_pdf
from tests.factories import make_spreadsheet

pytestmark = pytest.mark.django_db

HEADER = ["Số ký hiệu", "Loại", "Ngày", "Cơ quan", "Người ký", "Trích yếu", "Tệp"]
ROWS = [
    [
        "12/KH-UBND",
        "Kế hoạch",
        "10/01/2026",
        "Ủy ban nhân dân",
        "Nguyễn Văn A",
        "Kế hoạch cải cách hành chính năm 2026",
        "12.pdf",
    ],
    [
        "30/QĐ-UBND",
        "Quyết định",
        "15/02/2026",
        "Ủy ban nhân dân",
        "Trần Văn B",
        "Quyết định thành lập tổ công tác",
        "",
    ],
]


def write_register(tmp_path, rows, name="so-van-ban.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    (tmp_path / "12.pdf").write_bytes(text_pdf(heading="KẾ HOẠCH", lines=["Cải cách hành chính."]))
    return path


def run(*args):
    out, err = open("/dev/null", "w"), open("/dev/null", "w")
    call_command("import_documents", *args, stdout=out, stderr=err)


def test_register_is_imported_with_its_file_and_twice_changes_nothing(tmp_path, database_snapshot):
    path = write_register(tmp_path, ROWS)
    run(str(path))
    plan = Document.objects.get(number="12/KH-UBND")
    assert plan.slug == "12-kh-ubnd-2026" and plan.signer == "Nguyễn Văn A"
    assert plan.attachments.get().text_state == "pending"
    before = database_snapshot()
    run(str(path))
    assert database_snapshot() == before


def test_same_document_typed_differently_updates_it(tmp_path):
    run(str(write_register(tmp_path, ROWS)))
    changed = [
        [
            "12 / KH - UBND",
            "Kế hoạch",
            "10/01/2026",
            "ủy ban nhân dân",
            "Nguyễn Văn C",
            "Kế hoạch sửa",
            "",
        ]
    ]
    run(str(write_register(tmp_path, changed, "lan-2.csv")))
    assert Document.objects.count() == 2
    assert Document.objects.get(number_key="12-kh-ubnd").signer == "Nguyễn Văn C"


def test_dry_run_writes_nothing(tmp_path):
    run(str(write_register(tmp_path, ROWS)), "--dry-run")
    assert not Document.objects.exists()


def test_bad_rows_are_reported_and_the_exit_code_is_2(tmp_path, capsys):
    rows = [
        *ROWS,
        ["", "Kế hoạch", "01/01/2026", "UBND", "", "Không số", ""],
        ["5/TB", "Thông báo", "31/02/2026", "UBND", "", "Ngày sai", ""],
        ["6/TB", "Thông báo", "01/03/2026", "UBND", "", "Tệp ngoài", "../../etc/passwd"],
    ]
    with pytest.raises(CommandError) as failed:
        call_command("import_documents", str(write_register(tmp_path, rows)))
    assert failed.value.returncode == 2
    err = capsys.readouterr().err
    assert "Dòng 4: Thiếu số ký hiệu." in err
    assert "Dòng 5 (5/TB): Ngày “31/02/2026” không đúng dạng dd/mm/yyyy." in err
    assert "nằm ngoài thư mục" in err
    assert Document.objects.count() == 2


def test_forged_file_rejects_its_row(tmp_path, capsys):
    path = write_register(tmp_path, ROWS[:1])
    (tmp_path / "12.pdf").write_bytes(b"not a pdf at all")
    with pytest.raises(CommandError):
        call_command("import_documents", str(path))
    assert "không phải tệp PDF thật" in capsys.readouterr().err
    assert not Document.objects.exists()


def test_unreadable_register_exits_1(tmp_path):
    path = tmp_path / "so.csv"
    path.write_text("Tên,Ghi chú\nA,B\n", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        run(str(path))
    assert failed.value.returncode == 1
    assert "Thiếu cột" in str(failed.value)


def test_xlsx_register_is_read(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(make_spreadsheet([HEADER, ROWS[1]]))
    run(str(path), "--unit", "an-phu")
    assert Document.objects.get().number == "30/QĐ-UBND"
