"""Target arithmetic from the seed's rows, including where its printed totals disagree."""

import csv

import pytest

from auditor.selfreport.targets import default_targets_path, load_targets, shop_target


@pytest.mark.parametrize("operators, target", [(185, 2), (249, 2), (150, 2), (149, 1), (61, 1), (26, 1), (0, 1)])
def test_shop_target_is_one_percent_rounded_half_up_minimum_one(operators, target):
    assert shop_target(operators) == target


def test_rows_agree_with_the_seeds_per_district_targets():
    rows = list(csv.DictReader(default_targets_path().read_text(encoding="utf-8").splitlines()))
    table = load_targets()
    for row in rows:
        assert table.targets[row["district_id"]].shop_signups == int(row["shop_signups_target_per_month"])


def test_seed_inconsistencies_warn_and_the_rows_win():
    table = load_targets()
    assert sum(t.shop_signups for t in table.targets.values()) == 31
    assert {"code": "seed_total", "params": {"printed": 30, "total": 31}} in [w.to_dict() for w in table.warnings]
    assert table.targets["khueang-nai"].download_group == 187  # printed 183
    assert table.targets["khemarat"].download_group == 127  # printed 123
    flagged = sorted(w.params["district"] for w in table.warnings if w.code == "seed_downloads")
    assert flagged == ["khemarat", "khueang-nai"]
    assert len(table.warnings) == 3


@pytest.mark.parametrize("district, group, required", [
    ("warin-chamrap", 196, 157),  # 156.8 → 157: a person installs the app or not
    ("na-yia", 38, 31),  # 30.4 → 31
    ("mueang-ubon-ratchathani", 162, 130),  # 129.6 → 130
])
def test_download_target_is_80_percent_of_the_group_rounded_up(district, group, required):
    t = load_targets().targets[district]
    assert (t.download_group, t.downloads_required()) == (group, required)


def test_a_broken_targets_file_names_the_row(tmp_path):
    bad = tmp_path / "targets.csv"
    bad.write_text("seq,district_id,otop_operators\n1,x,many\n", encoding="utf-8")
    from auditor.errors import ConfigError
    with pytest.raises(ConfigError, match="row 2"):
        load_targets(bad)
