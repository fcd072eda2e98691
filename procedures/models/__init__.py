"""Models of the procedure catalogue, split by topic: catalogue, form files, import."""

from procedures.models.catalogue import (
    LEVELS,
    SERVICE_LEVELS,
    Agency,
    LegalBasis,
    Procedure,
    ProcedureChannel,
    ProcedureQuerySet,
    RequiredDocument,
    Sector,
    split_steps,
)
from procedures.models.form_files import download_name, validate_form_file
from procedures.models.importing import ImportReport, RejectedRow, import_procedures
from procedures.models.sources import ProcedureFile, UnreadableFile, read_procedure_file

__all__ = [
    "LEVELS",
    "SERVICE_LEVELS",
    "Agency",
    "ImportReport",
    "LegalBasis",
    "Procedure",
    "ProcedureChannel",
    "ProcedureQuerySet",
    "ProcedureFile",
    "RejectedRow",
    "RequiredDocument",
    "Sector",
    "UnreadableFile",
    "download_name",
    "import_procedures",
    "read_procedure_file",
    "split_steps",
    "validate_form_file",
]
