"""What a district still has to do this month, in Thai, from its scorecard's structured to-dos.

A rule that did not pass carries a `todo` ({code, n, platforms, params, kind}) written by the
check it uses; the phrasing here is keyed by that code, never by rule id, so a new rule in a
ruleset that reuses a check is advised about without code. `todo_lines(district)` gives the
lines (for a message to the district), `missing_sentence` joins them into the one sentence
the pages show. Scorecards stored before to-dos existed fall back to their `missing_th`.
"""

from __future__ import annotations

from auditor.codes import Kind, Todo, TodoCode, TodoKind
from auditor.present import words
from auditor.present.words import ADVICE, fill, platform_label


def rule_todo(rule: dict) -> Todo | None:
    """The rule's structured to-do, or None (passed, or stored before to-dos existed)."""
    data = rule.get("todo")
    return Todo.from_dict(data) if isinstance(data, dict) and data.get("code") else None


def todo_kind(rule: dict) -> str:
    """todo / fact / note ('' when nothing is missing). Older scorecards: their missing_kind (a to-do
    when they predate it)."""
    item = rule_todo(rule)
    if item is not None:
        return item.kind
    if not (rule.get("missing_th") or "").strip():
        return ""
    return rule.get("missing_kind") or TodoKind.TODO


def is_fact(rule: dict) -> bool:
    """A failed rule whose to-do says what happened (a late report), not what to do."""
    return todo_kind(rule) == TodoKind.FACT


def fact(rule: dict) -> str:
    """What happened, for a rule whose to-do is a fact."""
    item = rule_todo(rule)
    return words.todo(item) if item is not None else (rule.get("missing_th") or "").strip()


def todo_phrases(rule: dict, district: dict | None = None) -> list[str]:
    """What is still to do for one rule that did not pass, without the leading 'ต้อง'."""
    item = rule_todo(rule)
    if item is None:
        given = (rule.get("missing_th") or "").strip()
        if given:
            return [given.removeprefix("ต้อง").strip()]
        return [fill(ADVICE["pass_rule"], {"title": rule.get("title_th") or rule.get("rule", "")})]
    if item.code == TodoCode.MORE_CHANNELS:
        return [_channels_phrase(item)]
    if item.code == TodoCode.MORE_ACTIVITIES and item.n:
        return _activity_phrases(item, district or {})
    return [words.todo(item)]


def missing_phrase(rule: dict, district: dict | None = None) -> str:
    """What one failed rule still needs: a to-do (without 'ต้อง') or, for a late report, the fact."""
    return fact(rule) if is_fact(rule) else join(todo_phrases(rule, district))


def todo_lines(district: dict) -> list[str]:
    """The district's to-do, one Thai line per thing to do ('ต้อง…'), then what happened: for a
    message to the district. A post on a new channel that fixes two rules is one line."""
    failed, facts, due = _sorted_rules(district)
    must = fill(ADVICE["must"])
    return [must + phrase for phrase in _todos(failed, due, district)] + facts


def missing_sentence(district: dict, fmt=None) -> str:
    """ONE Thai sentence: what the district still has to do this month (or why we cannot tell)."""
    rules = district.get("rules") or []
    failed, facts, due = _sorted_rules(district)
    todos = _todos(failed, due, district)
    sentence = fill(ADVICE["must"]) + join(todos) if todos else ""
    if facts:
        sentence = f"{sentence} {fill(ADVICE['also'])}{join(facts)}" if sentence else join(facts)
    unknown = [r for r in rules if r.get("verdict") == "unknown" and r not in due and not _not_met(r)]
    why = _undecided_why(district, unknown)
    if why:
        sentence = (f"{sentence} {fill(ADVICE['undecided_rest'], {'why': why})}" if sentence
                    else fill(ADVICE["undecided_all"], {"why": why}))
    if not sentence:
        sentence = fill(ADVICE["all_done"])
    if district.get("days_left") is not None and district.get("verdict") != "pass" and (todos or facts or unknown):
        sentence += fill(ADVICE["days_left"], {"days": district["days_left"]})
    return fmt.text(sentence) if fmt is not None else sentence


def undecided_sentence(district: dict) -> str:
    """Only what cannot be decided yet and why ('' when every rule is decided): for a message
    that lists the district's to-do itself (todo_lines), so the to-do is not said twice."""
    failed, facts, due = _sorted_rules(district)
    unknown = [r for r in district.get("rules") or [] if r.get("verdict") == "unknown" and r not in due and not _not_met(r)]
    why = _undecided_why(district, unknown)
    if not why:
        return ""
    return fill(ADVICE["undecided_rest" if facts or _todos(failed, due, district) else "undecided_all"], {"why": why})


def _undecided_why(district: dict, unknown: list[dict]) -> str:
    """Why some rules are undecided ('' when none is): no data, a channel not collected or not configured."""
    unchecked = unchecked_channels(district)
    if unknown or (district.get("verdict") == "incomplete" and unchecked):
        return _unknown_tail(unchecked, unknown)
    return ""


def _sorted_rules(district: dict) -> tuple[list[dict], list[str], list[dict]]:
    """(failed rules that need doing, facts, rules not decided yet whose to-do is for the district)."""
    rules = district.get("rules") or []
    failed = [r for r in rules if _not_met(r) and not is_fact(r)]
    facts = [fact(r) for r in rules if _not_met(r) and is_fact(r)]
    due = [r for r in rules if r.get("verdict") == "unknown" and not _not_met(r) and todo_kind(r) == TodoKind.TODO]
    return failed, facts, due


def _not_met(rule: dict) -> bool:
    """Failed, or (a month in progress) behind: not yet met, with something for the district to do."""
    return rule.get("verdict") == "fail" or rule.get("progress") == "behind"


def _todos(failed: list[dict], due: list[dict], district: dict) -> list[str]:
    """Phrases of the failed rules (more posts and more channels said once) and of the rules due."""
    posts = next((r for r in failed if _code(r) == TodoCode.MORE_POSTS), None)
    channels = next((r for r in failed if _code(r) == TodoCode.MORE_CHANNELS), None)
    out = []
    for r in failed:
        if posts is not None and channels is not None and r in (posts, channels):
            if r is posts:
                out.append(_promotion_phrase(rule_todo(posts), rule_todo(channels)))
            continue
        out.extend(todo_phrases(r, district))
    return out + [p for r in due for p in todo_phrases(r, district)]


def _code(rule: dict) -> str:
    item = rule_todo(rule)
    return item.code if item is not None else ""


# ---------------------------------------------------------------- posts and channels


def _elsewhere(platforms) -> str:
    names = [platform_label(p) for p in platforms]
    if not names:
        return fill(ADVICE["elsewhere_any"])
    listed = ", ".join(names[:-1]) + fill(ADVICE["or"]) + names[-1] if len(names) > 1 else names[0]
    return fill(ADVICE["elsewhere_not"], {"names": listed})


def _channels_phrase(item: Todo) -> str:
    if not item.platforms:
        return fill(ADVICE["channels_distinct"], {"need": item.params.get("need", item.n)})
    return words.fill(words.TODOS[TodoCode.MORE_CHANNELS], {"n": item.n, "elsewhere": _elsewhere(item.platforms)})


def _promotion_phrase(posts: Todo, channels: Todo) -> str:
    """More posts and more channels both needed: one post on a new channel can fix both, so say it once."""
    total = max(posts.n or 0, channels.n or 0, 1)
    if not channels.platforms:
        return fill(ADVICE["posts_in_channels"], {"total": total, "need": channels.params.get("need", channels.n)})
    where = _elsewhere(channels.platforms)
    if total > (channels.n or 0):
        return fill(ADVICE["posts_some_elsewhere"], {"total": total, "k": max(channels.n or 0, 1), "where": where})
    return fill(ADVICE["posts_on_channels"], {"total": total, "where": where})


# ---------------------------------------------------------------- activities


def _activity_phrases(item: Todo, district: dict) -> list[str]:
    """Activities held but not counted need their posts fixed; only the rest need new activities."""
    platform = item.params.get("platform") or (item.platforms[0] if item.platforms else "facebook")
    needed = item.n or 0
    posts = {post_key(p): p for p in district.get("posts") or []}
    fixes = sorted((_activity_fix(a, posts, platform) for a in district.get("activities") or []
                    if not a.get("counted", True)), key=len)[:needed]
    on_platform = [f for f in fixes if f != ["no_post"]]
    phrases = []
    if on_platform:
        found = {code for f in on_platform for code in f}
        what = fill(ADVICE["and"]).join(fill(ADVICE[f"fix_{c}"]) for c in ("page_tag", "hashtags") if c in found)
        phrases.append(fill(ADVICE["fix_activity_posts"], {"n": len(on_platform), "platform": platform,
                                                            "what": what or fill(ADVICE["fix_other"])}))
    if len(fixes) > len(on_platform):
        phrases.append(fill(ADVICE["post_held_activities"], {"n": len(fixes) - len(on_platform), "platform": platform}))
    if needed > len(fixes):
        phrases.append(words.todo(Todo(TodoCode.MORE_ACTIVITIES, needed - len(fixes), params={"platform": platform})))
    return phrases


def closest_post(activity: dict, posts: dict[str, dict], platform: str = "facebook") -> str | None:
    """The activity's post on the platform (its key) with the fewest problems, or None when it has none."""
    on_platform = [r for r in activity.get("posts") or [] if str(r).startswith(f"{platform}:") and r in posts]
    return min(on_platform, key=lambda r: len(post_problems(posts[r])), default=None)


def _activity_fix(activity: dict, posts: dict[str, dict], platform: str) -> list[str]:
    """What keeps an activity from counting: the problems of its post closest to counting."""
    best = closest_post(activity, posts, platform)
    return ["no_post"] if best is None else post_problems(posts[best])


def post_key(p: dict) -> str:
    return f"{p.get('platform', '')}:{p.get('post_id', '')}"


def post_problems(p: dict) -> list[str]:
    """Why a post did not count, as codes: 'unrelated', 'page_tag', 'hashtags' or 'other'."""
    if p.get("counted"):
        return []
    if p.get("kind") == "unrelated":
        return ["unrelated"]
    out = []
    if p.get("kind") == "activity" and p.get("page_tagged") is False:
        out.append("page_tag")
    failed_tags = any(rule.endswith("hashtags") and v == "fail" for rule, v in (p.get("checks") or {}).items())
    if p.get("missing_hashtags") or p.get("near_misses") or failed_tags:
        out.append("hashtags")
    return out or ["other"]


# ---------------------------------------------------------------- what could not be checked


def unchecked_channels(district: dict) -> list[tuple[str, str]]:
    """(channel, plain cause) for each channel that could not be (fully) collected."""
    out: dict[str, str] = {}
    for item in (district.get("errors") or []) + [s for s in district.get("channel_status") or []
                                                  if s.get("status") in ("error", "partial")]:
        out.setdefault(platform_label(item.get("platform", "")), status_cause(item))
    return list(out.items())


def status_cause(item: dict) -> str:
    """Why a channel in a scorecard's errors could not be collected, in plain Thai."""
    kind = item.get("kind") or (Kind.PARTIAL if item.get("status") == "partial" else "")
    return words.channel_cause(kind, item.get("params"), words.notes_of(item.get("notes")))


def not_configured(rule: dict) -> bool:
    """The rule is undecided because the district has no channel on its platforms."""
    return rule.get("verdict") == "unknown" and _code(rule) == TodoCode.NOT_CONFIGURED


def _unknown_tail(unchecked: list[tuple[str, str]], unknown_rules: list[dict]) -> str:
    """Why some rules cannot be decided: no channel configured, a channel that could not be read,
    or data not in yet."""
    if any(not_configured(r) for r in unknown_rules):
        rest = [r for r in unknown_rules if not not_configured(r)]
        return join([fill(ADVICE["not_configured"])] + ([_unknown_tail(unchecked, rest)] if rest or unchecked else []))
    if len(unchecked) == 1:
        return fill(ADVICE["unchecked_one"], {"channel": between(unchecked[0][0]), "cause": unchecked[0][1]})
    if unchecked:
        return fill(ADVICE["unchecked_many"], {"channel": between(" และ ".join(c for c, _ in unchecked))})
    names = [r.get("short_th") or r.get("title_th") or r.get("rule", "") for r in unknown_rules]
    return glue(fill(ADVICE["no_data_on"]), join(names)) if names else fill(ADVICE["some_data_missing"])


# ---------------------------------------------------------------- Thai joining


def _thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def glue(before: str, word: str) -> str:
    """Thai runs on without spaces, but a Latin word ('Shop ชุมชน', 'CDD') gets one before it."""
    return f"{before}{word}" if word and _thai(word[0]) else f"{before} {word}"


def between(name: str) -> str:
    """A channel name inside a Thai sentence: spaced when it is Latin ('Facebook'), run on when Thai."""
    return name if name and _thai(name[0]) and _thai(name[-1]) else f" {name} "


def join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return " ".join(parts[:-1]) + " " + glue(fill(ADVICE["and"]), parts[-1])
