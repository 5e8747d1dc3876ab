"""Reading posts files: JSON Lines of Post (post.schema.json).

Each line is checked against the contract (the published schema is the specification, so the
libraries made for it do the checking): jsonschema-rs, a validator written in Rust, decides, five
times faster than fastjsonschema's generated Python and a hundred times faster than jsonschema
walking the schema for every post; only a line it refuses is walked again by jsonschema, whose
best_match names the problem in the words the messages have always used. Then the line is read by Post.from_dict,
which checks what the schema cannot say (real RFC 3339 times in 1900-2200, a known district).
A bad line becomes FILE:LINE: field: problem and is skipped; nothing in a line raises anything else.

A line is first read the quick way: orjson decodes the bytes (UTF-8 checked on the way, no text
copy), the compiled check and Post.from_dict accept it. Anything that does not go through
untouched (a line orjson refuses or reads otherwise than the json module would, a byte-order
mark, a broken contract, a bad time) is read again the careful way, which words the problem as
it always has. Both ways give the same Post for every line the quick way accepts, with one
exception: orjson reads nesting up to 1,024 levels where the json module runs out of stack near
1,000, so a line nested that deep in a field the Post ignores is read rather than refused (its
value never reaches the Post).
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import orjson

from auditor.codes import InputCode
from auditor.errors import InputError
from auditor.heap import collector_paused
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
    return _read_lines(str(path), raw, known_districts)


@collector_paused()  # tens of thousands of posts, none of them garbage
def _read_lines(path: str, raw: bytes, known_districts: set[str] | None) -> PostsFile:
    out = PostsFile()
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            post = _known_district(_quick_post(line) or _parse_line(line), known_districts)
        except ValueError as exc:
            out.errors.append(LineError(path, number, str(exc)))
            continue
        out.posts.append(post)
    return out


def _quick_post(line: bytes) -> Post | None:
    """The line's Post when orjson decodes it and it keeps the contract, else None (then
    _parse_line reads it again and words the problem).

    orjson and the json module build the same object from every line orjson accepts, with one
    exception: an integer beyond 64 bits, which orjson makes a float. No field of the contract is
    a number (a number where a string belongs breaks the contract, then both ways take the slow
    path), and from_dict ignores fields it does not know, so such a number never reaches a Post.
    """
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:  # not JSON, not UTF-8, a byte-order mark, a lone surrogate, NaN...
        return None
    if data.__class__ is not dict or not _conforms(data):
        return None
    try:
        return Post.from_dict(data)
    except ValueError:
        return None


def _known_district(post: Post, known_districts: set[str] | None) -> Post:
    if known_districts is not None and post.district and post.district not in known_districts:
        raise ValueError(f"district: unknown district id {post.district!r} (not in the registry)")
    return post


def _parse_line(line: bytes) -> Post:
    """The careful way: the line decoded by the json module, and every problem worded."""
    text = _decode(line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"(line): not valid JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise ValueError("(line): JSON nested too deeply") from None
    try:
        problem = contract_problem(data)
    except RecursionError:  # jsonschema words a wrong value with its repr, which a deep one exhausts
        raise ValueError("(line): JSON nested too deeply") from None
    if problem:
        raise ValueError(problem)
    return Post.from_dict(data)


def _decode(line: bytes) -> str:
    """The line as text, a byte-order mark at its start dropped, as the "utf-8-sig" codec reads it
    (whose Python wrapper costs as much as the decoding itself)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start - len(codecs.BOM_UTF8) if line.startswith(codecs.BOM_UTF8) else exc.start
        raise ValueError(f"(line): not UTF-8 (byte {start})") from None  # counted after the mark, as ever
    return text[1:] if text.startswith("\ufeff") else text


@lru_cache(maxsize=1)
def _schema() -> dict:
    """The Post contract (post.schema.json, bundled in auditor/data)."""
    return json.loads(resources.files("auditor.data").joinpath("post.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    """The contract's validator that explains a failure (best_match below). jsonschema is imported
    here, not with the module: it costs about a tenth of a second, and only a refused line needs it."""
    import jsonschema

    return jsonschema.Draft202012Validator(_schema())


@lru_cache(maxsize=1)
def _fast_validator():
    """The contract's yes/no validator (jsonschema-rs). As jsonschema does for draft 2020-12,
    "format" is an annotation, not checked (Post.from_dict parses the times). Imported here, not
    with the module: only reading a posts file needs it."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(_schema())


def _conforms(data: dict) -> bool:
    """Whether the decoded line keeps the contract (the fast yes/no; the wording comes from jsonschema).
    A value jsonschema-rs cannot take (a key that is not text) is judged by jsonschema."""
    try:
        return _fast_validator().is_valid(data)
    except ValueError:
        return _validator().is_valid(data)


_TYPE_WORDS = {"string": "a string", "array": "an array", "object": "an object", "null": "null", "integer": "a whole number",
               "number": "a number", "boolean": "true or false"}
_JSON_TYPES = {str: "string", list: "array", dict: "object", type(None): "null", int: "number", float: "number", bool: "boolean"}


def contract_problem(data) -> str | None:
    """'field: problem' for the first way a decoded line breaks the Post contract, or None.

    The compiled check passes a good line; for a bad one jsonschema finds the problem; the wording
    is ours, short, and never echoes a long value.
    """
    if not isinstance(data, dict):
        return f"(line): expected a JSON object, got {_JSON_TYPES.get(type(data), 'a value')}"
    if _conforms(data):
        return None
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(data))
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

