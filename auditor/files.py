"""Writing output files whole or not at all.

Every file the tool writes (HTML pages, scorecards JSON, CSV, XLSX, posts files) is first written
to a temporary file in the same folder, then renamed over the target with os.replace, which is
atomic on one file system: a run killed mid-write leaves the previous file (or none), never half
of one. No fsync: the point is surviving a killed process, whose written pages the kernel keeps.

Our own writers take the temporary file already open (atomic_file): it is opened once, created
exclusively, with the usual permissions. atomic_path yields the temporary file's path instead,
for a library that opens the file itself. A nationwide month writes about 900 files: opening
each twice cost a second open and path lookup per file, and the second open's truncation of the
empty file made ext4 start writing the file back when it was closed, in the writing process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to `path`; when the block ends without error, it replaces `path`.

    The temporary file exists (empty) when the block starts, created with the usual permissions
    (0666 less the umask), so a library that writes to a path (pandas, openpyxl) keeps them.
    On error it is removed and `path` is left as it was.
    """
    path = Path(path)
    tmp = _temporary_name(path)
    os.close(_create(tmp, path, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
    with _replacing(tmp, path):
        yield tmp


@contextmanager
def atomic_file(path: str | Path, mode: str = "wb", *, encoding: str | None = None,
                newline: str | None = None) -> Iterator[IO]:
    """Yield a temporary file next to `path`, open for writing (mode "wb", or "w" with `encoding`
    and `newline` for text); when the block ends without error, it is closed and replaces `path`.

    The file is created by this open (exclusively: never a file someone else made), with the
    usual permissions (0666 less the umask). On error it is closed and removed, and `path` is left
    as it was. The buffer stays io's 8 KB: larger ones measured no faster here (1 MB buffers, one
    write per page, cost twice the system time: large writes into the page cache are dearer)."""
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_file writes a new file: mode 'wb' or 'w', not {mode!r}")
    path = Path(path)
    tmp = _temporary_name(path)
    # created before the block that removes it on error: a name clash never removes someone
    # else's file, and a text wrapper that fails (an unknown encoding) leaves no empty file
    fd = _create(tmp, path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC)
    with _replacing(tmp, path), open(fd, mode, encoding=encoding, newline=newline) as fh:
        yield fh


def _temporary_name(path: Path) -> Path:
    """A hidden name beside path (its folder made if need be), random enough never to meet another
    run's: a clash only fails the exclusive create, never overwrites."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.stem}.{os.urandom(4).hex()}.tmp{path.suffix}")


def _create(tmp: Path, path: Path, flags: int) -> int:
    """os.open of the temporary file (0666 less the umask); a folder that cannot be written is
    reported under the name the caller asked for, not the hidden temporary one."""
    try:
        return os.open(tmp, flags, 0o666)
    except OSError as exc:
        raise _named(exc, path) from None


def _named(exc: OSError, path: Path) -> OSError:
    """The same error (errno, words) naming `path`: a person knows the file they asked for."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


@contextmanager
def _replacing(tmp: Path, path: Path) -> Iterator[None]:
    """tmp replaces path when the block ends without error (after the blocks inside it, e.g. the
    file's close, have ended); on error tmp is removed. A write or rename that fails (a full disk)
    is reported naming path."""
    try:
        yield
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename not in (None, str(tmp), tmp):
            raise
        raise _named(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write bytes to path atomically (see atomic_file); return the path."""
    path = Path(path)
    with atomic_file(path) as fh:
        fh.write(data)
    return path


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write text to path atomically (see atomic_file); return the path."""
    path = Path(path)
    with atomic_file(path, "w", encoding=encoding) as fh:
        fh.write(text)
    return path
