"""Models and querysets of the procedure catalogue, split by topic."""

from procedures.models.catalogue import (
    LEVELS,
    PROCEDURE_TYPES,
    SERVICE_LEVELS,
    SHORT_SERVICE_LEVELS,
    Agency,
    Level,
    Procedure,
    Sector,
)
from procedures.models.parts import LegalBasis, ProcedureAgency, ProcedureChannel, RequiredDocument
from procedures.models.querysets import CODE_PATTERN, ProcedureQuerySet
from procedures.models.unit_scope import UnitProcedureDetail, UnitProcedureScope

__all__ = [
    "CODE_PATTERN",
    "LEVELS",
    "PROCEDURE_TYPES",
    "SERVICE_LEVELS",
    "SHORT_SERVICE_LEVELS",
    "Agency",
    "LegalBasis",
    "Level",
    "Procedure",
    "ProcedureAgency",
    "ProcedureChannel",
    "ProcedureQuerySet",
    "RequiredDocument",
    "Sector",
    "UnitProcedureDetail",
    "UnitProcedureScope",
]
