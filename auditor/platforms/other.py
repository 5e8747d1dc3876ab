"""Anything else a post or a report row names: no channel, no hosts; links only checked to open."""

from __future__ import annotations

from auditor.platforms.base import Platform

OTHER = Platform(id="other", label_th="อื่น ๆ", label_en="Other", short="อื่น", collected=False)
