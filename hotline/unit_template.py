"""The hotline group a new unit starts with."""

from hotline.models import ContactGroup


def create_default_hotline_group(*, unit) -> None:
    """Give a new unit an empty hotline group, to fill before it shows in the sidebar."""
    ContactGroup.objects.get_or_create(
        unit=unit,
        slug="duong-day-nong",
        defaults={
            "name": f"Đường dây nóng {unit.unit_name}",
            "kind": ContactGroup.Kind.HOTLINE,
            "show_in_sidebar": True,
            "sidebar_title": "Thông tin đường dây nóng",
        },
    )
