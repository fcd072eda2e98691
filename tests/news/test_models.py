"""Articles: sanitizing, slugs, search text, visibility, scheduling and the view counter."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from anphu_portal.slugs import ascii_slug
from news.models import Article
from news.models.articles import read_cover_pictures
from news.sanitizing import sanitize_body
from news.workflow import record_article_view
from tests.factories import make_article, make_category, make_image_file

pytestmark = pytest.mark.django_db


def test_sanitizer_removes_script_with_its_content():
    assert sanitize_body("<p>Tin</p><script>alert('x')</script>") == "<p>Tin</p>"


def test_sanitizer_removes_event_handlers():
    cleaned = sanitize_body('<img src="/media/a.jpg" alt="a" onerror="alert(1)">')
    assert "onerror" not in cleaned and 'src="/media/a.jpg"' in cleaned


def test_sanitizer_drops_javascript_links_and_adds_rel_to_others():
    cleaned = sanitize_body(
        '<p><a href="javascript:alert(1)">xấu</a> <a href="https://angiang.gov.vn">tốt</a></p>'
    )
    assert "javascript:" not in cleaned
    assert '<a href="https://angiang.gov.vn" rel="noopener noreferrer">tốt</a>' in cleaned


def test_sanitizer_drops_images_with_data_urls():
    cleaned = sanitize_body('<p>Ảnh<img src="data:image/png;base64,iVBORw0KGgo=" alt="x"></p>')
    assert "data:" not in cleaned and "<img" not in cleaned


def test_sanitizer_cleans_word_paste():
    word = (
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
        '<p class="MsoNormal" style="mso-margin-top-alt:auto;font-family:Times">'
        '<span lang="VI" style="mso-bidi-font-size:12pt">Nội dung từ Word</span><o:p></o:p></p>'
        "<style>p.MsoNormal{margin:0}</style>"
    )
    assert sanitize_body(word) == "<p>Nội dung từ Word</p>"


def test_sanitizer_keeps_headings_figures_and_tables():
    body = (
        '<h2>Phần một</h2><figure class="image"><img src="/media/a.jpg" alt="Cầu">'
        "<figcaption>Cầu mới</figcaption></figure>"
        '<figure class="table"><table><thead><tr><th>Xã</th></tr></thead>'
        "<tbody><tr><td>Vĩnh Trường</td></tr></tbody></table></figure>"
    )
    cleaned = sanitize_body(body)
    for part in [
        "<h2>Phần một</h2>",
        '<figure class="image">',
        "<figcaption>Cầu mới</figcaption>",
        "<th>Xã</th>",
        "<td>Vĩnh Trường</td>",
    ]:
        assert part in cleaned


def test_article_body_is_sanitized_on_every_save():
    article = make_article(body="<p onclick='x()'>Chào</p><script>x()</script>")
    article.refresh_from_db()
    assert article.body == "<p>Chào</p>"
    Article.objects.filter(pk=article.pk).update(body="<p>x</p><iframe src='//x'></iframe>")
    article.refresh_from_db()
    article.save()
    article.refresh_from_db()
    assert "iframe" not in article.body


def test_slug_is_ascii_from_the_vietnamese_title_and_kept_when_the_title_changes():
    assert ascii_slug("Cải cách hành chính") == "cai-cach-hanh-chinh"
    article = make_article("Đường về xã Đa Phước")
    assert article.slug == "duong-ve-xa-da-phuoc"
    article.title = "Tiêu đề đã sửa"
    article.save()
    article.refresh_from_db()
    assert article.slug == "duong-ve-xa-da-phuoc"


def test_two_articles_with_the_same_title_get_different_slugs():
    first = make_article("Họp báo")
    second = make_article("Họp báo")
    assert first.slug == "hop-bao" and second.slug == "hop-bao-2"


def test_search_text_starts_with_the_folded_title():
    article = make_article(
        "Cải cách hành chính", body="<p>Đổi mới <strong>thủ tục</strong></p>", author="Huỳnh Như"
    )
    assert article.search_text.startswith("cai cach hanh chinh | ")
    assert "doi moi thu tuc" in article.search_text and "<strong>" not in article.search_text
    assert "huynh nhu" in article.search_text


def test_search_matches_every_folded_word():
    make_article("Cải cách hành chính ở An Phú")
    make_article("Lễ hội đua ghe ngo")
    found = Article.objects.search("CAI CACH phu")
    assert [a.title for a in found] == ["Cải cách hành chính ở An Phú"]


def test_draft_and_pending_articles_are_not_published():
    make_article("Nháp", status="draft")
    make_article("Chờ", status="pending")
    shown = make_article("Đã đăng")
    assert list(Article.objects.published()) == [shown]


def test_scheduled_article_appears_only_when_its_time_comes(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    later = timezone.now() + timedelta(days=2)
    article = make_article("Hẹn giờ", publish_at=later)
    assert not article.is_published() and article.is_scheduled()
    assert not Article.objects.published().exists()
    time_machine.move_to(later + timedelta(seconds=1), tick=False)
    assert list(Article.objects.published()) == [article]


def test_record_article_view_adds_one_with_a_single_query(django_assert_num_queries):
    article = make_article()
    with django_assert_num_queries(1):
        record_article_view(article_id=article.pk)
    record_article_view(article_id=article.pk)
    article.refresh_from_db()
    assert article.view_count == 2


def test_cover_renditions_are_made_in_three_widths_and_two_formats():
    article = make_article(with_cover=True)
    picture = article.cover_picture()
    assert picture["width"] == 800 and picture["height"] == 450
    for srcset in (picture["webp_srcset"], picture["jpeg_srcset"]):
        assert srcset.count("w,") == 2 and srcset.endswith("1200w")
    assert ".webp 400w" in picture["webp_srcset"] and ".jpg 800w" in picture["jpeg_srcset"]
    assert article.cover.url not in picture["jpeg_srcset"]
    assert default_storage.exists(article.cover_400_webp.name)
    assert default_storage.exists(article.cover_1200_jpeg.name)


def test_a_list_reads_its_covers_renditions_at_once_and_each_card_asks_no_more(client):
    category = make_category("Nông nghiệp")
    covered = [
        make_article(f"Tin có ảnh {n}", category=category, with_cover=True) for n in range(3)
    ]
    make_article("Tin không ảnh", category=category)
    cache.clear()
    articles = read_cover_pictures(Article.objects.filter(category=category).for_cards())
    assert len(articles) == 4
    keys = [article.renditions_key() for article in covered]
    assert set(cache.get_many(keys)) == set(keys)  # kept for the next list
    cache.delete_many(keys)
    for article in articles:
        if article.title.startswith("Tin có ảnh"):
            assert ".webp 400w" in article.cover_picture()["webp_srcset"]  # no cache read
        else:
            assert article.cover_picture() is None
    assert cache.get_many(keys) == {}
    page = client.get(category.get_absolute_url()).content.decode()
    for article in covered:
        assert article.cover_400_webp.url in page


def test_cover_is_stored_under_a_generated_name():
    category = make_category()
    article = Article(title="Ảnh", summary="x", category=category, cover_alt="Ảnh")
    article.cover = make_image_file("../../etc/passwd ảnh gốc.jpg")
    article.save()
    assert article.cover.name.startswith("news/anh-bia/")
    assert "passwd" not in article.cover.name and article.cover.name.endswith(".jpg")


def test_cover_without_alternative_text_is_refused():
    article = Article(title="Ảnh", summary="x", category=make_category())
    article.cover = make_image_file()
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "mô tả ảnh" in str(error.value)
