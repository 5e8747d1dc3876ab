"""Reading posts files: JSON Lines of Post (post.schema.json).

Each line is checked against the contract with jsonschema (the published schema is the
specification, so the library made for it does the checking), then read by Post.from_dict,
which checks what the schema cannot say (real RFC 3339 times in 1900-2200, a known district).
A bad line becomes FILE:LINE: field: problem and is skipped; nothing in a line raises anything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema

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
    except RecursionError:
        raise ValueError("(line): JSON nested too deeply") from None
    problem = contract_problem(data)
    if problem:
        raise ValueError(problem)
    post = Post.from_dict(data)
    if known_districts is not None and post.district and post.district not in known_districts:
        raise ValueError(f"district: unknown district id {post.district!r} (not in the registry)")
    return post


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    """The Post contract (post.schema.json, bundled in auditor/data)."""
    schema = json.loads(resources.files("auditor.data").joinpath("post.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


_TYPE_WORDS = {"string": "a string", "array": "an array", "object": "an object", "null": "null", "integer": "a whole number",
               "number": "a number", "boolean": "true or false"}
_JSON_TYPES = {str: "string", list: "array", dict: "object", type(None): "null", int: "number", float: "number", bool: "boolean"}


def contract_problem(data) -> str | None:
    """'field: problem' for the first way a decoded line breaks the Post contract, or None.

    jsonschema finds the problem; the wording is ours, short, and never echoes a long value.
    """
    if not isinstance(data, dict):
        return f"(line): expected a JSON object, got {_JSON_TYPES.get(type(data), 'a value')}"
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is None:
        return None
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        return f"{where + '.' if where else ''}{missing}: required field is missing"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        got = _JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
        return f"{where}: expected {' or '.join(_TYPE_WORDS.get(w, w) for w in wanted)}, got {_TYPE_WORDS.get(got, got)}"
    if error.validator == "enum":
        return f"{where}: {_short(error.instance)} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "minLength":
        return f"{where}: must not be empty"
    return f"{where or '(line)'}: {error.message[:200]}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

