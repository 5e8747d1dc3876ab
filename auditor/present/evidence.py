"""Evidence packs: what the province hands over when a verdict on a post is disputed.

`write_pack` writes, for each post of a stored month (optionally one district or one post), a
folder with

    payload.json    the raw payload as the platform answered (tokens already redacted when it was
                    stored), pretty-printed with sorted keys so a person can read it
    payload.sha256  the SHA-256 the district page shows: of the stored canonical form (compact,
                    keys sorted), which payload.json re-serializes to exactly
    record.json     where and when it was captured (first seen, last seen, fetched), the source
                    URL, the post's rule results and the district's month, earlier payloads' hashes,
                    and the override history

and at the top `manifest.json` (every file's SHA-256) and `SHA256SUMS` (the same, for
`sha256sum -c`). `verify_pack` re-hashes every file the manifest lists and re-derives each
payload's canonical hash; it names the first file that does not match.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from auditor import __version__
from auditor.codes import InputCode, PackProblem, UsageCode
from auditor.errors import AuditorError
from auditor.store import sorted_compact_json

SCHEMA = "auditor.evidence/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


class PackError(AuditorError):
    """An evidence pack cannot be written or read (no such post or district in the month, no manifest);
    its code (UsageCode.NO_EVIDENCE, InputCode.NOT_A_PACK) and params let the terminal word it."""


@dataclass
class Mismatch:
    file: str
    problem: PackProblem
    error: str | None = None  # what made an unreadable file unreadable

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}" + (f" ({self.error})" if self.error else "")


@dataclass
class Verification:
    files: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def canonical_sha256(raw) -> str:
    """The hash the store and the pages use, of an already redacted payload (as stored): the
    store's own canonical text without redacting again, so a changed byte is never masked."""
    return hashlib.sha256(sorted_compact_json(raw).encode("utf-8")).hexdigest()


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _safe(name: str) -> str:
    """A folder name from a post id ('wp:district.cdd.go.th/warin:51' → 'wp_district.cdd.go.th_warin_51')."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "post"


def override_history(store, card: dict, month: str) -> list[dict]:
    """Every entry of the province's judgment log about this post in the month, oldest first: decisions
    on the post (count, reject, assign), on its activity (accept), and the revocations of those."""
    key, activity = f"{card['platform']}:{card['post_id']}", card.get("activity_id")
    entries = store.overrides(month)
    about = {o.id for o in entries if (o.post_key and o.target == key) or (o.action == "accept" and activity
                                                                            and o.target == activity)}
    return [o.to_dict() for o in entries if o.id in about or (o.revokes is not None and o.revokes in about)]


def selected_posts(scorecards: dict, district: str | None = None, post: str | None = None) -> list[tuple[str, dict]]:
    """(district id or '', post card) of the month's posts, the unattributed ones under ''; `post` is a
    post id or 'platform:post_id'."""
    out = [(d["district"], p) for d in scorecards.get("districts") or [] for p in d.get("posts") or []]
    out += [("", p) for p in scorecards.get("unattributed") or []]
    if district:
        out = [(d, p) for d, p in out if d == district]
    if post:
        out = [(d, p) for d, p in out if post in (p.get("post_id"), f"{p.get('platform')}:{p.get('post_id')}")]
    return out


def write_pack(store, scorecards: dict, out_dir: Path, *, district: str | None = None, post: str | None = None,
               generated: datetime | None = None) -> list[Path]:
    """Write the evidence pack of a stored month's posts into out_dir; return the files written."""
    posts = selected_posts(scorecards, district, post)
    if not posts:
        what = f"post {post}" if post else f"district {district}" if district else "post"
        raise PackError(f"{scorecards['month']}: no {what} in the stored month", code=UsageCode.NO_EVIDENCE,
                        month=scorecards["month"], post=post, district=None if post else district)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cards = {d["district"]: d for d in scorecards.get("districts") or []}
    entries, files = [], {}
    for district_id, card in posts:
        folder = out_dir / (district_id or "_unattributed") / _safe(f"{card['platform']}-{card['post_id']}")
        written = _write_post(store, scorecards["month"], cards.get(district_id), card, folder)
        for path in written:
            files[path.relative_to(out_dir).as_posix()] = _sha256_file(path)
        entries.append({"district": district_id, "platform": card["platform"], "post_id": card["post_id"],
                        "folder": folder.relative_to(out_dir).as_posix(), "payload": any(p.name == "payload.json" for p in written)})
    manifest = {"schema": SCHEMA, "month": scorecards["month"], "tool_version": __version__,
                "generated_at": (generated or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
                "posts": entries, "files": dict(sorted(files.items()))}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / SUMS).write_text("".join(f"{h}  {name}\n" for name, h in sorted(files.items())), encoding="utf-8")
    return [out_dir / name for name in sorted(files)] + [out_dir / MANIFEST, out_dir / SUMS]


def _write_post(store, month: str, district: dict | None, card: dict, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    platform, post_id = card["platform"], card["post_id"]
    versions = store.evidence_versions(platform, post_id)
    seen = store.post_seen(platform, post_id)
    written = []
    if versions:
        sha, raw, fetched_at = versions[-1]
        payload = json.loads(raw)
        written.append(_text(folder / "payload.json", json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"))
        written.append(_text(folder / "payload.sha256", f"{sha}  payload.json (SHA-256 of its canonical form: compact JSON, keys sorted)\n"))
    else:
        sha = fetched_at = None
    record = {
        "platform": platform, "post_id": post_id, "district": (district or {}).get("district"),
        "district_name": (district or {}).get("name"), "month": month, "source_url": card.get("url"),
        "published_at": card.get("published_at"),
        "capture": {"first_seen": seen[0] if seen else None, "last_seen": seen[1] if seen else None, "fetched_at": fetched_at},
        "evidence_sha256": sha,
        "earlier_payloads": [{"sha256": s, "fetched_at": f} for s, _, f in versions[:-1]],
        "self_reported": bool(card.get("self_reported")),
        "rule_results": _rule_results(card, district),
        "overrides": override_history(store, card, month),
    }
    gone = store.post_gone(platform, post_id)
    if gone:
        record["gone"] = {"at": gone[0], "reason": gone[1]}
    written.append(_text(folder / "record.json", json.dumps(record, ensure_ascii=False, indent=2) + "\n"))
    return written


def _rule_results(card: dict, district: dict | None) -> dict:
    """The post's own results and the district's month, as scorecards.json has them."""
    keys = ("kind", "counted", "checks", "hashtags", "missing_hashtags", "near_misses", "unlinked", "page_tagged",
            "activity_id", "note_codes", "reason_code", "reason_params")
    post = {k: card[k] for k in keys if k in card}
    month = None
    if district:
        month = {"verdict": district.get("verdict"),
                 "rules": [{k: r.get(k) for k in ("rule", "verdict", "observed", "required", "detail")}
                           for r in district.get("rules") or []]}
    return {"post": post, "district_month": month}


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def verify_pack(directory: Path) -> Verification:
    """Re-hash every file the manifest lists, and each payload's canonical form against payload.sha256.
    Raises PackError when the directory has no readable manifest."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        files = dict(manifest["files"])
    except FileNotFoundError:
        raise PackError(f"{directory}: no {MANIFEST} here: not an evidence pack", code=InputCode.NO_PACK,
                        path=str(directory)) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackError(f"{directory / MANIFEST}: not an evidence pack's manifest ({exc})", code=InputCode.NOT_A_PACK,
                        path=str(directory / MANIFEST), error=str(exc)) from None
    result = Verification(len(files))
    for name, expected in files.items():
        path = directory / name
        if not path.is_file():
            result.mismatches.append(Mismatch(name, PackProblem.MISSING))
        elif _sha256_file(path) != expected:
            result.mismatches.append(Mismatch(name, PackProblem.CHANGED))
    for name in files:
        if name.endswith("/payload.json") and (directory / name).is_file():
            _check_payload(directory, name, result)
    for name in _unlisted(directory, files):
        result.mismatches.append(Mismatch(name, PackProblem.UNLISTED))
    return result


# What a desktop leaves in a folder it opened or unzipped; never part of a pack, never evidence.
_DESKTOP_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "Desktop.ini"})


def _unlisted(directory: Path, files: dict) -> list[str]:
    """Files in the pack that its manifest does not list: something planted in it afterwards
    (a Mac's or Windows' own files, and a zip's __MACOSX folder, are not counted)."""
    present = {path.relative_to(directory).as_posix() for path in directory.rglob("*")
               if path.is_file() and not _desktop_litter(path.relative_to(directory))}
    return sorted(present - set(files) - {MANIFEST, SUMS})


def _desktop_litter(relative: Path) -> bool:
    return (relative.name in _DESKTOP_LITTER or relative.name.startswith("._")
            or relative.parts[0] == "__MACOSX")


def _check_payload(directory: Path, name: str, result: Verification) -> None:
    try:
        payload = json.loads((directory / name).read_text(encoding="utf-8"))
        recorded = (directory / name).with_name("payload.sha256").read_text(encoding="utf-8").split()[0]
    except (OSError, ValueError, IndexError) as exc:
        result.mismatches.append(Mismatch(name, PackProblem.UNREADABLE, str(exc)))
        return
    if canonical_sha256(payload) != recorded:
        result.mismatches.append(Mismatch(name, PackProblem.PAYLOAD_HASH))
