"""Units are editable in admin, in Vietnamese."""

import pytest

from anphu_portal.models import Unit
from tests.factories import login_staff

pytestmark = pytest.mark.django_db


def test_admin_edits_the_site_identity(client, staff_user):
    login_staff(client, staff_user(superuser=True))
    url = f"/quan-tri/anphu_portal/unit/{Unit.load().pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Tên đơn vị" in page.content.decode()
    response = client.post(
        url,
        {
            "parent": Unit.load().parent_id,
            "slug": "xa-phu-huu",
            "level": "xa",
            "palette": "xanh-duong",
            "hosts-TOTAL_FORMS": "1",
            "hosts-INITIAL_FORMS": "0",
            "hosts-0-host": "",
            "unit_name": "Ủy ban nhân dân xã Phú Hữu",
            "portal_title": "Cổng thông tin điện tử xã Phú Hữu",
            "address": "Ấp Phú Hiệp, xã Phú Hữu",
            "phone": "02963.000.000",
            "email": "phuhuu@example.invalid",
            "footer_text": "Dữ liệu mẫu.",
        },
    )
    assert response.status_code == 302
    assert Unit.load().unit_name == "Ủy ban nhân dân xã Phú Hữu"
    assert "Ủy ban nhân dân xã Phú Hữu" in client.get("/").content.decode()


def test_admin_lists_the_units(client, staff_user):
    login_staff(client, staff_user(superuser=True))
    page = client.get("/quan-tri/anphu_portal/unit/").content.decode()
    assert "Ủy ban nhân dân huyện An Phú" in page
    assert "Tỉnh An Giang" in page
