"""Reading and writing posts files: JSON Lines of Post (post.schema.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from auditor.codes import InputCode
from auditor.errors import InputError
from auditor.models import Post


@dataclass
class LineError:
    path: str
    line: int
    message: str  # "field: problem"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class PostsFile:
    posts: list[Post] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def read_posts(path: str | Path, known_districts: set[str] | None = None) -> PostsFile:
    """Read a posts file; a bad line is reported as FILE:LINE: field: problem and skipped."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: posts file not found", code=InputCode.FILE_NOT_FOUND, path=str(path),
                         what="posts") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read posts file: {exc.strerror}", code=InputCode.FILE_UNREADABLE, path=str(path),
                         error=exc.strerror) from None
    out = PostsFile()
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            post = _parse_line(line, known_districts)
        except ValueError as exc:
            out.errors.append(LineError(str(path), number, str(exc)))
            continue
        out.posts.append(post)
    return out


def _parse_line(line: bytes, known_districts: set[str] | None) -> Post:
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"(line): not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"(line): not valid JSON: {exc.msg} at column {exc.colno}") from None
    post = Post.from_dict(data)
    if known_districts is not None and post.district and post.district not in known_districts:
        raise ValueError(f"district: unknown district id {post.district!r} (not in the registry)")
    return post
