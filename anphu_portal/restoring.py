"""Restore a backup made by `anphu_portal.backups` into an empty database and storage."""

from __future__ import annotations

import contextlib
import sqlite3
import tarfile
import time
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from anphu_portal.audit import record_event
from anphu_portal.backups import (
    MEDIA_ARCHIVE,
    PRIVATE_ARCHIVE,
    BackupError,
    Summary,
    quote_name,
    run_postgresql_client,
    stored_files,
    verify_backup,
)
from anphu_portal.caching import bump_content_version
from anphu_portal.models import AuditEvent, forget_units
from anphu_portal.private_files import private_storage

# `migrate` fills these by itself: rows there do not make a database "not empty".
FILLED_BY_MIGRATE = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
}


def restore_backup(*, source: Path) -> Summary:
    """Restore a verified backup into an empty database and an empty storage."""
    started = time.monotonic()
    source = Path(source)
    manifest = verify_backup(source=source)
    if manifest["database_vendor"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là của {manifest['database_vendor']}, "
            f"không phục hồi được vào {connection.vendor}."
        )
    _refuse_unknown_migrations(manifest["migrations"])
    _refuse_unless_empty()
    dump = source / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        _restore_postgresql(dump)
    else:
        _restore_sqlite(dump)
    _restore_storage(source / MEDIA_ARCHIVE, default_storage)
    if "private" in manifest:
        _restore_storage(source / PRIVATE_ARCHIVE, private_storage())
    bump_content_version()
    forget_units()
    summary = Summary(
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]) + len(manifest.get("private_files") or {}),
        bytes=sum(path.stat().st_size for path in source.iterdir()),
        seconds=time.monotonic() - started,
    )
    record_event(
        action=AuditEvent.Action.RESTORE,
        object_type="backup",
        object_label=source.name,
        detail=f"{summary.rows} dòng, {summary.files} tệp; sao lưu lúc {manifest['created_at']}",
    )
    return summary


def _refuse_unknown_migrations(applied: list[str]) -> None:
    """Refuse a backup made by newer code: its tables would not match these models."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(applied) - known)
    if unknown:
        raise BackupError(
            f"Bản sao lưu được tạo bởi phiên bản mới hơn (có migration {unknown[0]}, "
            f"tổng {len(unknown)}); hãy cập nhật mã nguồn trước khi phục hồi."
        )


def _refuse_unless_empty() -> None:
    """Refuse a database with content rows or a storage with files: restore never merges."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        occupied = []
        for table in sorted(set(tables) - FILLED_BY_MIGRATE):
            cursor.execute(f"SELECT 1 FROM {quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                occupied.append(table)
    if occupied:
        raise BackupError(
            f"Cơ sở dữ liệu không trống ({len(occupied)} bảng có dữ liệu, ví dụ {occupied[0]}). "
            "Chỉ phục hồi vào một cơ sở dữ liệu mới, trống; không có gì được ghi."
        )
    first_file = next(stored_files(), None)
    if first_file is not None:
        raise BackupError(
            f"Kho tệp không trống (có {first_file}). Chỉ phục hồi vào một thư mục MEDIA_ROOT "
            "(hoặc bucket) mới, trống; không có gì được ghi."
        )
    first_private = next(stored_files(storage=private_storage()), None)
    if first_private is not None:
        raise BackupError(
            f"Kho tệp riêng tư không trống (có {first_private}). Chỉ phục hồi vào một thư mục "
            "PRIVATE_MEDIA_ROOT (hoặc bucket riêng tư) mới, trống; không có gì được ghi."
        )


def _restore_sqlite(dump: Path) -> None:
    """Copy the saved database over the configured SQLite file with the backup API."""
    target = connection.settings_dict["NAME"]
    # Django's own connection must not hold the file while the whole of it is replaced.
    connection.close()
    saved = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
    with contextlib.closing(saved), contextlib.closing(sqlite3.connect(target)) as live:
        saved.backup(live)


def _restore_postgresql(dump: Path) -> None:
    """Load the dump with pg_restore, all or nothing, whether or not migrate ran before."""
    connection.close()
    # --clean --if-exists drops what `migrate` may have created; ownership and grants
    # belong to the old server's roles, which the new one may not have.
    run_postgresql_client(
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        str(dump),
    )


def _restore_storage(archive_path: Path, storage) -> None:
    """Write every archived file back through the storage API, under its own name."""
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            handle = archive.extractfile(member)
            stored = storage.save(member.name, File(handle, name=member.name))
            if stored != member.name:
                raise BackupError(f"Kho tệp đã lưu {member.name} dưới tên khác: {stored}.")
