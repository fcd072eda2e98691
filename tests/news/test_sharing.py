"""Sharing upward: a unit offers a published article, its province accepts a copy or declines."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from anphu_portal.models import AuditEvent, Membership, Unit, UnitHost
from anphu_portal.roles import (
    APPROVER,
    EDITOR,
    HOTLINE_STAFF,
    INSPECTOR,
    PROCEDURE_STAFF,
    UNIT_ADMIN,
)
from news.images import store_editor_image
from news.models import Article, ArticleOffer
from news.workflow import accept_offer, offer_article, unpublish_article
from tests.factories import (
    login_staff,
    make_article,
    make_category,
    make_image_file,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

COMMUNE_HOST = "anphu.localhost"
PROVINCE_HOST = "angiang.localhost"
OTHER_HOST = "xa-mau.localhost"
TITLE = "Xã An Phú khánh thành cầu Long Bình"


class Platform:
    """The province, the commune that offers, a second commune, and their hosts."""

    def __init__(self):
        self.commune = Unit.load()
        self.province = self.commune.parent
        self.other = Unit.objects.create(
            unit_name="Ủy ban nhân dân xã Mẫu", slug="xa-mau", parent=self.province
        )
        for unit, host in [
            (self.commune, COMMUNE_HOST),
            (self.province, PROVINCE_HOST),
            (self.other, OTHER_HOST),
        ]:
            UnitHost.objects.create(unit=unit, host=host)
        self.commune_news = make_category("Tin tức - Sự kiện", unit=self.commune)
        self.province_news = make_category("Tin các địa phương", unit=self.province)
        make_category("Tin xã Mẫu", unit=self.other)

    def member(self, role, unit, username):
        """Return a staff user holding `role` in `unit` only (None: no role anywhere)."""
        from django.contrib.auth import get_user_model

        existing = get_user_model().objects.filter(username=username).first()
        if existing is not None:
            return existing
        user = make_staff_user(None, username=username)
        if role is not None:
            Membership.objects.create(user=user, unit=unit, role=Group.objects.get(name=role))
        return user


@pytest.fixture
def platform(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    return Platform()


@pytest.fixture
def source(platform):
    return make_article(TITLE, category=platform.commune_news, body="<p>Cầu dài 120 m.</p>")


def offer_url(article):
    return reverse("admin:news_article_offer", args=[article.pk])


def accept_url(offer):
    return reverse("admin:news_articleoffer_accept", args=[offer.pk])


def decline_url(offer):
    return reverse("admin:news_articleoffer_decline", args=[offer.pk])


def make_offer(platform, source):
    editor = platform.member(EDITOR, platform.commune, "bientap-xa")
    return offer_article(article=source, user=editor, note="Đề nghị đăng")


def test_the_whole_flow_from_a_commune_to_the_province(client, platform, source):
    editor = platform.member(EDITOR, platform.commune, "bientap-xa")
    login_staff(client, editor)
    change = client.get(
        reverse("admin:news_article_change", args=[source.pk]), HTTP_HOST=COMMUNE_HOST
    )
    assert "Gửi lên cổng cấp trên" in change.content.decode()
    assert client.get(offer_url(source), HTTP_HOST=COMMUNE_HOST).status_code == 200
    sent = client.post(offer_url(source), {"note": "Đề nghị đăng"}, HTTP_HOST=COMMUNE_HOST)
    assert sent.status_code == 302
    offer = ArticleOffer.objects.get()
    assert (offer.unit, offer.source_unit, offer.status) == (
        platform.province,
        platform.commune,
        "offered",
    )
    assert offer.source_url == f"http://{COMMUNE_HOST}{source.get_absolute_url()}"

    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    login_staff(client, approver)
    listing = client.get(reverse("admin:news_articleoffer_changelist"), HTTP_HOST=PROVINCE_HOST)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Tin các đơn vị gửi lên" in page or "tin các đơn vị gửi lên" in page
    assert TITLE in page and "Ủy ban nhân dân huyện An Phú" in page
    form = client.get(accept_url(offer), HTTP_HOST=PROVINCE_HOST).content.decode()
    assert "Tin các địa phương" in form and "Tin xã Mẫu" not in form
    accepted = client.post(
        accept_url(offer),
        {"category": platform.province_news.pk, "publish": "on"},
        HTTP_HOST=PROVINCE_HOST,
    )
    assert accepted.status_code == 302

    copy = Article.objects.exclude(pk=source.pk).get()
    assert copy.unit == platform.province and copy.category == platform.province_news
    assert copy.is_published() and copy.title == TITLE and copy.created_by == approver
    assert copy.source == "Ủy ban nhân dân huyện An Phú"
    assert copy.source_url == offer.source_url
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.copy == copy and offer.decided_by == approver
    assert Version.objects.get_for_object(copy).count() == 1
    assert Version.objects.get_for_object(offer).count() == 2  # offered, then accepted
    assert AuditEvent.objects.filter(object_type="news.articleoffer").count() == 2

    public = client.get(copy.get_absolute_url(), HTTP_HOST=PROVINCE_HOST).content.decode()
    link = f'<a href="{offer.source_url}">Ủy ban nhân dân huyện An Phú</a>'
    assert f"Nguồn: {link}" in public
    assert client.get(source.get_absolute_url(), HTTP_HOST=COMMUNE_HOST).status_code == 200


def test_a_province_approver_declines_with_a_note(client, platform, source):
    offer = make_offer(platform, source)
    login_staff(client, platform.member(APPROVER, platform.province, "duyettin-tinh"))
    response = client.post(
        decline_url(offer), {"note": "Đã có tin cùng nội dung"}, HTTP_HOST=PROVINCE_HOST
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.decision_note == "Đã có tin cùng nội dung"
    assert Article.objects.count() == 1
    # A declined article may be offered again.
    assert make_offer(platform, source).status == "offered"


def test_a_decline_without_a_note_is_refused_and_keeps_the_form(client, platform, source):
    offer = make_offer(platform, source)
    login_staff(client, platform.member(APPROVER, platform.province, "duyettin-tinh"))
    response = client.post(decline_url(offer), {"note": "  "}, HTTP_HOST=PROVINCE_HOST)
    assert response.status_code == 400
    assert "Hãy ghi lý do từ chối" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_an_accept_without_a_category_or_with_another_units_is_refused(client, platform, source):
    offer = make_offer(platform, source)
    login_staff(client, platform.member(APPROVER, platform.province, "duyettin-tinh"))
    missing = client.post(accept_url(offer), {"publish": "on"}, HTTP_HOST=PROVINCE_HOST)
    assert missing.status_code == 400
    assert "Hãy chọn chuyên mục" in missing.content.decode()
    foreign = client.post(
        accept_url(offer), {"category": platform.commune_news.pk}, HTTP_HOST=PROVINCE_HOST
    )
    assert foreign.status_code == 400
    assert Article.objects.count() == 1


def test_an_article_is_offered_once_and_only_when_published(client, platform, source):
    login_staff(client, platform.member(EDITOR, platform.commune, "bientap-xa"))
    assert client.post(offer_url(source), {"note": ""}, HTTP_HOST=COMMUNE_HOST).status_code == 302
    sent_page = client.get(
        reverse("admin:news_article_change", args=[source.pk]), HTTP_HOST=COMMUNE_HOST
    ).content.decode()
    assert "Đã gửi lên Tỉnh An Giang" in sent_page and "Gửi lên cổng cấp trên" not in sent_page
    again = client.post(offer_url(source), {"note": "Lần hai"}, HTTP_HOST=COMMUNE_HOST)
    assert again.status_code == 400
    assert "đã được gửi lên Tỉnh An Giang" in again.content.decode()
    assert "Lần hai" in again.content.decode()  # what was typed is kept
    draft = make_article("Tin nháp", category=platform.commune_news, status="draft")
    change = reverse("admin:news_article_change", args=[draft.pk])
    assert (
        "Gửi lên cổng cấp trên" not in client.get(change, HTTP_HOST=COMMUNE_HOST).content.decode()
    )
    refused = client.post(offer_url(draft), {"note": ""}, HTTP_HOST=COMMUNE_HOST)
    assert refused.status_code == 400
    assert "Chỉ gửi được tin đã xuất bản" in refused.content.decode()
    assert ArticleOffer.objects.count() == 1


def test_the_offer_action_sends_the_selected_articles(client, platform, source):
    login_staff(client, platform.member(APPROVER, platform.commune, "duyettin-xa"))
    second = make_article("Tin thứ hai", category=platform.commune_news)
    data = {"action": "offer_selected", "_selected_action": [source.pk, second.pk]}
    response = client.post(reverse("admin:news_article_changelist"), data, HTTP_HOST=COMMUNE_HOST)
    assert response.status_code == 302
    assert set(ArticleOffer.objects.values_list("source", flat=True)) == {source.pk, second.pk}


# --- Refusals: every other role, and staff of other units -----------------------------------

OTHER_ROLES = [HOTLINE_STAFF, PROCEDURE_STAFF, INSPECTOR, UNIT_ADMIN, None]


@pytest.mark.parametrize("role", OTHER_ROLES, ids=[str(r) for r in OTHER_ROLES])
def test_other_roles_of_the_commune_may_not_offer(client, platform, source, role):
    login_staff(client, platform.member(role, platform.commune, "nguoi-khac"))
    assert client.get(offer_url(source), HTTP_HOST=COMMUNE_HOST).status_code == 403
    assert client.post(offer_url(source), {"note": ""}, HTTP_HOST=COMMUNE_HOST).status_code == 403
    assert not ArticleOffer.objects.exists()


def test_another_units_editor_may_not_offer_the_communes_article(client, platform, source):
    login_staff(client, platform.member(EDITOR, platform.other, "bientap-xa-mau"))
    # At the commune's host they hold no role; at their own host the article is not there.
    assert client.post(offer_url(source), {}, HTTP_HOST=COMMUNE_HOST).status_code == 403
    assert client.post(offer_url(source), {}, HTTP_HOST=OTHER_HOST).status_code == 404
    assert not ArticleOffer.objects.exists()


@pytest.mark.parametrize(
    "role", [EDITOR, *OTHER_ROLES], ids=[EDITOR, *[str(r) for r in OTHER_ROLES]]
)
def test_other_roles_of_the_province_may_not_accept_or_decline(client, platform, source, role):
    offer = make_offer(platform, source)
    login_staff(client, platform.member(role, platform.province, "nguoi-khac-tinh"))
    accept = {"category": platform.province_news.pk, "publish": "on"}
    assert client.post(accept_url(offer), accept, HTTP_HOST=PROVINCE_HOST).status_code == 403
    decline = {"note": "Không"}
    assert client.post(decline_url(offer), decline, HTTP_HOST=PROVINCE_HOST).status_code == 403
    offer.refresh_from_db()
    assert offer.status == "offered" and Article.objects.count() == 1


def test_approvers_of_other_units_may_not_accept_or_decline(client, platform, source):
    offer = make_offer(platform, source)
    accept = {"category": platform.province_news.pk}
    # The commune's own approver holds no role at the province.
    login_staff(client, platform.member(APPROVER, platform.commune, "duyettin-xa"))
    assert client.post(accept_url(offer), accept, HTTP_HOST=PROVINCE_HOST).status_code == 403
    # The other commune's approver, at their own host, does not find the province's offer.
    login_staff(client, platform.member(APPROVER, platform.other, "duyettin-xa-mau"))
    assert client.post(accept_url(offer), accept, HTTP_HOST=OTHER_HOST).status_code == 404
    assert client.post(decline_url(offer), {"note": "x"}, HTTP_HOST=OTHER_HOST).status_code == 404
    listing = client.get(reverse("admin:news_articleoffer_changelist"), HTTP_HOST=OTHER_HOST)
    assert TITLE not in listing.content.decode()
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_an_offer_is_decided_once(client, platform, source):
    offer = make_offer(platform, source)
    login_staff(client, platform.member(APPROVER, platform.province, "duyettin-tinh"))
    client.post(decline_url(offer), {"note": "Không phù hợp"}, HTTP_HOST=PROVINCE_HOST)
    again = client.post(
        accept_url(offer), {"category": platform.province_news.pk}, HTTP_HOST=PROVINCE_HOST
    )
    assert again.status_code == 400
    assert "đã được xử lý" in again.content.decode()
    assert Article.objects.count() == 1


# --- The copy's flags when the source changes ----------------------------------------------


@pytest.fixture
def accepted(platform, source):
    offer = make_offer(platform, source)
    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    copy = accept_offer(offer=offer, user=approver, category=platform.province_news, publish=True)
    return offer, copy, approver


def province_article_list(client, approver) -> str:
    """Return the flags shown in the rows of the province's article list, one per line."""
    login_staff(client, approver)
    response = client.get(reverse("admin:news_article_changelist"), HTTP_HOST=PROVINCE_HOST)
    assert response.status_code == 200
    return "\n".join(
        re.findall(r'<span class="shared-flag">([^<]*)</span>', response.content.decode())
    )


def test_a_fresh_copy_names_its_source_in_the_list(client, accepted):
    _offer, _copy, approver = accepted
    assert province_article_list(client, approver) == "Nguồn: Ủy ban nhân dân huyện An Phú"


def test_a_corrected_source_flags_its_copy_until_it_is_refreshed(client, accepted, source):
    offer, copy, approver = accepted
    source.body = "<p>Cầu dài 125 m (đính chính).</p>"
    source.save()
    offer.refresh_from_db()
    assert offer.source_state == "changed"
    assert province_article_list(client, approver) == "Bản gốc đã sửa"

    data = {"action": "refresh_selected", "_selected_action": [copy.pk]}
    response = client.post(reverse("admin:news_article_changelist"), data, HTTP_HOST=PROVINCE_HOST)
    assert response.status_code == 302
    copy.refresh_from_db()
    offer.refresh_from_db()
    assert copy.body == "<p>Cầu dài 125 m (đính chính).</p>" and offer.source_state == "current"
    assert Version.objects.get_for_object(copy).count() == 2
    assert province_article_list(client, approver) == "Nguồn: Ủy ban nhân dân huyện An Phú"


def test_a_source_edited_back_to_what_was_copied_is_current_again(accepted, source):
    offer, _copy, _approver = accepted
    source.title = "Tiêu đề khác"
    source.save()
    source.title = TITLE
    source.save()
    offer.refresh_from_db()
    assert offer.source_state == "current"


def test_an_unpublished_source_flags_its_copy(client, accepted, platform, source):
    offer, copy, approver = accepted
    commune_approver = platform.member(APPROVER, platform.commune, "duyettin-xa")
    login_staff(client, commune_approver)
    data = {"action": "unpublish_selected", "_selected_action": [source.pk]}
    client.post(reverse("admin:news_article_changelist"), data, HTTP_HOST=COMMUNE_HOST)
    source.refresh_from_db()
    assert source.status == "draft"
    offer.refresh_from_db()
    assert offer.source_state == "removed"
    assert province_article_list(client, approver) == "Bản gốc đã gỡ"
    copy.refresh_from_db()
    assert copy.is_published()  # the province decides what to do with its copy


def test_a_deleted_source_flags_its_copy(client, accepted, source):
    offer, _copy, approver = accepted
    source.delete()
    offer.refresh_from_db()
    assert offer.source is None and offer.source_state == "removed"
    assert province_article_list(client, approver) == "Bản gốc đã gỡ"


def test_an_unpublished_source_cannot_be_accepted(platform, source):
    offer = make_offer(platform, source)
    commune_approver = platform.member(APPROVER, platform.commune, "duyettin-xa")
    unpublish_article(article=source, user=commune_approver)
    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Bản gốc đã bị gỡ"):
        accept_offer(offer=offer, user=approver, category=platform.province_news, publish=False)


# --- Images are copied as files ------------------------------------------------------------


def test_the_copy_has_image_files_of_its_own(platform):
    inline_url = store_editor_image(
        file=make_image_file("trong-bai.png", size=(640, 480), fmt="PNG")
    )
    source = make_article(
        TITLE,
        category=platform.commune_news,
        with_cover=True,
        body=f'<p>Ảnh:</p><figure class="image"><img src="{inline_url}" alt="Cầu"></figure>',
    )
    offer = make_offer(platform, source)
    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    copy = accept_offer(offer=offer, user=approver, category=platform.province_news, publish=False)

    assert copy.status == "draft"
    assert copy.cover.name and copy.cover.name != source.cover.name
    assert (copy.cover_width, copy.cover_height) == (1600, 900)
    assert inline_url not in copy.body and 'alt="Cầu"' in copy.body
    copied_inline = copy.body.split('src="')[1].split('"')[0]
    inline_name = copied_inline.removeprefix("/media/")
    # The source's files go; the copy's stay and are still real images.
    default_storage.delete(source.cover.name)
    default_storage.delete(inline_url.removeprefix("/media/"))
    with default_storage.open(copy.cover.name) as stored, Image.open(stored) as image:
        assert image.size == (1600, 900)
    with default_storage.open(inline_name) as stored, Image.open(stored) as image:
        assert image.size == (640, 480) and image.format == "PNG"


# --- Query budgets -------------------------------------------------------------------------


def make_offers(platform, count):
    editor = platform.member(EDITOR, platform.commune, f"bientap-{count}")
    for number in range(count):
        article = make_article(f"Tin số {number}", category=platform.commune_news)
        offer_article(article=article, user=editor)


@pytest.mark.parametrize("count", [3, 30])
def test_the_offers_list_costs_the_same_for_3_or_30_offers(
    client, platform, count, django_assert_max_num_queries
):
    make_offers(platform, count)
    login_staff(client, platform.member(APPROVER, platform.province, "duyettin-tinh"))
    url = reverse("admin:news_articleoffer_changelist")
    client.get(url, HTTP_HOST=PROVINCE_HOST)  # warm the unit map and session
    with django_assert_max_num_queries(12):
        response = client.get(url, HTTP_HOST=PROVINCE_HOST)
    assert response.content.decode().count("Tin số") >= count


@pytest.mark.parametrize("count", [2, 20])
def test_the_flags_in_the_article_list_cost_no_query_per_row(
    client, platform, count, django_assert_max_num_queries
):
    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    make_offers(platform, count)
    for offer in ArticleOffer.objects.all():
        accept_offer(offer=offer, user=approver, category=platform.province_news, publish=True)
    login_staff(client, approver)
    url = reverse("admin:news_article_changelist")
    client.get(url, HTTP_HOST=PROVINCE_HOST)
    with django_assert_max_num_queries(15):
        response = client.get(url, HTTP_HOST=PROVINCE_HOST)
    flag = '<span class="shared-flag">Nguồn: Ủy ban nhân dân huyện An Phú</span>'
    assert response.content.decode().count(flag) == count


# --- Language: the new pages are Vietnamese ----------------------------------------------


def test_the_sharing_pages_show_no_english(client, accepted, platform, source):
    from tests.portal.admin_pages import english_in, english_patterns

    patterns = english_patterns()
    offer, copy, approver = accepted
    waiting = make_offer(platform, make_article("Tin chờ nhận", category=platform.commune_news))
    login_staff(client, platform.member(EDITOR, platform.commune, "bientap-xa"))
    pages = {
        COMMUNE_HOST: [
            reverse("admin:news_article_change", args=[source.pk]),
            offer_url(make_article("Tin chưa gửi", category=platform.commune_news)),
        ]
    }
    found = {}
    for url in pages[COMMUNE_HOST]:
        response = client.get(url, HTTP_HOST=COMMUNE_HOST)
        assert response.status_code == 200, url
        found[url] = english_in(response.content.decode(), patterns)
    login_staff(client, approver)
    for url in [
        reverse("admin:news_articleoffer_changelist"),
        reverse("admin:news_articleoffer_change", args=[offer.pk]),
        reverse("admin:news_articleoffer_change", args=[waiting.pk]),
        reverse("admin:news_articleoffer_history", args=[offer.pk]),
        accept_url(waiting),
        decline_url(waiting),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_change", args=[copy.pk]),
    ]:
        response = client.get(url, HTTP_HOST=PROVINCE_HOST)
        assert response.status_code == 200, url
        found[url] = english_in(response.content.decode(), patterns)
    assert {url: texts for url, texts in found.items() if texts} == {}
    waiting_page = client.get(
        reverse("admin:news_articleoffer_change", args=[waiting.pk]), HTTP_HOST=PROVINCE_HOST
    ).content.decode()
    assert "Nhận tin" in waiting_page and "Từ chối" in waiting_page


def test_the_commune_reads_what_became_of_its_offer(client, platform, source):
    offer = make_offer(platform, source)
    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    from news.workflow import decline_offer

    decline_offer(offer=offer, user=approver, note="Đã có tin cùng nội dung")
    login_staff(client, platform.member(EDITOR, platform.commune, "bientap-xa"))
    change = reverse("admin:news_article_change", args=[source.pk])
    page = client.get(change, HTTP_HOST=COMMUNE_HOST).content.decode()
    assert "Đã gửi lên Tỉnh An Giang" in page and "đã từ chối" in page
    assert "Đã có tin cùng nội dung" in page


def test_a_flagged_copy_is_refreshed_from_its_change_form(client, accepted, source):
    offer, copy, approver = accepted
    source.title = "Xã An Phú khánh thành cầu Long Bình (cập nhật)"
    source.save()
    login_staff(client, approver)
    change = reverse("admin:news_article_change", args=[copy.pk])
    page = client.get(change, HTTP_HOST=PROVINCE_HOST).content.decode()
    assert "Cập nhật theo bản gốc" in page and "bản gốc đã sửa" in page
    refresh = reverse("admin:news_article_refresh", args=[copy.pk])
    assert client.get(refresh, HTTP_HOST=PROVINCE_HOST).status_code == 200
    assert client.post(refresh, {}, HTTP_HOST=PROVINCE_HOST).status_code == 302
    copy.refresh_from_db()
    assert copy.title == source.title
    flagged = client.get(
        reverse("admin:news_article_changelist") + "?shared_from__source_state__exact=changed",
        HTTP_HOST=PROVINCE_HOST,
    )
    assert flagged.status_code == 200 and source.title not in flagged.content.decode()


@pytest.mark.parametrize(
    "role", [EDITOR, *OTHER_ROLES], ids=[EDITOR, *[str(r) for r in OTHER_ROLES]]
)
def test_other_roles_of_the_province_may_not_refresh_a_copy(
    client, accepted, platform, source, role
):
    _offer, copy, _approver = accepted
    source.title = "Tiêu đề đã sửa"
    source.save()
    login_staff(client, platform.member(role, platform.province, "nguoi-khac-tinh"))
    refresh = reverse("admin:news_article_refresh", args=[copy.pk])
    assert client.post(refresh, {}, HTTP_HOST=PROVINCE_HOST).status_code == 403
    data = {"action": "refresh_selected", "_selected_action": [copy.pk]}
    client.post(reverse("admin:news_article_changelist"), data, HTTP_HOST=PROVINCE_HOST)
    copy.refresh_from_db()
    assert copy.title == TITLE


def test_a_copy_is_not_refreshed_from_another_units_host(client, accepted, platform, source):
    _offer, copy, _approver = accepted
    source.title = "Tiêu đề đã sửa"
    source.save()
    login_staff(client, platform.member(APPROVER, platform.other, "duyettin-xa-mau"))
    refresh = reverse("admin:news_article_refresh", args=[copy.pk])
    assert client.post(refresh, {}, HTTP_HOST=OTHER_HOST).status_code == 404
    copy.refresh_from_db()
    assert copy.title == TITLE


def test_an_offer_read_before_another_approver_decided_is_not_decided_again(platform, source):
    from django.core.exceptions import ValidationError

    from news.workflow import decline_offer

    offer = make_offer(platform, source)
    read_earlier = ArticleOffer.objects.get(pk=offer.pk)
    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    decline_offer(offer=offer, user=approver, note="Không phù hợp")
    with pytest.raises(ValidationError, match="đã được xử lý"):
        accept_offer(
            offer=read_earlier, user=approver, category=platform.province_news, publish=True
        )
    assert Article.objects.count() == 1
    assert ArticleOffer.objects.get().status == "declined"


def test_a_published_copy_reaches_the_provinces_cached_news_list(client, platform, source):
    before = client.get("/tin-tuc/", HTTP_HOST=PROVINCE_HOST).content.decode()
    assert TITLE not in before
    offer = make_offer(platform, source)
    approver = platform.member(APPROVER, platform.province, "duyettin-tinh")
    accept_offer(offer=offer, user=approver, category=platform.province_news, publish=True)
    after = client.get("/tin-tuc/", HTTP_HOST=PROVINCE_HOST).content.decode()
    assert TITLE in after
    assert TITLE not in client.get("/tin-tuc/", HTTP_HOST=OTHER_HOST).content.decode()


def test_an_archived_units_article_is_not_offered(client, platform, source):
    Unit.objects.filter(pk=platform.commune.pk).update(archived=True)
    from anphu_portal.models import forget_units

    forget_units()
    login_staff(client, platform.member(EDITOR, platform.commune, "bientap-xa"))
    assert client.post(offer_url(source), {"note": ""}, HTTP_HOST=COMMUNE_HOST).status_code == 403
    assert not ArticleOffer.objects.exists()
