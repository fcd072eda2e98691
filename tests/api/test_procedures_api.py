"""The procedure catalogue in the API: filters, detail, national shape, exports, round trip."""

import io
import json

import pytest

from procedures.importing import import_procedures, read_procedure_file
from procedures.importing.writing import SCALAR_FIELDS
from procedures.models import (
    Agency,
    Level,
    Procedure,
    Sector,
    UnitProcedureDetail,
    UnitProcedureScope,
)
from tests.api.conftest import SECOND_HOST, get_json
from tests.factories import make_procedure, national_procedure_row

pytestmark = pytest.mark.django_db


def codes(data) -> list[str]:
    return [row["code"] for row in data["results"]]


@pytest.fixture
def catalogue(db):
    """Three procedures over two sectors, levels, service levels and agencies."""
    make_procedure("1.000001", "Đăng ký khai sinh")
    make_procedure(
        "1.000002",
        "Cấp giấy phép xây dựng",
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Xây dựng"}],
        CAPTHUCHIEN=[{"TENCAP": "Cấp Huyện"}],
        MUCDO="Một phần",
        COQUANTHUCHIEN=[{"TENDONVI": "Phòng Kinh tế và Hạ tầng"}],
    )
    make_procedure("1.000003", "Đăng ký kết hôn", MUCDO="")
    Procedure.objects.filter(code="1.000003").update(active=False)


def test_the_list_shows_active_procedures_by_name(client, catalogue):
    data = get_json(client, "/api/v1/procedures/")
    assert codes(data) == ["1.000002", "1.000001"]  # Cấp… before Đăng…
    first = data["results"][0]
    assert first["sectors"] == [{"slug": "xay-dung", "name": "Xây dựng"}]
    assert first["levels"] == [{"slug": "huyen", "name": "Cấp huyện"}]
    assert first["service_level"] == "mot-phan"
    assert first["url"] == "http://testserver/thu-tuc-hanh-chinh/1.000002/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=ho-tich", ["1.000001"]),
        ("level=huyen", ["1.000002"]),
        ("service_level=toan-trinh", ["1.000001"]),
        ("agency=phong-kinh-te-va-ha-tang", ["1.000002"]),
        ("q=giay+phep+xay+dung", ["1.000002"]),
        ("q=DANG KY", ["1.000001"]),
        ("q=1.000001", ["1.000001"]),
        ("sector=ho-tich&level=huyen", []),
        ("sector=khong-co", []),
    ],
)
def test_filters_mean_what_they_mean_on_the_catalogue_page(client, catalogue, query, expected):
    assert codes(get_json(client, f"/api/v1/procedures/?{query}")) == expected


def test_the_detail_has_every_section(client):
    make_procedure()
    data = get_json(client, "/api/v1/procedures/1.001193/")
    assert data["decision_number"] == "1234/QĐ-UBND" and data["decision_date"] == "2024-05-15"
    assert data["steps"] == [
        {
            "case": "Đăng ký đúng hạn",
            "steps": [
                "Bước 1: Nộp tờ khai tại Ủy ban nhân dân cấp xã.",
                "Bước 2: Nhận Giấy khai sinh.",
            ],
        }
    ]
    assert data["channels"][0]["fees"] == ["8.000 Đồng – Lệ phí"]
    assert data["channels"][0]["channel_label"] == "Trực tiếp"
    assert data["documents"][1] == {
        "case": "Đăng ký đúng hạn",
        "name": "Giấy chứng sinh",
        "form_name": "",
        "form_url": "",
        "form_file": "",
        "original_count": 1,
        "copy_count": 2,
    }
    assert data["legal_bases"][0]["issued_on"] == "2014-11-20"
    assert data["agencies"] == ["Ủy ban nhân dân cấp xã"]
    assert data["procedure_type"] == 1
    assert data["online_url"] == "https://dichvucong.gov.vn/nop-ho-so"


def test_an_inactive_procedure_has_no_detail(client, catalogue):
    get_json(client, "/api/v1/procedures/1.000003/", status=404)
    get_json(client, "/api/v1/procedures/1.000003/?format=goi-tin", status=404)


def test_a_unit_lists_the_procedures_of_its_chosen_levels(client, catalogue, second_unit):
    scope = UnitProcedureScope.objects.create(unit=second_unit)
    scope.levels.add(Level.objects.get(slug="huyen"))
    assert codes(get_json(client, "/api/v1/procedures/", host=SECOND_HOST)) == ["1.000002"]
    get_json(client, "/api/v1/procedures/1.000001/", host=SECOND_HOST, status=404)
    sectors = get_json(client, "/api/v1/sectors/", host=SECOND_HOST)["results"]
    assert [s["slug"] for s in sectors] == ["xay-dung"]
    assert codes(get_json(client, "/api/v1/procedures/")) == ["1.000002", "1.000001"]


def test_sectors_agencies_and_levels_of_the_shown_procedures(client, catalogue):
    Procedure.objects.filter(code="1.000003").update(active=True)
    make_procedure("1.000004", "Thủ tục ẩn", LINHVUCTHUCHIEN=[{"TENLINHVUC": "Lĩnh vực ẩn"}])
    Procedure.objects.filter(code="1.000004").update(active=False)
    sectors = get_json(client, "/api/v1/sectors/")["results"]
    assert [s["name"] for s in sectors] == ["Hộ tịch", "Xây dựng"]
    assert sectors[0]["procedures_api_url"] == "http://testserver/api/v1/procedures/?sector=ho-tich"
    agencies = get_json(client, "/api/v1/agencies/")["results"]
    assert [a["slug"] for a in agencies] == ["phong-kinh-te-va-ha-tang", "uy-ban-nhan-dan-cap-xa"]
    levels = get_json(client, "/api/v1/levels/")["results"]
    assert [level["slug"] for level in levels] == ["huyen", "xa"]


def test_the_units_one_stop_office_has_its_own_endpoint(client, second_unit):
    UnitProcedureDetail.objects.create(
        unit=second_unit, office_address="Ấp Mẫu", phone="02963 111 222"
    )
    data = get_json(client, "/api/v1/procedure-office/", host=SECOND_HOST)
    assert data["office_address"] == "Ấp Mẫu" and data["phone"] == "02963 111 222"
    assert data["publisher"]["slug"] == "xa-mau"
    assert get_json(client, "/api/v1/procedure-office/")["office_address"] == ""


# --- The national shape and the round trip ----------------------------------------------------


def varied_rows() -> list[dict]:
    """Return procedures in the national shape exercising every field the import reads."""
    full = national_procedure_row(
        "2.000100",
        "Cấp giấy chứng nhận quyền sử dụng đất",
        COQUANBANHANH="Ủy ban nhân dân tỉnh An Giang",
        CAPTHUCHIEN=[{"TENCAP": "Cấp Tỉnh"}, {"TENCAP": "Cấp Xã"}],
        LOAITTHC="TTHC do địa phương quy định cụ thể",
        LINHVUCTHUCHIEN=[{"TENLINHVUC": "Đất đai"}, {"TENLINHVUC": "Đo đạc, bản đồ"}],
        TRINHTUTHUCHIEN=[
            {"TRINHTU": [{"TENTRINHTU": "Bước chung: nộp hồ sơ.\nKiểm tra thành phần."}]},
            {"TRUONGHOP": "Cấp lần đầu", "TRINHTU": [{"TENTRINHTU": "Bước 1: đo đạc."}]},
            {"TRUONGHOP": "Cấp đổi", "TRINHTU": [{"TENTRINHTU": "Bước 1: nộp bản gốc."}]},
        ],
        CACHTHUCTHUCHIEN=[
            {
                "KENH": "Trực tuyến",
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": "30",
                        "DONVITINH": "Ngày",
                        "MOTA": "Nộp qua Cổng dịch vụ công",
                        "PHILEPHI": [
                            {"SOTIEN": "100000", "DONVI": "Đồng", "MOTA": "Lệ phí cấp giấy"},
                            {"MOTA": "Phí thẩm định: theo Nghị quyết của HĐND tỉnh"},
                        ],
                    }
                ],
            },
            {"KENH": 3, "THOIGIAN": [{"THOIGIANGIAIQUYET": "Không quá 30 ngày"}]},
        ],
        THANHPHANHOSO=[
            {"GIAYTO": [{"TENGIAYTO": "Đơn đề nghị", "TENMAUDON": "Mẫu 04a/ĐK"}]},
            {
                "TRUONGHOP": "Cấp đổi",
                "GIAYTO": [{"TENGIAYTO": "Bản gốc giấy chứng nhận", "SOBANCHINH": 1}],
            },
        ],
        # Agencies in the source's order, not alphabetical: the order is kept.
        COQUANTHUCHIEN=[
            {"TENDONVI": "Văn phòng đăng ký đất đai"},
            {"TENDONVI": "Chi nhánh văn phòng đăng ký đất đai"},
            {"TENDONVI": "Bộ phận Một cửa"},
        ],
        DOITUONGTHUCHIEN=[{"TENDOITUONG": "Hộ gia đình"}, {"TENDOITUONG": "Cá nhân"}],
        CANCUPHAPLY=[
            {
                "SOVANBAN": "31/2024/QH15",
                "TENVANBAN": "Luật Đất đai",
                "NGAYBANHANH": "18/01/2024",
                "COQUANBANHANH": "Quốc hội",
            },
            {"SOVANBAN": "101/2024/NĐ-CP", "COQUANBANHANH": "Chính phủ"},
        ],
        MUCDO="Một phần",
        YEUCAU="Dòng một\nDòng hai",
    )
    bare = {"MATTHC": "2.000200", "TENTTHC": "Thủ tục chỉ có mã và tên"}
    return [full, national_procedure_row(), bare]


def national_fields(procedure: Procedure) -> dict:
    """Return every field of the national shape the catalogue keeps for a procedure."""
    return {
        "code": procedure.code,
        "decision_date": procedure.decision_date,
        **{name: getattr(procedure, name) for name in SCALAR_FIELDS},
        "sectors": sorted(sector.name for sector in procedure.sectors.all()),
        "levels": sorted(level.slug for level in procedure.levels.all()),
        "agencies": procedure.agency_name_list(),
        "channels": list(
            procedure.channels.values(
                "position", "channel", "processing_time", "fees", "description"
            )
        ),
        "documents": list(
            procedure.documents.values(
                "position", "case", "name", "form_name", "form_url", "original_count", "copy_count"
            )
        ),
        "legal_bases": list(
            procedure.legal_bases.values("position", "number", "title", "issued_on", "issuer")
        ),
    }


def catalogue_fields() -> dict:
    return {p.code: national_fields(p) for p in Procedure.objects.order_by("code")}


def empty_the_catalogue() -> None:
    Procedure.objects.all().delete()
    Sector.objects.all().delete()
    Agency.objects.all().delete()
    Level.objects.all().delete()


def import_all(rows) -> None:
    report = import_procedures(rows=rows, dry_run=False)
    assert not report.rejected and not report.warnings, (report.rejected, report.warnings)


def test_the_national_shape_of_a_detail_is_what_the_import_reads(client):
    import_all(varied_rows())
    row = get_json(client, "/api/v1/procedures/2.000100/?format=goi-tin")
    assert row["MATTHC"] == "2.000100"
    assert row["COQUANTHUCHIEN"] == [
        {"TENDONVI": "Văn phòng đăng ký đất đai"},
        {"TENDONVI": "Chi nhánh văn phòng đăng ký đất đai"},
        {"TENDONVI": "Bộ phận Một cửa"},
    ]
    assert row["licence"]["name"] == "CC BY 4.0"


def test_export_then_import_into_an_empty_database_gives_every_field_back(client):
    import_all(varied_rows())
    before = catalogue_fields()
    exported = get_json(client, "/api/v1/procedures/export.json")
    listed = get_json(client, "/api/v1/procedures/?format=goi-tin&page_size=100")["results"]
    assert sorted(listed, key=lambda row: row["MATTHC"]) == exported["data"]
    empty_the_catalogue()
    import_all(read_procedure_file(io.BytesIO(json.dumps(exported).encode()), name="x.json").rows)
    assert catalogue_fields() == before
    assert len(before) == 3 and before["2.000100"]["agencies"][0] == "Văn phòng đăng ký đất đai"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_spreadsheet_exports_read_back_through_the_import(client, kind):
    import_all([national_procedure_row(), national_procedure_row("1.000900", "Thủ tục khác")])
    before = catalogue_fields()
    response = client.get(f"/api/v1/procedures/export.{kind}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="thu-tuc-an-phu.{kind}"'
    assert response["Cache-Control"] == "public, max-age=3600"
    assert 'rel="license"' in response["Link"] and "http://testserver/" in response["Link"]
    rows = read_procedure_file(io.BytesIO(response.content), name=f"x.{kind}").rows
    empty_the_catalogue()
    import_all(rows)
    assert catalogue_fields() == before


def test_the_spreadsheet_export_keeps_agency_order_and_several_values(client):
    import_all(varied_rows())
    rows = read_procedure_file(
        io.BytesIO(client.get("/api/v1/procedures/export.xlsx").content), name="x.xlsx"
    ).rows
    full = next(row for row in rows if row["MATTHC"] == "2.000100")
    assert [a["TENDONVI"] for a in full["COQUANTHUCHIEN"]][0] == "Văn phòng đăng ký đất đai"
    assert len(full["CANCUPHAPLY"]) == 2 and full["CANCUPHAPLY"][1]["COQUANBANHANH"] == "Chính phủ"


def test_the_full_dump_is_cached_until_the_catalogue_changes(client, django_assert_num_queries):
    make_procedure()
    first = client.get("/api/v1/procedures/export.json")
    with django_assert_num_queries(0):
        assert client.get("/api/v1/procedures/export.json").content == first.content
    assert (
        client.get("/api/v1/procedures/export.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    make_procedure("1.000777", "Thủ tục mới")
    again = client.get("/api/v1/procedures/export.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "1.000777" in again.content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_the_catalogue_endpoints_keep_their_query_budget(
    client, count, django_assert_max_num_queries
):
    from tests.factories import make_many_procedures

    make_many_procedures(count)
    make_procedure()
    client.get("/api/v1/units/")
    # Each counts one query for the levels and agencies the unit shows.
    with django_assert_max_num_queries(3):
        get_json(client, "/api/v1/procedures/?page_size=100&sector=linh-vuc-1")
    with django_assert_max_num_queries(5):
        get_json(client, "/api/v1/procedures/?page_size=100&format=goi-tin")
    with django_assert_max_num_queries(4):
        get_json(client, "/api/v1/procedures/1.001193/")
    for url in ("/api/v1/sectors/", "/api/v1/agencies/", "/api/v1/levels/"):
        with django_assert_max_num_queries(3):
            get_json(client, url + "?page_size=100")
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/procedures/export.csv").status_code == 200
