"""Plain factory functions shared by the tests of every app."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PASSWORD = "test-password-123"


def make_staff_user(role: str | None = None, *, username: str | None = None, superuser=False):
    """Create a staff user in the given role (a group name of anphu_portal.roles)."""
    User = get_user_model()
    username = username or f"user{User.objects.count() + 1}"
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_image_file(name="anh.jpg", *, size=(1600, 900), color=(30, 110, 170), fmt="JPEG"):
    """Return an uploaded file holding a real image drawn with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


# --- hotline ---


def make_contact_group(name="Đường dây nóng huyện An Phú", **fields):
    """Create a contact group; shown in the sidebar unless told otherwise."""
    from django.utils.text import slugify

    from anphu_portal.folding import fold
    from hotline.models import ContactGroup

    defaults = {"slug": slugify(fold(name)), "kind": "hotline", "show_in_sidebar": True}
    return ContactGroup.objects.create(name=name, **{**defaults, **fields})


def make_contact(group=None, **fields):
    """Create an active contact (phones as digits separated by commas) in a group."""
    from hotline.models import Contact

    defaults = {
        "name": "Ông Huỳnh Hưng Thượng",
        "title": "Chánh văn phòng HĐND và UBND huyện",
        "organization": "Văn phòng HĐND và UBND huyện An Phú",
        "phones": "0919272108",
        "email": "hhthuong@angiang.gov.vn",
    }
    return Contact.objects.create(group=group or make_contact_group(), **{**defaults, **fields})


# --- news ---


def make_category(name: str = "Tin tức - Sự kiện", **fields):
    """Create a news category; the slug is derived from the name."""
    from news.models import Category, ascii_slug

    fields.setdefault("slug", ascii_slug(name))
    return Category.objects.create(name=name, **fields)


def make_article(
    title: str = "Huyện An Phú ra quân mùa khô",
    *,
    category=None,
    status: str = "published",
    publish_at=None,
    with_cover: bool = False,
    **fields,
):
    """Create an article; a published one is due an hour ago unless publish_at says otherwise."""
    from datetime import timedelta

    from django.utils import timezone

    from news.models import Article, Category

    if category is None:
        category = Category.objects.first() or make_category()
    if publish_at is None and status == Article.Status.PUBLISHED:
        publish_at = timezone.now() - timedelta(hours=1)
    fields.setdefault("summary", f"Tóm tắt của tin “{title}”.")
    fields.setdefault("body", "<p>Nội dung tin bài.</p>")
    article = Article(
        title=title, category=category, status=status, publish_at=publish_at, **fields
    )
    if with_cover:
        article.cover = make_image_file("bia.jpg", size=(1600, 900))
        article.cover_alt = fields.get("cover_alt") or f"Ảnh của tin {title}"
    article.save()
    return article
