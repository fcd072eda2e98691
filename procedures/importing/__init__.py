"""Import procedures given in the shape of the national database's package (gói tin).

`readers` turns a JSON, XLSX or CSV file into rows, `national` checks and normalises one
row, and `writing.import_procedures` is the one write path used by the command, the admin
upload, the demo and the tests.
"""

from procedures.importing.readers import ProcedureFile, UnreadableFile, read_procedure_file
from procedures.importing.writing import ImportReport, RejectedRow, import_procedures

__all__ = [
    "ImportReport",
    "ProcedureFile",
    "RejectedRow",
    "UnreadableFile",
    "import_procedures",
    "read_procedure_file",
]
