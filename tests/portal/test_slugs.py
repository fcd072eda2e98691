"""The one slug helper: Vietnamese folded to ASCII, made unique with -2, -3…"""

import pytest

from anphu_portal.slugs import ascii_slug, unique_slug
from hotline.models import ContactGroup
from news.models import Article
from tests.factories import make_article


def test_ascii_slug_folds_vietnamese_with_đ_as_d():
    assert ascii_slug("Đất đai") == "dat-dai"
    assert ascii_slug("  Cải cách   hành chính! ") == "cai-cach-hanh-chinh"


def test_ascii_slug_is_cut_without_a_trailing_dash_and_falls_back_when_empty():
    assert ascii_slug("Đất đai màu mỡ", max_length=8) == "dat-dai"
    assert ascii_slug("!!!", fallback="khong-ten") == "khong-ten"


@pytest.mark.django_db
def test_unique_slug_adds_a_number_only_when_the_slug_is_taken():
    first = make_article("Đất đai")
    second = make_article("Đất đai")
    assert (first.slug, second.slug) == ("dat-dai", "dat-dai-2")
    assert unique_slug(first, first.title, fallback="tin-bai") == "dat-dai"
    assert unique_slug(Article(), "", fallback="tin-bai") == "tin-bai"


@pytest.mark.django_db
def test_contact_group_without_a_slug_gets_one_from_its_name():
    ContactGroup.objects.create(name="Số khẩn cấp")
    group = ContactGroup.objects.create(name="Số khẩn cấp!")
    assert group.slug == "so-khan-cap-2"
