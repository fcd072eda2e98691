"""Units come from a template: one by the command, many from a CSV file."""

from io import StringIO

import pytest
from django.core.management import call_command

from anphu_portal.models import Unit
from hotline.models import ContactGroup
from news.models import Category

pytestmark = pytest.mark.django_db


def test_create_unit_gives_the_unit_its_host_categories_and_hotline_group(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".angiang.gov.vn"]
    Unit.load()
    call_command(
        "create_unit",
        "xa-khanh-binh",
        "--name=Ủy ban nhân dân xã Khánh Bình",
        "--host=khanhbinh.angiang.gov.vn",
        stdout=StringIO(),
    )
    unit = Unit.objects.get(slug="xa-khanh-binh")
    assert unit.parent_unit == "Tỉnh An Giang"
    assert Category.objects.for_unit(unit).count() == 3
    assert ContactGroup.objects.for_unit(unit).count() == 1
    page = client.get("/", HTTP_HOST="khanhbinh.angiang.gov.vn").content.decode()
    assert "Ủy ban nhân dân xã Khánh Bình" in page


def test_create_unit_from_csv_makes_each_row_once(tmp_path):
    Unit.load()
    source = tmp_path / "don-vi.csv"
    source.write_text(
        "slug,name,host,level,parent\n"
        "xa-vinh-hau,Ủy ban nhân dân xã Vĩnh Hậu,vinhhau.angiang.gov.vn,xa,an-giang\n"
        "phuong-chau-doc,Ủy ban nhân dân phường Châu Đốc,,xa,\n",
        encoding="utf-8",
    )
    for _run in range(2):
        call_command("create_unit", csv=str(source), stdout=StringIO())
    assert set(Unit.objects.values_list("slug", flat=True)) >= {"xa-vinh-hau", "phuong-chau-doc"}
    assert Unit.objects.filter(slug="xa-vinh-hau").count() == 1
    assert Category.objects.filter(unit__slug="phuong-chau-doc").count() == 3
