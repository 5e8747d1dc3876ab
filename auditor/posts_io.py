"""Reading posts files: JSON Lines of Post (post.schema.json).

Each line is checked against the contract (the published schema is the specification, so the
libraries made for it do the checking): jsonschema-rs, a validator written in Rust, decides, five
times faster than fastjsonschema's generated Python and a hundred times faster than jsonschema
walking the schema for every post; only a line it refuses is walked again by jsonschema, whose
best_match names the problem in the words the messages have always used. Then the line is read by Post.from_dict,
which checks what the schema cannot say (real RFC 3339 times in 1900-2200, a known district).
A bad line becomes a LineError (FILE:LINE: field: problem, with a codes.LineCode and what the line
still tells of its post) and is skipped; nothing in a line raises anything else. A file whose every
line is in another encoding (UTF-16, Thai Windows) is refused whole instead (foreign_encoding).

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
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import orjson

from auditor.codes import InputCode, LineCode
from auditor.errors import InputError
from auditor.heap import collector_paused
from auditor.models import Post


class LineProblem(ValueError):
    """Why a line was refused: a codes.LineCode with its params; str() is the English 'field: problem'."""

    def __init__(self, message: str, code: str, **params):
        super().__init__(message)
        self.code, self.params = code, params


@dataclass
class LineError:
    path: str
    line: int
    message: str  # "field: problem" (English, for logs and tests)
    code: str = LineCode.INVALID  # what the presentation words the problem from, with params
    params: dict = field(default_factory=dict)
    # What the line still tells of its post, where readable as text: platform, account (its id),
    # district, published_at, text. The audit decides from them whose rules the line leaves undecided.
    clues: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class PostsFile:
    posts: list[Post] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    path: str = ""


def read_posts(path: str | Path, known_districts: set[str] | None = None) -> PostsFile:
    """Read a posts file; a bad line is reported as FILE:LINE: field: problem and skipped. A file
    saved as a whole in another encoding than UTF-8 (UTF-16, Thai Windows) is refused (InputError,
    InputCode.NOT_UTF8): its every line would be skipped, one message each."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: posts file not found", code=InputCode.FILE_NOT_FOUND, path=str(path),
                         what="posts") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read posts file: {exc.strerror}", code=InputCode.FILE_UNREADABLE, path=str(path),
                         error=exc.strerror) from None
    out = _read_lines(str(path), raw, known_districts)
    if out.errors and (encoding := foreign_encoding(raw)):  # asked only of a file with a bad line
        raise InputError(f"{path}: the file is not UTF-8 (it looks like {encoding}); save it as UTF-8 and try again",
                         code=InputCode.NOT_UTF8, path=str(path), encoding=encoding)
    return out


@collector_paused()  # tens of thousands of posts, none of them garbage
def _read_lines(path: str, raw: bytes, known_districts: set[str] | None) -> PostsFile:
    out = PostsFile(path=path)
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            post = _known_district(_quick_post(line) or _parse_line(line), known_districts)
        except ValueError as exc:
            out.errors.append(_line_error(path, number, line, exc))
            continue
        out.posts.append(post)
    return out


def _line_error(path: str, number: int, line: bytes, exc: ValueError) -> LineError:
    code, params = getattr(exc, "code", LineCode.INVALID), getattr(exc, "params", None)
    if params is None:
        where, _, problem = str(exc).partition(": ")
        params = {"field": where, "problem": problem}
    return LineError(path, number, str(exc), code, params, clues(line))


def foreign_encoding(raw: bytes) -> str | None:
    """The encoding a whole file was saved in when it is not UTF-8, else None.

    'utf-32' or 'utf-16': a byte-order mark, or NUL bytes (JSON text in UTF-8 holds none) where the
    whole reads in that encoding as text starting with '{' and holding no NUL. 'cp874' (Thai
    Windows, TIS-620): no line with non-ASCII bytes is UTF-8, they are at least half the lines, and
    the whole reads as cp874 with Thai in it. A UTF-8 file with a few broken lines is not foreign:
    those lines are skipped one by one.
    """
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in raw:
        return next((name for name, codec in _WIDE if _reads_as(raw, codec)), None)
    lines = [line for line in raw.split(b"\n") if line.strip()]
    foreign = [line for line in lines if not line.isascii()]
    if not foreign or any(map(_is_utf8, foreign)) or 2 * len(foreign) < len(lines):
        return None
    try:
        text = raw.decode("cp874")
    except UnicodeDecodeError:
        return None
    return "cp874" if _THAI.search(text) else None


_WIDE = (("utf-32", "utf-32-le"), ("utf-32", "utf-32-be"), ("utf-16", "utf-16-le"), ("utf-16", "utf-16-be"))
_THAI = re.compile("[\u0e01-\u0e5b]")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reads_as(raw: bytes, codec: str) -> bool:
    """The bytes are JSON-looking text in this codec: they decode, start with '{', hold no NUL."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return text.lstrip().startswith("{") and "\x00" not in text


_CLUE_FIELDS = ("platform", "district", "published_at", "text")
# A line that is not JSON at all (cut off, a stray quote) may still name its post's platform,
# district, time and account as the collectors write them.
_CLUE = re.compile(r'"(platform|district|published_at)"\s*:\s*"([^"\\]{1,200})"')
_ACCOUNT_ID = re.compile(r'"account"\s*:\s*\{[^{}]*?"id"\s*:\s*"([^"\\]{1,200})"')
# A key of a post where the line's text has it (inside a string it would be written \"post_id\").
_POST_KEY = re.compile(r'(?<!\\)"post_id"\s*:')


def clues(line: bytes) -> dict:
    """What a skipped line still tells of its post: platform, account (id), district, published_at
    and text, each only where it is text. Read again only for a skipped line.

    A line may hold several posts (two files joined without a newline between them, a JSON array):
    then only `posts`, how many it seems to hold, since its other clues would name one of them."""
    try:
        data = orjson.loads(line.removeprefix(codecs.BOM_UTF8))
    except orjson.JSONDecodeError:
        data = None
    text = line.decode("utf-8", "replace")
    posts = len(_POST_KEY.findall(text))
    if isinstance(data, list):
        posts = max(posts, sum(isinstance(item, dict) for item in data))
    if posts > 1:
        return {"posts": posts}
    if isinstance(data, dict):
        out = {k: data[k] for k in _CLUE_FIELDS if isinstance(data.get(k), str)}
        account = data.get("account")
        if isinstance(account, dict) and isinstance(account.get("id"), str):
            out["account"] = account["id"]
        return out
    out = dict(_CLUE.findall(text))
    if account := _ACCOUNT_ID.search(text):
        out["account"] = account.group(1)
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
        raise LineProblem(f"district: unknown district id {post.district!r} (not in the registry)",
                          LineCode.UNKNOWN_DISTRICT, field="district", value=post.district)
    return post


def _parse_line(line: bytes) -> Post:
    """The careful way: the line decoded by the json module, and every problem worded."""
    text = _decode(line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # some of the json module's messages end in "at" ("Unterminated string starting at")
        at = "column" if exc.msg.endswith(" at") else "at column"
        raise LineProblem(f"(line): not valid JSON: {exc.msg} {at} {exc.colno}", LineCode.NOT_JSON, field="(line)",
                          problem=exc.msg, column=exc.colno) from None
    except RecursionError:
        raise _too_deep() from None
    try:
        problem = contract_problem(data)
    except RecursionError:  # jsonschema words a wrong value with its repr, which a deep one exhausts
        raise _too_deep() from None
    if problem:
        raise problem
    try:
        return Post.from_dict(data)
    except ValueError as exc:  # what the schema cannot say: a real time, in range
        where, _, said = str(exc).partition(": ")
        if where in ("published_at", "collected_at"):
            raise LineProblem(str(exc), LineCode.BAD_TIME, field=where, value=_short(data.get(where)), problem=said) from None
        raise LineProblem(str(exc), LineCode.INVALID, field=where, problem=said) from None


def _too_deep() -> LineProblem:
    return LineProblem("(line): JSON nested too deeply", LineCode.TOO_DEEP, field="(line)")


def _decode(line: bytes) -> str:
    """The line as text, a byte-order mark at its start dropped, as the "utf-8-sig" codec reads it
    (whose Python wrapper costs as much as the decoding itself)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start - len(codecs.BOM_UTF8) if line.startswith(codecs.BOM_UTF8) else exc.start
        raise LineProblem(f"(line): not UTF-8 (byte {start})", LineCode.NOT_UTF8, field="(line)",
                          byte=start) from None  # counted after the mark, as ever
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


def contract_problem(data) -> LineProblem | None:
    """How a decoded line first breaks the Post contract ('field: problem', with its code), or None.

    The compiled check passes a good line; for a bad one jsonschema finds the problem; the wording
    is ours, short, and never echoes a long value.
    """
    if not isinstance(data, dict):
        got = _JSON_TYPES.get(type(data), "a value")
        return LineProblem(f"(line): expected a JSON object, got {got}", LineCode.NOT_OBJECT, field="(line)", got=got)
    if _conforms(data):
        return None
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(data))
    if error is None:
        return None
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        name = f"{where + '.' if where else ''}{missing}"
        return LineProblem(f"{name}: required field is missing", LineCode.MISSING, field=name)
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        got = _JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
        return LineProblem(f"{where}: expected {' or '.join(_TYPE_WORDS.get(w, w) for w in wanted)}, got "
                           f"{_TYPE_WORDS.get(got, got)}", LineCode.WRONG_TYPE, field=where, wanted=list(wanted), got=got)
    if error.validator == "enum":
        value, allowed = _short(error.instance), ", ".join(map(str, error.validator_value))
        return LineProblem(f"{where}: {value} is not one of {allowed}", LineCode.NOT_ONE_OF, field=where, value=value,
                           allowed=allowed)
    if error.validator == "minLength":
        return LineProblem(f"{where}: must not be empty", LineCode.EMPTY, field=where)
    return LineProblem(f"{where or '(line)'}: {error.message[:200]}", LineCode.INVALID, field=where or "(line)",
                       problem=error.message[:200])


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

