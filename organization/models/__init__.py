"""Models of the organization app: pages, leaders, schedule, banners, links, English page."""

from organization.models.notices import Banner, EnglishPage, Link
from organization.models.pages import Page
from organization.models.people import Body, Person
from organization.models.schedule import ScheduleEntry, SignedSchedule

__all__ = [
    "Banner",
    "Body",
    "EnglishPage",
    "Link",
    "Page",
    "Person",
    "ScheduleEntry",
    "SignedSchedule",
]
