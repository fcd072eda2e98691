"""Write checked rows: `import_procedures`, the one write path of the catalogue's import.

Each row is checked and normalised, then written in its own atomic block, so a rejected
row never leaves half a procedure.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction
from django.db.models import Q

from anphu_portal.audit import record_event
from anphu_portal.models import AuditEvent
from procedures.importing.national import RowError, fingerprint, normalize_row
from procedures.models import (
    Agency,
    LegalBasis,
    Level,
    Procedure,
    ProcedureAgency,
    ProcedureChannel,
    RequiredDocument,
    Sector,
)

SCALAR_FIELDS = [
    "name",
    "issuing_body",
    "decision_number",
    "decision_summary",
    "procedure_type",
    "steps",
    "subjects",
    "competent_authorities",
    "receiving_address",
    "authorized_agencies",
    "coordinating_agencies",
    "results",
    "requirements",
    "keywords",
    "description",
    "service_level",
    "online_url",
]


@dataclass
class RejectedRow:
    """A row left out (or, among warnings, a row imported with an odd value)."""

    position: int
    code: str
    reason: str
    # The national key at fault, named in the file's own language by the report.
    key: str = ""


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run), row by row."""

    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[RejectedRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.rejected)

    def audit_detail(self) -> str:
        """Return the counts for the audit trail (codes only, no personal data)."""
        imported = len(self.created) + len(self.updated)
        return (
            f"{imported} thủ tục được nhập (tạo mới {len(self.created)}, cập nhật "
            f"{len(self.updated)}), không đổi {len(self.unchanged)}, "
            f"bị từ chối {len(self.rejected)}."
        )

    @property
    def exit_status(self) -> int:
        """Return 0 when every row was imported, 2 when some were rejected."""
        return 2 if self.rejected else 0

    def summary(self) -> str:
        prefix = "Chạy thử, không ghi gì. " if self.dry_run else ""
        return (
            f"{prefix}Tổng {self.total} dòng: tạo mới {len(self.created)}, "
            f"cập nhật {len(self.updated)}, không đổi {len(self.unchanged)}, "
            f"bị từ chối {len(self.rejected)}, cảnh báo {len(self.warnings)}."
        )


class Lookups:
    """Sectors, agencies and levels met during one import, so each is read or created once."""

    def __init__(self):
        self.known: dict = {}
        self.pending: dict = {}
        self.levels: dict[str, Level] = {}
        # (model, slug) -> how many written rows used each spelling.
        self.spellings: dict = {}
        self.pending_spellings: list = []

    def level(self, slug: str) -> Level:
        """Return the level of the national list with this URL value."""
        if slug not in self.levels:
            self.levels[slug] = Level.national(slug)
        return self.levels[slug]

    def get(self, model, name: str):
        """Return the sector or agency of that name (matched by its ASCII slug), creating it."""
        key = (model, model.slug_for(name))
        entry = self.known.get(key) or self.pending.get(key)
        if entry is None:
            # Staff may have changed the slug in admin: the name still finds the entry.
            entry = model.objects.filter(Q(slug=key[1]) | Q(name=name)).first()
            entry = entry or model.objects.create(slug=key[1], name=name)
            self.pending[key] = entry
        self.pending_spellings.append((key, name))
        return entry

    def keep(self) -> None:
        """Remember the entries and spellings of a row that was written."""
        self.known.update(self.pending)
        self.pending.clear()
        for key, name in self.pending_spellings:
            counts = self.spellings.setdefault(key, {})
            counts[name] = counts.get(name, 0) + 1
        self.pending_spellings.clear()

    def forget(self) -> None:
        """Drop the entries of a row that was rolled back."""
        self.pending.clear()
        self.pending_spellings.clear()
        self.levels.clear()

    def settle_names(self) -> None:
        """Show each entry under the spelling most rows used; keep the others as aliases."""
        for key, counts in self.spellings.items():
            entry = self.known[key]
            chosen = entry.name
            if not entry.name_edited:
                # Ties go to the spelling met first, as dicts keep insertion order.
                chosen = max(counts, key=counts.get)
            seen = [entry.name, *entry.searchable_names()[1:], *counts]
            aliases = list(dict.fromkeys(name for name in seen if name != chosen))
            if (chosen, "\n".join(aliases)) != (entry.name, entry.aliases):
                entry.name, entry.aliases = chosen, "\n".join(aliases)
                type(entry).objects.filter(pk=entry.pk).update(name=chosen, aliases=entry.aliases)


def replace_children(procedure: Procedure, data: dict, *, is_new: bool) -> None:
    """Replace the tables the row gives, keeping form files uploaded for the same paper."""
    if "channels" in data:
        if not is_new:
            procedure.channels.all().delete()
        ProcedureChannel.objects.bulk_create(
            ProcedureChannel(procedure=procedure, position=i, **row)
            for i, row in enumerate(data["channels"])
        )
    if "documents" in data:
        replace_documents(procedure, data["documents"], is_new=is_new)
    if "legal_bases" in data:
        if not is_new:
            procedure.legal_bases.all().delete()
        replace_legal_bases(procedure, data["legal_bases"])


def replace_documents(procedure: Procedure, documents: list[dict], *, is_new: bool) -> None:
    kept_files = {}
    if not is_new:
        kept_files = {
            (doc.case, doc.name, doc.form_name): doc.form_file.name
            for doc in procedure.documents.exclude(form_file="")
        }
        procedure.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            procedure=procedure,
            position=i,
            form_file=kept_files.get((row["case"], row["name"], row["form_name"]), ""),
            **row,
        )
        for i, row in enumerate(documents)
    )


def replace_legal_bases(procedure: Procedure, legal_bases: list[dict]) -> None:
    LegalBasis.objects.bulk_create(
        LegalBasis(
            procedure=procedure,
            position=i,
            **{
                **row,
                "issued_on": date.fromisoformat(row["issued_on"]) if row["issued_on"] else None,
            },
        )
        for i, row in enumerate(legal_bases)
    )


def replace_links(procedure: Procedure, links: dict[str, list], *, is_new: bool) -> None:
    """Link the sectors, levels and agencies the row gives (agencies in the source's order).

    The link rows are written directly, one insert per kind: the related managers' set()
    reads the current links first, a cost paid by every row of a large file.
    """
    SectorLink, LevelLink = Procedure.sectors.through, Procedure.levels.through
    makers = {
        "sectors": (SectorLink, lambda i, sector: SectorLink(procedure=procedure, sector=sector)),
        "levels": (LevelLink, lambda i, level: LevelLink(procedure=procedure, level=level)),
        "agencies": (
            ProcedureAgency,
            lambda i, agency: ProcedureAgency(procedure=procedure, agency=agency, position=i),
        ),
    }
    for kind, entries in links.items():
        model, make = makers[kind]
        if not is_new:
            model.objects.filter(procedure=procedure).delete()
        model.objects.bulk_create(make(i, entry) for i, entry in enumerate(entries))


def write_procedure(
    *,
    data: dict,
    digest: str,
    existing: Procedure | None,
    user: AbstractBaseUser | None,
    lookups: Lookups,
) -> Procedure:
    """Create or update one procedure and all its lists; call inside a transaction."""
    procedure = existing or Procedure(code=data["code"], created_by=user)
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(procedure, name, data[name])
    if "decision_date" in data:
        procedure.decision_date = (
            date.fromisoformat(data["decision_date"]) if data["decision_date"] else None
        )
    procedure.import_hash = digest
    procedure.updated_by = user
    links = {}
    if "sectors" in data:
        links["sectors"] = [lookups.get(Sector, name) for name in data["sectors"]]
    if "levels" in data:
        links["levels"] = [lookups.level(slug) for slug in data["levels"]]
    if "agencies" in data:
        links["agencies"] = [lookups.get(Agency, name) for name in data["agencies"]]
    complete = existing is None or ("sectors" in links and "agencies" in links)
    named = [*links.get("sectors", []), *links.get("agencies", [])]
    linked_names = [name for entry in named for name in entry.searchable_names()]
    procedure.save(linked_names=linked_names if complete else None)
    replace_links(procedure, links, is_new=existing is None)
    replace_children(procedure, data, is_new=existing is None)
    return procedure


@dataclass
class ImportRun:
    """The state of one import while its rows are read."""

    report: ImportReport
    user: AbstractBaseUser | None
    seen: dict[str, int] = field(default_factory=dict)
    lookups: Lookups = field(default_factory=Lookups)

    def import_row(self, raw, position: int) -> None:
        """Check one row and write it (unless dry run), recording the outcome in the report."""
        report = self.report
        code = str(raw.get("MATTHC") or "").strip()[:60] if isinstance(raw, dict) else ""
        try:
            data, warnings = normalize_row(raw)
            code = data["code"]
            if code in self.seen:
                raise RowError(f"Mã thủ tục trùng với mục {self.seen[code]} trong cùng tệp.")
            self.seen[code] = position
            digest = fingerprint(data)
            existing = Procedure.objects.filter(code=code).first()
            report.warnings += [
                RejectedRow(position, code, note.message, note.key) for note in warnings
            ]
            if existing is not None and existing.import_hash == digest:
                report.unchanged.append(code)
                return
            if not report.dry_run:
                self.write(data, digest, existing)
            (report.updated if existing else report.created).append(code)
        except RowError as error:
            report.rejected.append(RejectedRow(position, code, str(error), error.key))
        except DatabaseError as error:
            self.lookups.forget()
            reason = f"Không ghi được vào cơ sở dữ liệu ({type(error).__name__})."
            report.rejected.append(RejectedRow(position, code, reason))

    def write(self, data: dict, digest: str, existing: Procedure | None) -> None:
        # The revision is taken once the lists are written, so a deleted procedure is
        # recovered whole (signals would snapshot it before its lists exist).
        with transaction.atomic(), reversion.create_revision(manage_manually=True):
            reversion.set_comment("Nhập từ tệp thủ tục hành chính.")
            if self.user is not None:
                reversion.set_user(self.user)
            procedure = write_procedure(
                data=data, digest=digest, existing=existing, user=self.user, lookups=self.lookups
            )
            if reversion.is_registered(Procedure):
                reversion.add_to_revision(procedure)
        self.lookups.keep()


# Each procedure is written inside its own transaction.atomic() block; these blocks are
# committed together by groups, because one disk sync per procedure made SQLite import
# 2,000 procedures in 25 to 90 seconds depending on the disk's load. A rejected row
# rolls back alone (its block is a savepoint), so a bad row never leaves half a procedure.
COMMIT_EVERY = 50


def import_procedures(
    *,
    rows: Iterable,
    dry_run: bool,
    user: AbstractBaseUser | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import rows in the national package shape; each procedure in its own atomic block."""
    run = ImportRun(report=ImportReport(dry_run=dry_run), user=user)
    rows = list(rows)
    for start in range(0, len(rows), COMMIT_EVERY):
        with transaction.atomic():
            for position in range(start + 1, min(start + COMMIT_EVERY, len(rows)) + 1):
                run.import_row(rows[position - 1], position)
                if progress:
                    progress(position)
    if not dry_run:
        with transaction.atomic():
            run.lookups.settle_names()
        record_event(
            action=AuditEvent.Action.IMPORT,
            actor=user,
            object_type="procedures.procedure",
            detail=run.report.audit_detail(),
        )
    return run.report
