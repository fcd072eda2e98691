"""Models and querysets of the procedure catalogue, split by topic."""

from procedures.models.catalogue import (
    SHORT_SERVICE_LEVELS,
    UNKNOWN_SERVICE_LEVEL,
    Agency,
    Level,
    NationalLevel,
    Procedure,
    ProcedureType,
    Sector,
    ServiceLevel,
)
from procedures.models.parts import LegalBasis, ProcedureAgency, ProcedureChannel, RequiredDocument
from procedures.models.querysets import CODE_PATTERN, LIST_ORDER, ProcedureQuerySet
from procedures.models.unit_scope import UnitProcedureDetail, UnitProcedureScope

__all__ = [
    "CODE_PATTERN",
    "LIST_ORDER",
    "SHORT_SERVICE_LEVELS",
    "UNKNOWN_SERVICE_LEVEL",
    "Agency",
    "LegalBasis",
    "Level",
    "NationalLevel",
    "Procedure",
    "ProcedureAgency",
    "ProcedureChannel",
    "ProcedureQuerySet",
    "ProcedureType",
    "RequiredDocument",
    "Sector",
    "ServiceLevel",
    "UnitProcedureDetail",
    "UnitProcedureScope",
]
