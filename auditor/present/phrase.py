"""scorecards.json's message fields, worded from the codes the engine and reconciliation wrote.

The engine writes each rule's `detail_note` and `todo`, each post's `note_codes`, each
unattributed post's `reason_code`; reconciliation writes each problem's `code` and `params`.
`phrase_scorecards` adds beside them the fields readers of scorecards.json had before codes
existed (detail, missing_th, missing_kind, notes, reason, reason_th, reason_en), from words.
"""

from __future__ import annotations

from auditor.codes import Note, TodoKind
from auditor.present import advice, words


def phrase_scorecards(cards: dict) -> dict:
    """Fill the message fields of a scorecards document from its codes, in place; return it."""
    for d in cards.get("districts", []):
        for rule in d.get("rules") or []:
            _phrase_rule(rule, d)
        for post in d.get("posts") or []:
            post["notes"] = [words.post_note(n) for n in words.notes_of(post.get("note_codes"))]
        phrase_reconciliation(d.get("reconciliation"))
    for u in cards.get("unattributed") or []:
        if u.get("reason_code"):
            u["reason"] = words.unattributed(u["reason_code"], u.get("reason_params"))
    return cards


def _phrase_rule(rule: dict, district: dict) -> None:
    if rule.get("detail_note"):
        blocked = [_plain_channel(b) for b in rule.get("blocked") or []]
        text = words.detail(Note.from_dict(rule["detail_note"]))
        rule["detail"] = text + words.fill(words.BLOCKED, {"channels": ", ".join(blocked)}) if blocked else text
    item = advice.rule_todo(rule)
    if item is None:
        rule.setdefault("missing_th", "")
        return
    if rule.get("verdict") == "fail" or rule.get("progress") == "behind":
        phrase = advice.missing_phrase(rule, district)
    else:
        phrase = advice.join(advice.todo_phrases(rule, district))
    rule["missing_th"] = (words.fill(words.ADVICE["must"]) + phrase) if item.kind == TodoKind.TODO else phrase
    rule["missing_kind"] = str(item.kind)


def _plain_channel(b: dict) -> str:
    return f"{words.platform_label(b.get('platform', ''))} ({b.get('account', '')})"


def phrase_reconciliation(rec: dict | None) -> None:
    """Word a district's reconciliation lists in place: reason_th, reason_en and the posts' notes."""
    if not rec:
        return
    for x in rec.get("problems", []) + rec.get("self_reported", []):
        x["reason_th"] = words.reason(x.get("code", ""), x.get("params"))
        x["reason_en"] = words.reason(x.get("code", ""), x.get("params"), words.EN)
        if "note_codes" in x:
            x["notes"] = [words.post_note(n) for n in words.notes_of(x["note_codes"])]


def data_notes(warnings: list) -> list[dict]:
    """Notes on the month's data as scorecards.json keeps them: {code, params, message (English)}."""
    out = []
    for w in warnings:
        if isinstance(w, Note):
            out.append({**w.to_dict(), "message": words.data_note(w, lang=words.EN)})
        elif isinstance(w, dict):
            out.append(dict(w))
        else:
            out.append({"code": "", "params": {}, "message": str(w)})
    return out
