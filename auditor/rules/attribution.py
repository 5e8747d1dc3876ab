"""Which district a post belongs to.

Order: the post's own `district`; else the account, via the registry; posts from the
provincial office's accounts and from accounts the registry does not know are attributed by
office hashtag, then by the district's name in the text. What cannot be attributed is listed
with the reason, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from auditor.codes import Unattributed
from auditor.text import thai
from auditor.models import Post
from auditor.registry import Registry


@dataclass(frozen=True)
class Attribution:
    district: str | None
    how: str  # district | account | hashtag | name | none
    reason: str = ""  # a codes.Unattributed when district is None
    params: dict = field(default_factory=dict, compare=False, hash=False)


class Attributor:
    """Attributes posts to districts; built once per registry (keys and name patterns precomputed)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.district_ids = {o.id for o in registry.districts}
        self.tag_keys = {k: oid for k, oid in registry.office_tag_keys().items() if oid in self.district_ids}
        # "อำเภอวารินชำราบ" or "อ.วารินชำราบ" first; a bare name is the weaker signal. A text
        # names a district only if the bare name is in it, so the pattern is compiled (once) and
        # tried only then: 878 patterns up front cost seconds, most posts never need one.
        self.names = {o.id: thai.key(o.name_th) for o in registry.districts}
        self._patterns: dict[str, regex.Pattern] = {}

    def attribute(self, post: Post, scan: thai.Scan) -> Attribution:
        if post.district in self.district_ids:
            return Attribution(post.district, "district")
        office = self.registry.office_for_account(post.platform, post.account.id)
        if office and office.is_district:
            return Attribution(office.id, "account")
        return self._by_hashtag(scan) or self._by_name(post.text) or Attribution(None, "none", Unattributed.NO_SIGNAL)

    def attribute_text(self, text: str) -> Attribution | None:
        """The district a text alone names (office hashtag, then name): for what is left of a post
        that could not be read whole. None when it names none."""
        return self._by_hashtag(thai.scan(text)) or self._by_name(text)

    def _by_hashtag(self, scan: thai.Scan) -> Attribution | None:
        hits = sorted({self.tag_keys[t.key] for t in scan.tags if t.key in self.tag_keys})
        if len(hits) == 1:
            return Attribution(hits[0], "hashtag")
        if len(hits) > 1:
            return Attribution(None, "none", Unattributed.SEVERAL_TAGS, {"districts": hits})
        return None

    def _by_name(self, text: str) -> Attribution | None:
        prose = thai.normalize_prose(text)
        named = [oid for oid, bare in self.names.items() if bare in prose]
        for strong in (True, False):
            hits = sorted(oid for oid in named if not strong or self._pattern(oid).search(prose))
            if len(hits) == 1:
                return Attribution(hits[0], "name")
            if len(hits) > 1:
                return Attribution(None, "none", Unattributed.SEVERAL_NAMES, {"districts": hits})
        return None

    def _pattern(self, oid: str) -> regex.Pattern:
        if oid not in self._patterns:
            self._patterns[oid] = regex.compile(r"(?:อำเภอ|อ\.)\s*" + regex.escape(self.names[oid]))
        return self._patterns[oid]
