"""Back up the database and every stored file (the `backup` command), and check a backup.

A backup is a folder only its owner can read: the database dump, a tar.gz of every file in
the default storage, another of every file in the private storage (citizens' files), and
manifest.json with their SHA-256 and the row count of every table. Files go through the
storage API, never the disk path, so the same code works with media on object storage. `anphu_portal.restoring` puts a checked backup back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import sqlite3
import subprocess
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import django
from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.utils import timezone

from anphu_portal.audit import record_event
from anphu_portal.models import AuditEvent
from anphu_portal.private_files import private_storage

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PRIVATE_ARCHIVE = "private.tar.gz"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT_VERSION = 1
CHUNK_SIZE = 1024 * 1024
MANIFEST_KEYS = {
    "database",
    "media",
    "files",
    "tables",
    "migrations",
    "database_vendor",
    "created_at",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator."""


@dataclass(frozen=True)
class Summary:
    """What a backup or restore handled: rows, files, bytes of the backup, seconds taken."""

    rows: int
    files: int
    bytes: int
    seconds: float


# --- Backup ---------------------------------------------------------------------------


def create_backup(*, target: Path) -> Summary:
    """Write the database dump, an archive of the stored files and their manifest into target."""
    started = time.monotonic()
    target = Path(target)
    vendor = _supported_vendor()
    _make_private_dir(target)
    try:
        manifest = _write_backup(target, vendor)
    except BaseException:
        # A half-written backup must neither pass for a whole one nor block the next try.
        for name in (*DUMP_NAMES.values(), MEDIA_ARCHIVE, PRIVATE_ARCHIVE, MANIFEST):
            (target / name).unlink(missing_ok=True)
        raise
    summary = Summary(
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]) + len(manifest["private_files"]),
        bytes=sum(path.stat().st_size for path in target.iterdir()),
        seconds=time.monotonic() - started,
    )
    record_event(
        action=AuditEvent.Action.BACKUP,
        object_type="backup",
        object_label=target.name,
        detail=f"{summary.rows} dòng, {summary.files} tệp",
    )
    return summary


def _write_backup(target: Path, vendor: str) -> dict:
    """Write the dump, the archive and the manifest; return the manifest."""
    created_at = timezone.now()
    dump = target / DUMP_NAMES[vendor]
    tables, migrations = _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)
    files = _archive_storage(target / MEDIA_ARCHIVE, default_storage)
    private_files = _archive_storage(target / PRIVATE_ARCHIVE, private_storage())
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "database_vendor": vendor,
        "django_version": django.get_version(),
        "database": {"file": dump.name, "sha256": sha256_of(dump)},
        "media": {"file": MEDIA_ARCHIVE, "sha256": sha256_of(target / MEDIA_ARCHIVE)},
        "files": files,
        "private": {"file": PRIVATE_ARCHIVE, "sha256": sha256_of(target / PRIVATE_ARCHIVE)},
        "private_files": private_files,
        "tables": tables,
        "migrations": migrations,
    }
    with _private_file(target / MANIFEST) as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return manifest


def _supported_vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")
    return connection.vendor


def _make_private_dir(target: Path) -> None:
    """Create the backup folder with mode 0700; refuse one that already holds files."""
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"Thư mục {target} không trống; hãy chọn một thư mục mới.")
    target.chmod(0o700)


def _private_file(path: Path):
    """Open a new file for writing that only its owner can read (mode 0600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    # The umask may have removed bits from 0600 but never adds any; set it exactly.
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file on disk, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def quote_name(table: str) -> str:
    """Return a table name quoted for SQL (the same on PostgreSQL and SQLite)."""
    return '"' + table.replace('"', '""') + '"'


def describe_database(cursor, tables) -> tuple[dict[str, int], list[str]]:
    """Return the row count of each table and the applied migrations, through a DB-API cursor."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return counts, migrations


def sqlite_tables(database: sqlite3.Connection) -> list[str]:
    """Return the user tables of an SQLite database."""
    rows = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in rows]


def _dump_sqlite(dump: Path) -> tuple[dict[str, int], list[str]]:
    """Copy the live database with SQLite's online backup API and describe the copy."""
    _private_file(dump).close()
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(dump)) as copy:
        connection.connection.backup(copy)
        # The copy inherits WAL mode; one self-contained file is what a backup should be.
        copy.execute("PRAGMA journal_mode = DELETE")
        # Counted on the copy itself, so the manifest describes exactly what was saved.
        return describe_database(copy.cursor(), sqlite_tables(copy))


def _dump_postgresql(dump: Path) -> tuple[dict[str, int], list[str]]:
    """Run pg_dump (custom format) and count rows in the very snapshot it dumps."""
    with _postgresql_snapshot() as snapshot, _private_file(dump) as handle:
        options = [f"--snapshot={snapshot}"] if snapshot else []
        run_postgresql_client("pg_dump", "--format=custom", *options, stdout=handle)
        with connection.cursor() as cursor:
            return describe_database(cursor, connection.introspection.table_names(cursor))


@contextlib.contextmanager
def _postgresql_snapshot() -> Iterator[str | None]:
    """Hold a read-only repeatable-read transaction and yield its exported snapshot.

    pg_dump reads through the same snapshot, so the row counts of the manifest match the
    dump even while the site keeps writing. Inside an outer transaction no snapshot can
    be exported; the counts are then those that transaction sees.
    """
    if connection.in_atomic_block:
        yield None
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0]


def run_postgresql_client(program: str, *arguments: str, stdout=None) -> None:
    """Run a PostgreSQL client program on the configured database, password in PGPASSWORD."""
    settings_dict = connection.settings_dict
    command = [program, *arguments]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command.append(f"{flag}={settings_dict[key]}")
    command.append(f"--dbname={settings_dict['NAME']}")
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    try:
        result = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
    except FileNotFoundError:
        raise BackupError(
            f"Không tìm thấy {program}: cài gói postgresql-client cùng phiên bản với máy chủ."
        ) from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{program} thất bại (mã {result.returncode}): {message}")


def stored_files(path: str = "", storage: Storage | None = None) -> Iterator[str]:
    """Yield the name of every file in a storage (the default one), walking its folders."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for folder in sorted(folders):
        yield from stored_files(posixpath.join(path, folder), storage)


class _HashingReader:
    """A file wrapper that hashes what tarfile reads from it."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _archive_storage(archive_path: Path, storage: Storage) -> dict[str, dict]:
    """Write every file of a storage into a tar.gz; return each one's SHA-256 and size."""
    files = {}
    with _private_file(archive_path) as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
        for name in stored_files(storage=storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mode = 0o600
            info.mtime = int(time.time())
            with storage.open(name, "rb") as handle:
                reader = _HashingReader(handle)
                archive.addfile(info, reader)
            files[name] = {"sha256": reader.digest.hexdigest(), "bytes": info.size}
    return files


# --- Verification -------------------------------------------------------------------


def verify_backup(*, source: Path) -> dict:
    """Return the manifest once the dump, the archive and every file match their SHA-256."""
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"Không đọc được {source / MANIFEST}: {error}") from None
    if not isinstance(manifest, dict) or MANIFEST_KEYS - manifest.keys():
        raise BackupError(f"{source / MANIFEST} thiếu mục; đây không phải bản sao lưu của cổng.")
    parts = [manifest["database"], manifest["media"]]
    # Backups made before private files were saved have no private archive.
    if "private" in manifest:
        parts.append(manifest["private"])
    for part in parts:
        name = str(part.get("file", "")) if isinstance(part, dict) else ""
        if name not in (*DUMP_NAMES.values(), MEDIA_ARCHIVE, PRIVATE_ARCHIVE):
            raise BackupError(f"Tệp lạ trong manifest: {name!r}.")
        if not (source / name).is_file() or sha256_of(source / name) != part.get("sha256"):
            raise BackupError(f"Bản sao lưu bị hỏng: {name} không khớp mã kiểm tra SHA-256.")
    _verify_archive(source / MEDIA_ARCHIVE, manifest["files"])
    if "private" in manifest:
        _verify_archive(source / PRIVATE_ARCHIVE, manifest.get("private_files") or {})
    return manifest


def _verify_archive(archive_path: Path, expected: dict[str, dict]) -> None:
    """Check that the archive holds exactly the listed files, each with its SHA-256."""
    seen = set()
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            if not member.isfile() or not _is_safe_name(member.name):
                raise BackupError(f"Tệp nén chứa mục không hợp lệ: {member.name!r}.")
            digest = hashlib.sha256()
            handle = archive.extractfile(member)
            while chunk := handle.read(CHUNK_SIZE):
                digest.update(chunk)
            if expected.get(member.name, {}).get("sha256") != digest.hexdigest():
                raise BackupError(f"Bản sao lưu bị hỏng: tệp {member.name} không khớp SHA-256.")
            seen.add(member.name)
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"Bản sao lưu thiếu {len(missing)} tệp, ví dụ {sorted(missing)[0]}.")


def _is_safe_name(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts
