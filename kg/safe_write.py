"""Safe output files: written whole or not at all, never through a symlink, never over curated sources,
and never over an existing file the tool did not write unless the user says --force.

Every command that writes a file the user names (`kg export -o`, `kg viz -o`, ...) goes through
`write_output`: the text goes to a temporary file in the same directory, is flushed to disk, and then
replaces the target with one rename, so a full disk or a crash leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import InputError, KgError


class WriteFailed(KgError):
    """The file could not be written (full disk, permissions); the previous file, if any, is unchanged."""


def protected_roots() -> list[Path]:
    """Directories no output may be written into: the curated sources (a build would read the file)."""
    from .config import GRAPH_DIR

    return [GRAPH_DIR.resolve()]


def check_target(path: str | Path, *, force: bool = False, is_own: Callable[[Path], bool] | None = None) -> Path:
    """Refuse a target that is a symlink, lies under graph/, is not a regular file, or exists and is
    neither the tool's own output (`is_own`) nor allowed by `force`. Returns the path to write."""
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
        if not force and not (is_own is not None and _safely(is_own, p)):
            raise InputError(f"{p} already exists and was not written by this tool; nothing was written",
                             "add --force to replace it")
    return p


def _safely(is_own: Callable[[Path], bool], p: Path) -> bool:
    try:
        return is_own(p)
    except (OSError, UnicodeDecodeError, ValueError):
        return False


def write_output(path: str | Path, text: str, *, force: bool = False,
                 is_own: Callable[[Path], bool] | None = None) -> Path:
    """Write `text` (UTF-8, `\\n` line ends kept as given) atomically to `path` after `check_target`."""
    p = check_target(path, force=force, is_own=is_own)
    return replace_atomically(p, text.encode("utf-8"))


def replace_atomically(p: Path, data: bytes) -> Path:
    """Temporary file in the same directory, fsync, rename over the target; the target is never half-written."""
    tmp_name = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
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
