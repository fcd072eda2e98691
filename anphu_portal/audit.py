"""The one way to write the audit trail (`AuditEvent`)."""

from __future__ import annotations

import calendar
import ipaddress
import logging
from datetime import datetime

from django.db import models
from django.utils import timezone

from anphu_portal.current_unit import current_unit
from anphu_portal.middleware import client_ip
from anphu_portal.models import AuditEvent

logger = logging.getLogger(__name__)

Action = AuditEvent.Action


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def record_event(
    *,
    action: str,
    actor=None,
    request=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    detail: str = "",
) -> AuditEvent:
    """Write one audit entry: who did `action` to which object, when and from where.

    Callers pass the object (or its type, id and label), never personal-data values:
    `detail` is for facts such as "phiên bản 12" or "3 dòng bị từ chối".
    """
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk or "")
        object_label = object_label or str(obj)
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_label=object_label[:300],
        detail=detail[:500],
        ip_address=_valid_ip(client_ip(request)) if request is not None else None,
        unit=current_unit(),
    )


def months_before(moment: datetime, months: int) -> datetime:
    """Return the same day and time `months` calendar months earlier (31 March → 28/29 Feb)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def prune_events(*, older_than_months: int, now: datetime | None = None) -> int:
    """Delete the entries older than `older_than_months` months and return how many went.

    The deletion itself is recorded, so the trail shows when it was shortened.
    """
    cutoff = months_before(timezone.localtime(now or timezone.now()), older_than_months)
    deleted, _ = AuditEvent.objects.filter(created_at__lt=cutoff).delete()
    if deleted:
        record_event(
            action=Action.DELETE,
            object_type=AuditEvent._meta.label_lower,
            object_label=AuditEvent._meta.verbose_name,
            detail=f"Xóa {deleted} mục cũ hơn {older_than_months} tháng",
        )
    return deleted
