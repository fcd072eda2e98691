"""Stamp every revision with the units of the rows it saves, and find versions by stamp.

The stamp is written by a `post_revision_commit` receiver rather than `reversion.add_meta`
in each revision block: the receiver sees every revision, whoever opens it (the admin,
the workflow functions, the demo and import commands, a test), and derives the unit from
the rows themselves, so a row saved at another unit's host (an offer the province
receives) is stamped with the unit it belongs to, and the shared catalogue with none.

Revisions saved before the stamp existed carry none; for them the admin falls back to
reading the unit from each version's stored data (`stored_in_unit` below).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Cast
from reversion.models import Revision, Version
from reversion.signals import post_revision_commit

from anphu_portal.models import RevisionUnit


def has_unit(model) -> bool:
    """Return whether rows of this model belong to a unit (a `unit` foreign key)."""
    return any(field.name == "unit" for field in model._meta.concrete_fields)


def unit_path_of(model) -> str | None:
    """Return the lookup from a row to its unit ("unit", "group__unit"), None when shared."""
    path = getattr(model._default_manager.get_queryset(), "unit_path", None)
    return path or ("unit" if has_unit(model) else None)


def units_of_versions(versions) -> set[int]:
    """Return the ids of the units whose rows the versions hold: one query per model."""
    object_ids = defaultdict(set)
    for version in versions:
        object_ids[version._model, version.db].add(version.object_id)
    units = set()
    for (model, db), ids in object_ids.items():
        path = unit_path_of(model) if model is not None else None
        if path is not None:
            rows = model._base_manager.using(db).filter(pk__in=ids)
            units.update(rows.values_list(path, flat=True).distinct())
    units.discard(None)
    return units


def stamp_revision(sender, revision, versions, **kwargs) -> None:
    """Record the units of a revision's rows, in the revision's own transaction."""
    units = units_of_versions(versions)
    if units:
        RevisionUnit.objects.using(revision._state.db).bulk_create(
            RevisionUnit(revision=revision, unit_id=unit_id) for unit_id in sorted(units)
        )


def connect() -> None:
    post_revision_commit.connect(stamp_revision, dispatch_uid="anphu_portal.revision_units")


# --- Reading: versions by stamp ----------------------------------------------------------


def stored_in_unit(version: Version, path: str, unit) -> bool:
    """Return whether a version's stored data puts its row in `unit`, along `path`.

    Only for what the stamps cannot tell: a revision saved before they existed, or one
    holding rows of several units. Reads (deserializes) the version: slow in bulk.
    """
    field, _, rest = path.partition("__")
    value = version.field_dict.get(f"{field}_id", version.field_dict.get(field))
    if not rest:
        return value == unit.pk
    related = version._model._meta.get_field(field).related_model
    return related._default_manager.filter(pk=value, **{rest: unit}).exists()


def stamped_with(unit) -> Exists:
    """Return a condition on versions: their revision is stamped with `unit`."""
    return Exists(RevisionUnit.objects.filter(revision=OuterRef("revision"), unit=unit))


def unstamped() -> Exists:
    """Return a condition on versions: their revision carries no stamp (saved before them)."""
    return ~Exists(RevisionUnit.objects.filter(revision=OuterRef("revision")))


def shared_with_another_unit(unit) -> Exists:
    """Return a condition on versions: their revision also holds rows of another unit."""
    others = RevisionUnit.objects.filter(revision=OuterRef("revision")).exclude(unit=unit)
    return Exists(others)


def latest_of_deleted_rows(versions: QuerySet, model) -> QuerySet:
    """Keep the versions that are their row's last one, of rows that no longer exist."""
    later = Version.objects.filter(
        content_type=OuterRef("content_type"),
        db=OuterRef("db"),
        object_id=OuterRef("object_id"),
        revision_id__gt=OuterRef("revision_id"),  # the unique index's last column
    )
    live = model._base_manager.filter(pk=Cast(OuterRef("object_id"), model._meta.pk))
    return versions.exclude(Exists(later)).exclude(Exists(live))


def versions_of_model(model) -> QuerySet:
    """Return a model's versions, with no index on the model for the planner to start from.

    Otherwise SQLite walks every version of the model (its content-type index) and tests
    each against the unit's revisions (EXPLAIN shows the content-type index chosen even
    after ANALYZE); `+ 0` makes it start from the revisions instead. With it the default
    unit's recover list costs the same at 200 and 2,000 versions of another unit
    (bench/bench_recover_list.py).
    The database alias is left out for the same reason (one database: always "default").
    """
    content_type = ContentType.objects.db_manager(DEFAULT_DB_ALIAS).get_for_model(model)
    versions = Version.objects.annotate(model_key=F("content_type_id") + 0)
    return versions.filter(model_key=content_type.pk)


def deleted_versions_of_unit(model, unit) -> QuerySet:
    """Return the last versions of a unit's deleted rows, `shared` marking mixed revisions.

    Starts from the unit's stamps, so its cost does not grow with other units' history.
    """
    revisions = RevisionUnit.objects.filter(unit=unit).values("revision_id")
    versions = versions_of_model(model).filter(revision_id__in=revisions)
    versions = versions.annotate(shared=shared_with_another_unit(unit))
    return latest_of_deleted_rows(versions, model)


def unstamped_deleted_versions(model) -> QuerySet:
    """Return the last versions of deleted rows saved before revisions were stamped.

    Every revision of a unit's rows is stamped since the stamps exist, so the unstamped
    ones all come before the first stamp: the range keeps the scan to that old history.
    """
    first = RevisionUnit.objects.order_by("revision_id").values_list("revision_id", flat=True)
    first = first.first()
    if first is None:
        return latest_of_deleted_rows(versions_of_model(model).filter(unstamped()), model)
    # An IN over the old revisions, which SQLite walks by index (a range it would scan).
    revisions = Revision.objects.filter(pk__lt=first).values("pk")
    versions = versions_of_model(model).filter(revision_id__in=revisions).filter(unstamped())
    return latest_of_deleted_rows(versions, model)
