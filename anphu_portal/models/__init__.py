"""Portal-wide models: the units served by the portal, visitor statistics, the audit trail,
and the limits on what anonymous visitors may send."""

from anphu_portal.models.audit import AuditEvent
from anphu_portal.models.limits import RateLimitCounter
from anphu_portal.models.revisions import RevisionUnit
from anphu_portal.models.units import (
    AN_PHU,
    UNIT_MAP_CACHE_KEY,
    Membership,
    Unit,
    UnitContentQuerySet,
    UnitHost,
    default_unit_id,
    forget_units,
    unit_map,
)
from anphu_portal.models.visits import (
    ONLINE_WINDOW,
    VISIT_GAP,
    VISITOR_FIGURES_CACHE_SECONDS,
    ArticleViewOfDay,
    DailyVisitStats,
    RecentVisitor,
    VisitCountFlush,
    local_date,
    record_page_view,
    visitor_figures,
    visitor_hash,
)

__all__ = [
    "AN_PHU",
    "ONLINE_WINDOW",
    "UNIT_MAP_CACHE_KEY",
    "VISIT_GAP",
    "VISITOR_FIGURES_CACHE_SECONDS",
    "ArticleViewOfDay",
    "AuditEvent",
    "DailyVisitStats",
    "Membership",
    "RateLimitCounter",
    "RecentVisitor",
    "RevisionUnit",
    "Unit",
    "UnitContentQuerySet",
    "UnitHost",
    "VisitCountFlush",
    "default_unit_id",
    "forget_units",
    "local_date",
    "record_page_view",
    "unit_map",
    "visitor_figures",
    "visitor_hash",
]
