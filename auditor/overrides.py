"""The province's overrides: record a decision (or its revocation) in the store's append-only log,
then re-evaluate the month from the store so every output shows it (not a month whose outputs came
from a posts file, whose posts the store does not keep: not_reevaluated says why).

Each decision names what it is about, why (`reason`) and who decided (`by`). The engine applies
the month's effective decisions on every scan, check and re-evaluation (MonthData.overrides);
a decision whose post has gone is kept and reported, never dropped.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from auditor.codes import Note, OverrideAction, OverrideStatus, Reevaluation, UsageCode
from auditor.errors import UsageError
from auditor.models import Override
from auditor.period import Month
from auditor.registry import Registry
from auditor.rules.judgment import Judgment
from auditor.rules.ruleset import Ruleset
from auditor.text.urls import link_keys_of, post_keys

POST_ACTIONS = (OverrideAction.COUNT, OverrideAction.REJECT, OverrideAction.ASSIGN)
ACTIONS = (*POST_ACTIONS, OverrideAction.ACCEPT, OverrideAction.WAIVE)


def add_override(store, registry: Registry, ruleset: Ruleset, month: Month, action: str, target: str, *,
                 reason: str, by: str, district: str | None = None) -> Override:
    """Check one decision against the registry, the ruleset and the stored month, then append it.
    Raises UsageError naming what is wrong (nothing is stored then)."""
    reason, by = _required("--reason", reason), _required("--by", by)
    if action not in ACTIONS:
        raise UsageError(f"override action {action!r}: expected one of {', '.join(ACTIONS)}",
                         code=UsageCode.OVERRIDE_ACTION, value=action, actions=[str(a) for a in ACTIONS])
    if action in POST_ACTIONS:
        target = post_ref(store, target, month)
        _published_in(store, target, month)
    if action == OverrideAction.ACCEPT:
        district = district or activity_district(registry, target)
        _known_activity(store, month, target, district)
    if action == OverrideAction.WAIVE and target not in {r.id for r in ruleset.monthly_rules}:
        rules = [r.id for r in ruleset.monthly_rules]
        raise UsageError(f"waive {target!r}: not a monthly rule of {ruleset.id} (one of {', '.join(rules)})",
                         code=UsageCode.WAIVE_RULE, value=target, ruleset=ruleset.id, rules=rules)
    if action in (OverrideAction.ASSIGN, OverrideAction.WAIVE, OverrideAction.ACCEPT):
        _known_district(registry, district, action)
    elif district:
        raise UsageError(f"{action}: --district is only for assign, accept and waive",
                         code=UsageCode.DISTRICT_NOT_FOR, action=action)
    return store.add_override(month, action, target, reason, by, district=district)


def revoke_override(store, override_id: int, *, reason: str, by: str) -> Override:
    """Append an entry revoking an earlier decision; the decision itself stays in the log."""
    reason, by = _required("--reason", reason), _required("--by", by)
    entry = store.override(override_id)
    if entry is None:
        raise UsageError(f"override {override_id}: no such entry (see 'auditor override list')",
                         code=UsageCode.NO_OVERRIDE, id=override_id)
    if entry.action == OverrideAction.REVOKE:
        raise UsageError(f"override {override_id} is itself a revocation; add the decision again instead",
                         code=UsageCode.REVOKE_REVOCATION, id=override_id)
    later = [o for o in store.overrides(entry.month) if o.revokes == override_id]
    if later:
        raise UsageError(f"override {override_id} was already revoked by entry {later[0].id}",
                         code=UsageCode.ALREADY_REVOKED, id=override_id, by=later[0].id)
    return store.add_override(entry.month, OverrideAction.REVOKE, str(override_id), reason, by,
                              district=entry.district, revokes=override_id)


def log_status(entries: list[Override]) -> dict[int, dict]:
    """Where each entry of the log stands, from the log alone: {status (codes.OverrideStatus),
    revoked_by, superseded_by} by id. A decision is superseded when a later one in effect decides
    the same thing in the same month (the later holds, as evaluation applies them)."""
    revoked_by = {o.revokes: o.id for o in entries if o.revokes is not None}
    superseded: dict[int, int] = {}
    for month in {o.month for o in entries}:
        effective = [o for o in entries if o.month == month and o.revokes is None and o.id not in revoked_by]
        superseded.update(Judgment.of(effective).superseded)
    return {o.id: {"status": str(OverrideStatus.REVOCATION if o.revokes is not None else OverrideStatus.REVOKED
                                 if o.id in revoked_by else OverrideStatus.SUPERSEDED if o.id in superseded
                                 else OverrideStatus.IN_EFFECT),
                   "revoked_by": revoked_by.get(o.id), "superseded_by": superseded.get(o.id)} for o in entries}


def post_ref(store, ref: str, month: Month | None = None) -> str:
    """'platform:post_id' of a stored post, from that form or from the post's link. A link as
    copied from a phone or a share button (m.facebook.com, tracking parameters, youtu.be) is
    matched by its normalized keys against the month's posts when it is not stored as written."""
    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        key = store.post_key_by_url(ref) or (_post_by_link(store, month, ref) if month else None)
        if key is None:
            raise UsageError(f"{ref}: no stored post has this link; give it as platform:post_id "
                             "(as in scorecards.json or the activity list)", code=UsageCode.NO_POST_LINK, value=ref)
        return f"{key[0]}:{key[1]}"
    platform, sep, post_id = ref.partition(":")
    if not sep or not post_id:
        raise UsageError(f"{ref!r}: expected a post as platform:post_id (e.g. facebook:1045…_1220…) or its link",
                         code=UsageCode.POST_REF, value=ref)
    if store.post_seen(platform, post_id) is None:
        raise UsageError(f"{ref}: no such post in the store (run 'auditor scan' for its month first)",
                         code=UsageCode.NO_POST, value=ref)
    return ref


def _published_in(store, ref: str, month: Month) -> None:
    """Refuse a decision on a post published in another month: it could never apply to this one."""
    post = store.post(*ref.split(":", 1))
    if post is None or month.contains(post.published_at):
        return
    local = post.published_at.astimezone(month.tz)
    other = Month(local.year, local.month, month.tz)
    raise UsageError(f"{ref}: published {local.date().isoformat()} ({other}), not in {month}: the decision could "
                     f"never apply; give --month {other}", code=UsageCode.POST_MONTH, value=ref, month=str(month),
                     post_month=str(other), date=local.date().isoformat())


def _known_activity(store, month: Month, activity_id: str, district: str | None) -> None:
    """Refuse accepting an activity the month's stored results do not have, naming the ids nearest it."""
    cards = store.load_scorecards(str(month)) or {}
    ids = [a.get("activity_id") for d in cards.get("districts") or [] if d.get("district") == district
           for a in d.get("activities") or []]
    if activity_id in ids:
        return
    near = sorted(difflib.get_close_matches(activity_id, ids, n=5, cutoff=0))
    raise UsageError(f"accept {activity_id!r}: no such activity in {month}"
                     + (f"; {district}'s nearest: {', '.join(near)}" if near else f"; {district} has none stored"),
                     code=UsageCode.NO_ACTIVITY, value=activity_id, month=str(month), near=near)


def _post_by_link(store, month: Month, url: str) -> tuple[str, str] | None:
    """(platform, post_id) of the month's stored post a link names in any of its forms, or None."""
    wanted = set(link_keys_of(url))
    if not wanted:
        return None
    return next(((p.platform, p.post_id) for p in store.posts_for_month(month) if post_keys(p) & wanted), None)


def activity_district(registry: Registry, activity_id: str) -> str:
    """The district an activity id belongs to ('warin-chamrap-0210-1' -> 'warin-chamrap')."""
    ids = sorted((o.id for o in registry.districts if activity_id.startswith(o.id + "-")), key=len, reverse=True)
    if not ids:
        raise UsageError(f"{activity_id!r}: not an activity id (e.g. warin-chamrap-0210-1, as on the district page "
                         "and in scorecards.json activities)", code=UsageCode.ACTIVITY_ID, value=activity_id)
    return ids[0]


def _known_district(registry: Registry, district: str | None, action: str) -> None:
    known = [o.id for o in registry.districts]
    if not district:
        raise UsageError(f"{action}: --district is required", code=UsageCode.DISTRICT_REQUIRED, action=action)
    if district not in known:
        raise UsageError(f"{action}: unknown district {district!r} (see {registry.path}; e.g. {known[0]})",
                         code=UsageCode.UNKNOWN_DISTRICT, values=[district], path=str(registry.path), example=known[0])


def _required(flag: str, value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise UsageError(f"{flag} must not be empty: every override records why and who decided",
                         code=UsageCode.EMPTY_FLAG, flag=flag)
    return value


def not_reevaluated(store, month: Month) -> Note | None:
    """Why the month cannot be re-evaluated from the store (a codes.Reevaluation note), or None.

    A month never evaluated has no outputs to rewrite yet. A month whose outputs came from a posts
    file (`check --posts`) has posts the store does not keep: re-evaluating it from the store would
    show none. Stores from before month_meta named the posts file know it by the month having no
    scan at all (a stored month without one was made by `check --posts`)."""
    meta = store.month_meta(str(month))  # without reading the month's whole scorecards
    if meta is None:
        return Note(Reevaluation.NO_OUTPUTS, {"month": str(month)})
    if meta.get("posts_file") or not store.runs(month):
        return Note(Reevaluation.POSTS_FILE, {"month": str(month), "file": meta.get("posts_file") or ""})
    return None


def reevaluate(store, registry: Registry, ruleset: Ruleset, month: Month, out_dir: str | Path, *,
               templates: str | Path | None = None, on_pdfs=None):
    """Re-evaluate a month the store holds (as `auditor check` does, no network) with its current
    overrides, and write every output. None when the store cannot (not_reevaluated says why):
    nothing is written then, and the month's stored outputs stay as they were."""
    from datetime import datetime

    from auditor.audit import audit_stored_month, load_month_data
    from auditor.period import parse_timestamp

    if not_reevaluated(store, month) is not None:
        return None
    meta = store.month_meta(str(month))  # the month's as_of
    as_of = meta["as_of"]
    as_of = parse_timestamp(as_of) if as_of else None
    data, warnings = load_month_data(registry, month, store, as_of, targets=ruleset.uses_targets,
                                     now=datetime.now(month.tz))
    return audit_stored_month(store, registry, ruleset, month, Path(out_dir), data=data, warnings=warnings,
                              templates=templates, on_pdfs=on_pdfs)
