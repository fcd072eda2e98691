"""The site identity is editable in admin, in Vietnamese."""

import pytest

from anphu_portal.models import SiteIdentity
from tests.factories import login_staff

pytestmark = pytest.mark.django_db


def test_admin_edits_the_site_identity(client, staff_user):
    login_staff(client, staff_user(superuser=True))
    url = "/quan-tri/anphu_portal/siteidentity/1/change/"
    SiteIdentity.load()
    page = client.get(url)
    assert page.status_code == 200
    assert "Tên đơn vị" in page.content.decode()
    response = client.post(
        url,
        {
            "parent_unit": "Tỉnh An Giang",
            "unit_name": "Ủy ban nhân dân xã Phú Hữu",
            "portal_title": "Cổng thông tin điện tử xã Phú Hữu",
            "address": "Ấp Phú Hiệp, xã Phú Hữu",
            "phone": "02963.000.000",
            "email": "phuhuu@example.invalid",
            "footer_text": "Dữ liệu mẫu.",
        },
    )
    assert response.status_code == 302
    assert SiteIdentity.load().unit_name == "Ủy ban nhân dân xã Phú Hữu"
    assert "Ủy ban nhân dân xã Phú Hữu" in client.get("/").content.decode()


def test_admin_list_opens_the_single_record(client, staff_user):
    login_staff(client, staff_user(superuser=True))
    response = client.get("/quan-tri/anphu_portal/siteidentity/")
    assert response.status_code == 302
    assert response["Location"].endswith("/siteidentity/1/change/")
