"""Re-scans that cost little: what a channel's last complete scan left for the next one, and what the
next one does with it.

A complete channel stores a memo beside its status: the validators its answers carried (ETag,
Last-Modified), the way in it used (a website's REST, RSS or listing) and a hash of the channel's
configuration. The next scan of the same month then

* asks nothing at all when the month has ended and the channel's last complete scan came after
  its end (`settled`): the stored posts and status stand, unless `--refresh`;
* otherwise asks conditionally (`Context.previous`): a feed or page that answers 304 Not Modified,
  a WordPress REST query with `modified_after` that lists nothing, or a Facebook first page of
  `id,updated_time` with nothing updated since, means the channel is unchanged: its stored posts
  stand and it counts complete (`unchanged`).

A channel whose last scan was not complete, or whose configuration changed since, is read whole.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime

from auditor.collect.base import Context, Previous
from auditor.models import ChannelStatus
from auditor.period import Month
from auditor.registry import Channel
from auditor.store import ChannelMemo

SETTLED, UNCHANGED = "settled", "unchanged"  # why a channel's stored posts were reused


def config_hash(channel: Channel) -> str:
    """A hash of what the channel is configured to read: another account or options read something else."""
    text = json.dumps({"account": channel.account, "options": channel.options}, sort_keys=True, default=str,
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def previous(memo: ChannelMemo | None, channel: Channel, refresh: bool = False) -> Previous | None:
    """What the channel's last scan of the month leaves to reuse: only a complete scan of the same
    configuration does, and nothing does with `refresh`."""
    if refresh or memo is None or memo.status.status != "ok" or not memo.memo or not memo.collected_at:
        return None
    if memo.memo.get("config") != config_hash(channel):
        return None
    return Previous(datetime.fromisoformat(memo.collected_at), memo.memo.get("validators") or {},
                    memo.memo.get("source") or "")


def settled(last: Previous | None, month: Month, now: datetime) -> bool:
    """True when the month has ended and the channel was complete in a scan made after its end."""
    return last is not None and now >= month.end and last.collected_at >= month.end


def memo_of(ctx: Context, channel: Channel) -> dict:
    """What this scan leaves for the next one (stored only when the channel is complete)."""
    validators = {**(ctx.previous.validators if ctx.previous and ctx.unchanged else {}), **ctx.validators}
    source = ctx.source or (ctx.previous.source if ctx.previous and ctx.unchanged else "")
    return {"validators": validators, "source": source, "config": config_hash(channel)}


def reused_status(memo: ChannelMemo) -> ChannelStatus:
    """The channel's status as its last complete scan stored it (message and notes included), so a
    reused channel reads exactly as it did."""
    return replace(memo.status)
