"""Plain factory functions of the organization tests."""

import datetime

from anphu_portal.models import Unit
from organization.models import Body, Page, Person, ScheduleEntry


def make_page(title="Tổng quan", *, unit=None, **fields):
    return Page.objects.create(unit=unit or Unit.load(), title=title, **fields)


def make_body(name="Lãnh đạo UBND huyện", *, unit=None, **fields):
    defaults = {"kind": Body.Kind.COMMITTEE}
    return Body.objects.create(unit=unit or Unit.load(), name=name, **{**defaults, **fields})


def make_person(name="Ông Nguyễn Văn Nông", *, body=None, **fields):
    body = body or make_body()
    defaults = {
        "title": "Phó Chủ tịch UBND huyện",
        "portfolio": "Nông nghiệp, tài nguyên và môi trường",
        "phones": "0918123456",
    }
    return Person.objects.create(
        unit_id=body.unit_id, body=body, name=name, **{**defaults, **fields}
    )


def make_entry(date: datetime.date, *, unit=None, start="07:30", leaders=(), **fields):
    hours, minutes = map(int, start.split(":"))
    entry = ScheduleEntry.objects.create(
        unit=unit or Unit.load(),
        date=date,
        start_time=datetime.time(hours, minutes),
        content=fields.pop("content", "Họp giao ban"),
        **fields,
    )
    entry.leaders.set(leaders)
    return entry
