"""Safe output files: written whole or not at all, never through a symlink, never over curated sources,
and never over an existing file the tool did not write unless the user says --force.

Every command that writes a file the user names (`kg export -o`, `kg viz -o`, ...) goes through
`write_output`: the text goes to a temporary file in the same directory, is flushed to disk, and then
replaces the target with one rename, so a full disk or a crash leaves the previous file intact.

Which existing files are the tool's own is decided by what it wrote, not by what a file looks like: after
each write the SHA-256 of the bytes is recorded in a sidecar the tool owns (`.NAME.kg-written`, beside
the file). An existing file may be replaced without --force only when its bytes still hash to that record,
so a file the tool wrote and the user then edited (its header intact) is never overwritten unless told.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from .errors import InputError, KgError


class WriteFailed(KgError):
    """The file could not be written (full disk, permissions); the previous file, if any, is unchanged."""


def protected_roots() -> list[Path]:
    """Directories no output may be written into: the curated sources (a build would read the file)."""
    from .config import GRAPH_DIR

    return [GRAPH_DIR.resolve()]


def check_target(path: str | Path, *, force: bool = False) -> Path:
    """Refuse a target that is a symlink, lies under graph/, is not a regular file, or exists and is
    neither exactly what the tool last wrote there (its checksum record) nor allowed by `force`.
    Returns the path to write."""
    p = Path(path)
    if p.is_symlink():
        raise InputError(f"{p} is a symbolic link; refusing to write through it", "give the real file's path")
    real = p.parent.resolve() / p.name
    for root in protected_roots():
        if real == root or root in real.parents:
            raise InputError(f"refusing to write {p}: it is inside the curated sources ({root})",
                             "write outputs elsewhere; edit curated sources by hand")
    if p.exists():
        if not p.is_file():
            raise InputError(f"{p} exists and is not a regular file")
        if not force and not _as_written(p):
            if record_path(p).exists() or record_path(p).is_symlink():
                raise InputError(f"{p} was changed since this tool wrote it; nothing was written",
                                 "add --force to replace it")
            raise InputError(f"{p} already exists and was not written by this tool; nothing was written",
                             "add --force to replace it")
    return p


RECORD_SUFFIX = ".kg-written"


NAME_MAX = 255  # bytes in one file name on Linux file systems


def record_path(p: Path) -> Path:
    """The sidecar holding the SHA-256 of what the tool last wrote to `p`.

    A name too long to carry the sidecar's dot and suffix (any legal name up to NAME_MAX bytes may be an
    output) gets a sidecar named by a digest of the name instead."""
    name = f".{p.name}{RECORD_SUFFIX}"
    if len(os.fsencode(name)) > NAME_MAX:
        name = f".{hashlib.sha256(os.fsencode(p.name)).hexdigest()[:40]}{RECORD_SUFFIX}"
    return p.with_name(name)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _as_written(p: Path) -> bool:
    """Whether `p` still holds exactly the bytes the tool recorded writing there."""
    record = record_path(p)
    try:
        if record.is_symlink() or not record.is_file():
            return False
        recorded = record.read_text(encoding="utf-8").split()
        return len(recorded) >= 2 and recorded[0] == "sha256" and recorded[1] == _digest(p.read_bytes())
    except (OSError, UnicodeDecodeError):
        return False


def write_output(path: str | Path, text: str, *, force: bool = False) -> Path:
    """Write `text` (UTF-8, `\\n` line ends kept as given) atomically to `path` after `check_target`."""
    p = check_target(path, force=force)
    data = text.encode("utf-8")
    record = record_path(p)
    if record.is_symlink() or (record.exists() and not record.is_file()):
        raise InputError(f"{record} is not a regular file; refusing to write {p}", "remove it and retry")
    # The record goes first: if the file's rename then fails, the old file no longer matches the record and
    # is kept until --force; never the other way round (a new file whose record says nothing).
    replace_atomically(record, f"sha256 {_digest(data)}  {p.name}\n".encode())
    return replace_atomically(p, data)


def replace_atomically(p: Path, data: bytes) -> Path:
    """Temporary file in the same directory, fsync, rename over the target; the target is never half-written."""
    tmp_name = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        # The temporary name keeps at most 100 characters of the target's, so a long legal name still fits.
        fd, tmp_name = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name[:100]}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, p)
        tmp_name = None
    except OSError as e:
        raise WriteFailed(f"cannot write {p}: {e.strerror or e}; the previous file (if any) is unchanged") from e
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return p
