"""What every public page shows from this app: the menu's pages, the banners, the links.

One cache entry per unit and version of the organization section holds all three (three queries when a
version changes, none after; every page shows them, so each query counts on every
page's budget), so the header, the banner and the footer cost nothing on
most pages. Banners are kept with their times and filtered by the clock on each render:
the cached list stays right until the next edit, which changes the version.
"""

import datetime

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from anphu_portal.caching import (
    bump_content_version,
    bump_unit_version,
    keep,
    kept,
    per_request,
    versioned_key,
)
from anphu_portal.current_unit import current_unit
from anphu_portal.models import Unit
from organization.models import Banner, Link, Page

CHROME_SECONDS = 24 * 3600


def unit_chrome(unit=None) -> dict:
    """Return {"menu": top pages with `menu_children`, "banners": not ended, "links"}."""
    unit = unit if unit is not None else current_unit()

    def read():
        # Its pages and links are of the organization section; a banner's save is a hard
        # bump, in every key. Another section's edit leaves it (3 queries) in the cache.
        key = chrome_key()
        chrome = kept(key)
        if chrome is None:
            chrome = load_chrome(unit)
            keep(key, chrome, CHROME_SECONDS)
        return chrome

    # The header, the banner, the footer and the page cache's deadline all ask: one read.
    return per_request(f"organization-chrome:{getattr(unit, 'pk', None)}", read)


def chrome_key() -> str:
    """Return the cache key of the current unit's chrome (read with the page's layout)."""
    return versioned_key("organization-chrome", sections=("organization",))


def load_chrome(unit) -> dict:
    """Read the chrome in three queries: the pages (as a tree in Python), banners, links."""
    pages = list(Page.objects.for_unit(unit).published().defer("body", "search_text"))
    for page in pages:
        page.menu_children = [child for child in pages if child.parent_id == page.pk]
    return {
        "menu": [page for page in pages if page.parent_id is None],
        "banners": list(Banner.objects.reaching(unit).not_ended(timezone.now())),
        "links": list(Link.objects.for_unit(unit).active()),
    }


def shown_banners(now: datetime.datetime | None = None) -> list[Banner]:
    """Return the current unit's banners shown at this moment, the most urgent first."""
    now = now or timezone.now()
    banners = [banner for banner in unit_chrome()["banners"] if banner.is_shown(now)]
    urgency = {Banner.Level.EMERGENCY: 0, Banner.Level.WARNING: 1, Banner.Level.INFO: 2}
    return sorted(banners, key=lambda banner: (urgency[banner.level], banner.starts_at))


def next_banner_change(unit_id, now: datetime.datetime) -> datetime.datetime | None:
    """Return when a banner of the unit next starts or ends (the page cache's deadline)."""
    if unit_id is None:
        return None
    moments = []
    for banner in unit_chrome()["banners"]:
        moments += [moment for moment in (banner.starts_at, banner.ends_at) if moment > now]
    return min(moments, default=None)


def bump_for_banner(sender, instance=None, **kwargs) -> None:
    """End the cached pages a banner reaches: its unit's, or every unit's for the province's."""
    if instance is None or not isinstance(instance, Banner):
        bump_content_version()
        return
    level = Unit.objects.filter(pk=instance.unit_id).values_list("level", flat=True).first()
    if level == Unit.Level.PROVINCE:
        bump_content_version()
    else:
        bump_unit_version(instance.unit_id)


def connect_banner_invalidation() -> None:
    post_save.connect(bump_for_banner, sender=Banner, dispatch_uid="organization.banner.save")
    post_delete.connect(bump_for_banner, sender=Banner, dispatch_uid="organization.banner.delete")
    m2m_changed.connect(
        bump_for_banner,
        sender=Banner.target_units.through,
        dispatch_uid="organization.banner.units",
    )


def next_midnight(unit_id, now: datetime.datetime) -> datetime.datetime:
    """Return the next local midnight: the schedule's "today" and its week change then."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def generated_pages_missing(menu: list[Page]) -> list[tuple[str, str]]:
    """Return (title, url) of the generated pages no menu page introduces, to list them too."""
    from django.urls import reverse

    from organization.models.pages import GENERATED_SLUGS

    present = {page.slug for page in menu} | {
        child.slug for page in menu for child in page.menu_children
    }
    titles = {"lanh-dao": "Lãnh đạo", "co-cau-to-chuc": "Cơ cấu tổ chức"}
    return [
        (titles[slug], reverse(name))
        for slug, name in GENERATED_SLUGS.items()
        if slug not in present
    ]
