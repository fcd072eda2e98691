"""Password rules: 12 characters, no common password, no username or portal name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from anphu_portal.models import Unit
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db


def messages_for(password, user=None) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize("password", ["AnPhu2026", "MậtKhẩu123", "AnPhu@2026", "anphu20262026"])
def test_district_name_or_matkhau_plus_digits_is_refused(password):
    assert "“mật khẩu” hay “An Phú”" in messages_for(password)


def test_short_password_is_refused_in_vietnamese():
    assert "Mật khẩu này quá ngắn" in messages_for("Xk9-vb2q")


def test_common_password_is_refused():
    assert "quá phổ biến" in messages_for("password1234")


def test_username_inside_the_password_is_refused():
    user = make_staff_user(username="duyettin")
    assert "tên đăng nhập" in messages_for("Duyệt-Tin-2026-ok!", user)


def test_unit_name_is_refused():
    identity = Unit.load()
    identity.unit_name = "Ủy ban nhân dân xã Phú Hữu"
    identity.save()
    assert "tên đơn vị" in messages_for("uybannhandanxaphuhuu!")


def test_host_name_is_refused(settings):
    settings.ALLOWED_HOSTS = ["anphu.angiang.gov.vn"]
    assert "tên miền" in messages_for("cong-anphu-cua-toi-88")


def test_a_long_unrelated_passphrase_is_accepted():
    user = make_staff_user(username="duyettin")
    validate_password("Song-Hau-xanh-5173", user)
