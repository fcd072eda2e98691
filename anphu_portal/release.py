"""The name of the running release, part of the keys of every cached page and fragment.

A page or fragment built by another release is never served: after a deploy its markup,
and the hashed names of the static files it links, may have changed, and during a
rolling deploy across several servers (one Redis) old and new servers run side by side.
Without it a deploy showed the old markup for up to the cache lifetime (10 minutes), and
a server could serve a page linking CSS its own static files no longer hold.

PORTAL_RELEASE names the release when set (a commit, a version number). Otherwise it is
a digest of what makes the HTML: the portal's Python and template files and its static
files, the same on every server of one release, read once per process (about 350 files,
1.5 MB, 50 ms; before gunicorn forks its workers, in wsgi.py).
"""

import functools
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Folders of an app that change no page (the translations, in `locale`, do).
SKIPPED_FOLDERS = {"__pycache__", "migrations"}
# Where installed packages live (a virtualenv may be inside the project's folder).
INSTALLED_PACKAGES = {"site-packages", "dist-packages"}


@functools.cache
def release() -> str:
    """Return this process's release name: PORTAL_RELEASE, or a digest of its files."""
    named = getattr(settings, "PORTAL_RELEASE", "")
    return named or files_digest(release_files())


def files_digest(files: Iterable[Path], root: Path | None = None) -> str:
    """Return a short digest of the files' names (under `root`, the project) and contents."""
    root = Path(root or settings.BASE_DIR).resolve()
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def release_files() -> set[Path]:
    """Return the files whose change can change a page: the project's code, templates, static."""
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    folders += [Path(folder) for folder in settings.STATICFILES_DIRS]
    folders += [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and not INSTALLED_PACKAGES & set(Path(config.path).parts)
    ]
    return {path for folder in folders for path in _files(folder.resolve())}


def _files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        parts = set(path.relative_to(folder).parts)
        if path.is_file() and not parts & SKIPPED_FOLDERS and path.suffix != ".pyc":
            yield path
