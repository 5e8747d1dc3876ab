"""Writing output files whole or not at all.

Every file the tool writes (HTML pages, scorecards JSON, CSV, XLSX, posts files) is first written
to a temporary file in the same folder, then renamed over the target with os.replace, which is
atomic on one file system: a run killed mid-write leaves the previous file (or none), never half
of one. No fsync: the point is surviving a killed process, whose written pages the kernel keeps.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to `path`; when the block ends without error, it replaces `path`.

    The temporary file exists (empty) when the block starts, created with the usual permissions
    (0666 less the umask), so a library that writes to a path (pandas, openpyxl) keeps them.
    On error it is removed and `path` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write bytes to path atomically (see atomic_path); return the path."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write text to path atomically (see atomic_path); return the path."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return path
