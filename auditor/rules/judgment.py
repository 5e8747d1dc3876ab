"""The province's overrides as the engine applies them: input data, indexed by what they change.

The engine evaluates a district twice when an override touches it: once as the machine sees it
(no override) and once with the province's decisions, so every page can show both. Nothing
here reads the store: the effective overrides arrive in MonthData.overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.codes import OverrideAction
from auditor.models import Override


@dataclass
class Judgment:
    """The effective overrides of one month. When two decide the same thing, the later one holds."""

    posts: dict[tuple[str, str], Override] = field(default_factory=dict)  # count / reject
    assign: dict[tuple[str, str], Override] = field(default_factory=dict)
    accept: dict[str, Override] = field(default_factory=dict)  # activity id
    waive: dict[tuple[str, str], Override] = field(default_factory=dict)  # (district, rule id)
    all: list[Override] = field(default_factory=list)
    applied: dict[int, str] = field(default_factory=dict)  # override id -> the district it changed
    machine_district: dict[tuple[str, str], str | None] = field(default_factory=dict)  # of each assigned post
    superseded: dict[int, int] = field(default_factory=dict)  # override id -> the later one that holds instead

    @classmethod
    def of(cls, overrides) -> "Judgment":
        j = cls(all=sorted(overrides or (), key=lambda o: o.id))
        for o in j.all:
            if o.action in (OverrideAction.COUNT, OverrideAction.REJECT):
                j._hold(j.posts, o.post_key, o)
            elif o.action == OverrideAction.ASSIGN:
                j._hold(j.assign, o.post_key, o)
            elif o.action == OverrideAction.ACCEPT:
                j._hold(j.accept, o.target, o)
            elif o.action == OverrideAction.WAIVE:
                j._hold(j.waive, (o.district or "", o.target), o)
        return j

    def _hold(self, table: dict, key, o: Override) -> None:
        """o decides `key` from now on; the decisions it replaces are superseded by it."""
        earlier = table.get(key)
        if earlier is not None:
            for old, by in self.superseded.items():
                if by == earlier.id:
                    self.superseded[old] = o.id
            self.superseded[earlier.id] = o.id
        table[key] = o

    def __bool__(self) -> bool:
        return bool(self.all)

    def district_of(self, key: tuple[str, str], machine: str | None, known: set[str]) -> str | None:
        """The district a post belongs to: the province's assignment (to a known district), else the machine's."""
        o = self.assign.get(key)
        if o is None or o.district not in known:
            return machine
        self.applied[o.id] = o.district
        self.machine_district[key] = machine
        return o.district

    def mark(self, o: Override, district: str) -> Override:
        self.applied[o.id] = district
        return o

    def in_district(self, district: str) -> list[Override]:
        """The overrides applied in a district, oldest first."""
        return [o for o in self.all if self.applied.get(o.id) == district]

    def not_applied(self, seen: dict[tuple[str, str], str | None], evaluated: set[str]) -> list[Override]:
        """Overrides that changed nothing: their post is not among the month's posts (deleted, made
        private, another month) or belongs to no district, or their activity or rule was not found
        in a district that was evaluated. seen maps each post of the month to its district. A
        decision a later one superseded is not among them: it was found, and the later one holds."""
        out = []
        for o in self.all:
            if o.id in self.applied or o.id in self.superseded:
                continue
            key = o.post_key
            if key is not None:
                if key not in seen or seen[key] is None or seen[key] in evaluated:
                    out.append(o)
            elif o.district is None or o.district in evaluated:
                out.append(o)
        return out
