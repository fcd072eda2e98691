"""Site identity and the staff roles."""

import pytest
from django.contrib.auth.models import Group

from anphu_portal import roles
from anphu_portal.folding import fold, fold_words
from anphu_portal.models import Unit

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_NAMES) <= names


def test_site_identity_defaults_to_an_phu():
    identity = Unit.load()
    assert identity.unit_name == "Ủy ban nhân dân huyện An Phú"
    assert identity.parent_unit == "Tỉnh An Giang"


def test_a_new_unit_does_not_replace_the_default_one():
    Unit.objects.create(unit_name="Ủy ban nhân dân xã Khánh Bình", slug="xa-khanh-binh")
    assert Unit.load().unit_name == "Ủy ban nhân dân huyện An Phú"


def test_changed_identity_shows_in_header_and_footer(client):
    client.get("/")  # fills the page cache with the old name
    identity = Unit.load()
    identity.unit_name = "Ủy ban nhân dân xã Khánh Bình"
    identity.address = "Ấp Khánh Hòa, xã Khánh Bình"
    identity.save()
    page = client.get("/").content.decode()
    assert "Ủy ban nhân dân xã Khánh Bình" in page
    assert "Ấp Khánh Hòa, xã Khánh Bình" in page
    assert 'site-brand__unit">Ủy ban nhân dân xã Khánh Bình<' in page
    assert 'site-brand__unit">Ủy ban nhân dân huyện An Phú<' not in page


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Cải cách hành chính", "cai cach hanh chinh"),
        ("Đường dây nóng", "duong day nong"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("  Kiểm   tra công vụ ", "kiem tra cong vu"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_removes_diacritics_and_folds_d(text, folded):
    assert fold(text) == folded


def test_fold_words_cuts_long_queries_and_drops_null_bytes():
    words = fold_words("đất\x00đai " + "x" * 500)
    assert words[0] == "dat"
    assert sum(len(w) for w in words) <= 200
