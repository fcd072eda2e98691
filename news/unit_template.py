"""The news categories a new unit starts with."""

from news.models import Category

DEFAULT_CATEGORIES = [
    ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
    ("Thông báo", "thong-bao"),
    ("Cải cách hành chính", "cai-cach-hanh-chinh"),
]


def create_default_categories(*, unit) -> None:
    """Give a new unit the default categories, shown on its home page."""
    for position, (name, slug) in enumerate(DEFAULT_CATEGORIES, 1):
        Category.objects.get_or_create(
            unit=unit, slug=slug, defaults={"name": name, "position": position}
        )
