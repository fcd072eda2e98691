"""Units come and go: create one from the template, or many from a CSV file."""

import csv
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from anphu_portal.models import Membership, Unit, UnitHost
from anphu_portal.registry import portal
from anphu_portal.units import serving_unit

CSV_COLUMNS = ["slug", "name", "host", "level", "parent"]


@dataclass
class UnitRow:
    slug: str
    name: str
    host: str = ""
    level: str = Unit.Level.COMMUNE
    parent: str = ""


@transaction.atomic
def create_unit(*, row: UnitRow, memberships: list[tuple] = ()) -> Unit:
    """Create a unit with its host, each app's starting content and the given (user, role)."""
    parent = Unit.objects.get(slug=row.parent) if row.parent else Unit.default().parent
    unit = Unit.objects.create(
        slug=row.slug,
        unit_name=row.name,
        level=row.level or Unit.Level.COMMUNE,
        parent=parent,
        portal_title=f"Cổng thông tin điện tử {row.name}",
    )
    if row.host:
        UnitHost.objects.create(unit=unit, host=row.host)
    give_starting_content(unit=unit)
    for user, role_name in memberships:
        Membership.objects.create(user=user, unit=unit, role=Group.objects.get(name=role_name))
    return unit


def give_starting_content(*, unit: Unit) -> None:
    """Run each app's template for a new unit: default categories, hotline group."""
    with serving_unit(unit):
        for create_content in portal.unit_templates.values():
            create_content(unit=unit)


def read_unit_rows(stream) -> list[UnitRow]:
    """Return the rows of a CSV with the columns slug, name, host, level, parent."""
    reader = csv.DictReader(stream)
    missing = {"slug", "name"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"Tệp CSV thiếu cột: {', '.join(sorted(missing))}.")
    return [
        UnitRow(**{key: (line.get(key) or "").strip() for key in CSV_COLUMNS}) for line in reader
    ]
