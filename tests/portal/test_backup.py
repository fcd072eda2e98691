"""The backup and restore commands, round trip included, on the suite's own database kind."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from anphu_portal.models import AuditEvent
from anphu_portal.private_files import private_storage
from procedures.models import RequiredDocument
from tests.factories import (
    make_article,
    make_category,
    make_contact,
    make_contact_group,
    make_form_file,
    make_procedure,
)

pytestmark = pytest.mark.django_db(transaction=True)

AUDIT_TABLE = AuditEvent._meta.db_table
# Without Redis the page cache lives in this table; the restore's version bump writes to it.
CACHE_TABLE = "anphu_portal_cache"


@pytest.fixture
def content():
    """Load articles with covers, contacts and a procedure with a form file."""
    news = make_category("Tin tức - Sự kiện")
    for number in range(3):
        make_article(f"Tin số {number}", category=news, with_cover=True)
    make_article("Bản nháp", category=news, status="draft")
    group = make_contact_group()
    make_contact(group, name="Bà Nguyễn Thị Lan", phones="0919272108")
    make_contact(group, name="Ông Trần Văn Hai", phones="02963957006")
    procedure = make_procedure()
    document = RequiredDocument.objects.filter(procedure=procedure).first()
    document.form_file = make_form_file("docx")
    document.save()
    private_storage().save("dinh-kem/don-cua-cong-dan.pdf", make_form_file("pdf"))


def database_counts() -> dict[str, int]:
    """Return the row count of every table of the suite's database."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under a folder, by relative path."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


@dataclass
class TargetDatabase:
    """A new, empty database of the suite's kind, for a restore run in a subprocess."""

    url: str
    counts: Callable[[], dict[str, int]]


def _sqlite_counts(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    with sqlite3.connect(path) as database:
        tables = database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        return {t: database.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for (t,) in tables}


def _postgresql_connect(dbname: str, **options):
    import psycopg

    conf = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        user=conf["USER"] or None,
        password=conf["PASSWORD"] or None,
        **options,
    )


def _postgresql_counts(dbname: str) -> dict[str, int]:
    with _postgresql_connect(dbname) as database:
        tables = database.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        ).fetchall()
        return {t: database.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for (t,) in tables}


@pytest.fixture
def target_database(tmp_path):
    """Yield a new empty database: an SQLite file, or a PostgreSQL database dropped after."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield TargetDatabase(f"sqlite:///{path}", lambda: _sqlite_counts(path))
        return
    from psycopg import sql

    name = f"anphu_restore_{uuid.uuid4().hex[:12]}"
    conf = connection.settings_dict
    credentials = quote(conf["USER"] or "") + (
        ":" + quote(conf["PASSWORD"]) if conf["PASSWORD"] else ""
    )
    url = f"postgres://{credentials}@{conf['HOST'] or 'localhost'}:{conf['PORT'] or 5432}/{name}"
    with _postgresql_connect("postgres", autocommit=True) as maintenance:
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield TargetDatabase(url, lambda: _postgresql_counts(name))
        finally:
            maintenance.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def private_root_beside(media_root: Path) -> Path:
    """Return the private files folder that run_manage uses with this media folder."""
    return media_root.with_name(f"{media_root.name}-private")


def run_manage(*arguments: str, database_url: str, media_root: Path):
    """Run manage.py in a new process against another database and media folders."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PRIVATE_MEDIA_ROOT": str(private_root_beside(media_root)),
    }
    env.pop("REDIS_URL", None)
    env.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
    env.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_restore_into_an_empty_database_and_storage_brings_back_every_row_and_file(
    content, tmp_path, target_database
):
    before = database_counts()
    files_before = file_checksums(settings.MEDIA_ROOT)
    private_before = file_checksums(settings.PRIVATE_MEDIA_ROOT)
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    restored_media = tmp_path / "restored-media"

    result = run_manage(
        "restore",
        str(tmp_path / "backup"),
        database_url=target_database.url,
        media_root=restored_media,
    )

    assert result.returncode == 0, result.stderr
    assert "Đã phục hồi" in result.stdout
    after = target_database.counts()
    # The restore writes its own audit entry into the database it restored.
    assert after[AUDIT_TABLE] == before[AUDIT_TABLE] + 1
    transient = {AUDIT_TABLE: before[AUDIT_TABLE], CACHE_TABLE: 0}
    assert {**after, **transient} == {**before, **transient}
    assert before["news_article"] == 4 and before["hotline_contact"] == 2
    assert len(files_before) > 4
    assert file_checksums(restored_media) == files_before
    assert list(private_before) == ["dinh-kem/don-cua-cong-dan.pdf"]
    assert file_checksums(private_root_beside(restored_media)) == private_before


def test_backup_folder_is_private_and_its_manifest_lists_every_table_and_file(content, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())

    assert target.stat().st_mode & 0o777 == 0o700
    written = sorted(target.iterdir())
    assert [path.name for path in written] == sorted(
        [
            "manifest.json",
            "media.tar.gz",
            "private.tar.gz",
            json.loads((target / "manifest.json").read_text())["database"]["file"],
        ]
    )
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in written)
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["tables"]["news_article"] == 4
    assert "news.0001_initial" in manifest["migrations"]
    dump = target / manifest["database"]["file"]
    assert manifest["database"]["sha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    stored = file_checksums(settings.MEDIA_ROOT)
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == stored
    private = file_checksums(settings.PRIVATE_MEDIA_ROOT)
    assert {n: entry["sha256"] for n, entry in manifest["private_files"].items()} == private


def test_backup_is_recorded_in_the_audit_trail_without_an_actor(content, tmp_path):
    call_command("backup", str(tmp_path / "sao-luu"), stdout=io.StringIO())

    event = AuditEvent.objects.get(action=AuditEvent.Action.BACKUP)
    assert event.actor is None and event.object_label == "sao-luu"


def test_backup_refuses_a_folder_that_already_holds_files(db, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "cu.txt").write_text("cũ")

    with pytest.raises(CommandError, match="không trống"):
        call_command("backup", str(target))

    assert [path.name for path in target.iterdir()] == ["cu.txt"]


def test_tampered_dump_is_refused_and_nothing_is_written(content, tmp_path, target_database):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    dump = tmp_path / "backup" / manifest["database"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    restored_media = tmp_path / "restored-media"

    result = run_manage(
        "restore",
        str(tmp_path / "backup"),
        database_url=target_database.url,
        media_root=restored_media,
    )

    assert result.returncode == 1
    assert "không khớp mã kiểm tra SHA-256" in result.stderr
    assert target_database.counts() == {}
    assert file_checksums(restored_media) == {}


def test_restore_into_a_database_with_content_is_refused_and_changes_nothing(content, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    before = database_counts()
    files_before = file_checksums(settings.MEDIA_ROOT)

    with pytest.raises(CommandError, match="Cơ sở dữ liệu không trống"):
        call_command("restore", str(tmp_path / "backup"))

    assert database_counts() == before
    assert file_checksums(settings.MEDIA_ROOT) == files_before


def test_restore_into_a_storage_with_files_is_refused(content, tmp_path, target_database):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    media = tmp_path / "restored-media"
    media.mkdir()
    (media / "con-lai.txt").write_text("tệp còn lại")

    result = run_manage(
        "restore", str(tmp_path / "backup"), database_url=target_database.url, media_root=media
    )

    assert result.returncode == 1
    assert "Kho tệp không trống" in result.stderr
    assert target_database.counts() == {}
    assert list(file_checksums(media)) == ["con-lai.txt"]


def test_backup_made_by_newer_code_is_refused(content, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append("news.9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest))
    before = database_counts()

    with pytest.raises(CommandError, match="phiên bản mới hơn"):
        call_command("restore", str(tmp_path / "backup"))

    assert database_counts() == before


def test_restore_into_a_private_storage_with_files_is_refused(content, tmp_path, target_database):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    media = tmp_path / "restored-media"
    private = private_root_beside(media)
    private.mkdir()
    (private / "con-lai.pdf").write_bytes(b"%PDF-1.4 cu")

    result = run_manage(
        "restore", str(tmp_path / "backup"), database_url=target_database.url, media_root=media
    )

    assert result.returncode == 1
    assert "Kho tệp riêng tư không trống" in result.stderr
    assert target_database.counts() == {}
    assert file_checksums(media) == {}
    assert list(file_checksums(private)) == ["con-lai.pdf"]
