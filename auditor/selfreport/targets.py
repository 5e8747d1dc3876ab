"""District targets, computed from the seed's rows (auditor/data/ubon-districts.csv by default).

- Shop ชุมชน sign-ups per month: at least 1% of the district's OTOP operators, minimum 1;
  the seed rounds half up (185 operators → 1.85 → 2).
- App downloads: the target group is district chief + CD officer + land office + local
  administration + kamnan + village heads; the target is 80% of the group, cumulative.
- CDD พาเที่ยว: at least 10 places recorded.

Where the seed's printed totals disagree with its rows (sign-up targets print 30 but the rows
sum to 31; download rows 4 and 5 print 183 and 123 but add up to 187 and 127) the tool warns
and uses the rows. Each targets file FILE.csv may have FILE.totals.toml beside it: the province it
belongs to and the totals its source prints. A province reads only its own table: the bundled
one is used only for the province its totals file names, so no other province sees its facts.
"""

from __future__ import annotations

import csv
import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from auditor.codes import DataNote, Note
from auditor.errors import ConfigError

DOWNLOAD_COLUMNS = ("dl_district_chief", "dl_cd_officer", "dl_land_office", "dl_local_admin", "dl_kamnan", "dl_village_heads")


@dataclass(frozen=True)
class Targets:
    district: str
    otop_operators: int
    shop_signups: int  # per month
    download_group: int
    downloads_printed_total: int | None

    def downloads_required(self, share: float = 0.8) -> int:
        """Installs needed: the share of the group, rounded up (a person installs or not)."""
        return math.ceil(self.download_group * share - 1e-9)


@dataclass
class TargetTable:
    targets: dict[str, Targets]
    warnings: list[Note]  # codes.DataNote: where the seed's printed numbers disagree with its rows
    source: str


def shop_target(operators: int, share: float = 0.01) -> int:
    """At least `share` of the operators, minimum 1, rounded half up as the seed does."""
    return max(1, math.floor(operators * share + 0.5))


def default_targets_path() -> Path:
    return Path(str(resources.files("auditor.data").joinpath("ubon-districts.csv")))


def load_targets(path: str | Path | None = None, printed: dict | None = None) -> TargetTable:
    """Read the target rows; warn where printed totals disagree with the rows."""
    path = Path(path) if path else default_targets_path()
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    except FileNotFoundError:
        raise ConfigError(f"{path}: targets file not found") from None
    targets, warnings = {}, []
    for number, row in enumerate(rows, start=2):
        t = _row(path, number, row)
        targets[t.district] = t
        where = {"file": path.name, "row": row.get("seq", number - 1), "district": t.district}
        if t.downloads_printed_total is not None and t.downloads_printed_total != t.download_group:
            warnings.append(Note(DataNote.SEED_DOWNLOADS, {**where, "printed": t.downloads_printed_total,
                                                           "total": t.download_group}))
        listed = (row.get("shop_signups_target_per_month") or "").strip()
        if listed and int(listed) != t.shop_signups:
            warnings.append(Note(DataNote.SEED_SIGNUPS, {**where, "printed": int(listed), "operators": t.otop_operators,
                                                         "target": t.shop_signups}))
    printed = printed_totals(path) if printed is None else printed
    total = sum(t.shop_signups for t in targets.values())
    if printed.get("shop_signups_target_total") not in (None, total):
        warnings.append(Note(DataNote.SEED_TOTAL, {"printed": printed["shop_signups_target_total"], "total": total}))
    return TargetTable(targets, warnings, str(path))


def _row(path: Path, number: int, row: dict) -> Targets:
    try:
        district = row["district_id"].strip()
        operators = int(row["otop_operators"])
        group = sum(int(row[c]) for c in DOWNLOAD_COLUMNS)
        printed = (row.get("dl_total_as_printed") or "").strip()
    except (KeyError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{path}: row {number}: bad or missing target column ({exc})") from None
    return Targets(district, operators, shop_target(operators), group, int(printed) if printed else None)


def printed_totals(path: str | Path) -> dict:
    """FILE.totals.toml beside a targets file FILE.csv (the province and printed totals), or {}."""
    totals = Path(path).with_suffix(".totals.toml")
    try:
        return tomllib.loads(totals.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{totals}: cannot read the printed totals: {exc}") from None


def targets_for(registry) -> TargetTable:
    """The province's own targets: its [targets] file, else the bundled table when it is this
    province's; otherwise an empty table (every district then says it has no target)."""
    if registry.targets_file:
        return load_targets(registry.resolve(registry.targets_file))
    bundled = default_targets_path()
    if printed_totals(bundled).get("province") == registry.province.get("id"):
        return load_targets(bundled)
    return TargetTable({}, [], "")
