"""Facts stay where they belong: the province is the registry's, the examples' districts the ruleset's."""

from __future__ import annotations

import copy
from pathlib import Path

from sample_scorecards import sample_scorecards

from auditor.cli import main
from auditor.present.report import build_pages, environment
from auditor.rules.examples import example_registry, run_examples
from auditor.rules.ruleset import load_ruleset

KHON_KAEN = """\
[province]
id = "khon-kaen"
name_th = "ขอนแก่น"
name_en = "Khon Kaen"

[[offices]]
id = "mueang-khon-kaen"
name_th = "เมืองขอนแก่น"
name_en = "Mueang Khon Kaen"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอเมืองขอนแก่น"]

[[offices]]
id = "ban-phai"
name_th = "บ้านไผ่"
name_en = "Ban Phai"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอบ้านไผ่"]
"""


def test_the_overview_names_the_registrys_province():
    sc = copy.deepcopy(sample_scorecards())
    sc["province"] = {"id": "khon-kaen", "name_th": "ขอนแก่น", "name_en": "Khon Kaen"}
    assert kicker(sc).startswith("จังหวัดขอนแก่น · ")
    del sc["province"]  # scorecards stored before the field: no province named, and not another one
    assert "จังหวัด" not in kicker(sc)


def kicker(sc: dict) -> str:
    overview, glance, _ = build_pages(sc)
    html = environment().get_template("index.html").render(page=overview, glance=glance)
    return html.split('<p class="kicker">')[1].split("</p>")[0]


def test_rules_with_another_provinces_registry(runner, make_registry):
    config = make_registry.file(KHON_KAEN)
    result = runner.invoke(main, ["rules", "--config", str(config)])
    assert result.exit_code == 0, result.output
    held, total = result.output.strip().splitlines()[-1].split(" examples hold")[0].split(" of ")
    assert held == total and int(total) > 20


def test_a_provinces_own_examples_run_against_its_registry(make_registry, tmp_path):
    """An edition whose examples are about the province's own district is checked with its registry."""
    registry = make_registry(text=KHON_KAEN)
    edition = tmp_path / "edition.yaml"
    text = Path(load_ruleset(None).path).read_text(encoding="utf-8")
    edition.write_text(text.replace("example_district: warin-chamrap", "example_district: ban-phai")
                       .replace("district: warin-chamrap", "district: ban-phai")
                       .replace("district: khemarat", "district: mueang-khon-kaen")
                       .replace("วารินชำราบ", "บ้านไผ่").replace("เขมราฐ", "เมืองขอนแก่น"), encoding="utf-8")
    ruleset = load_ruleset(edition)
    assert example_registry(ruleset, registry) is registry
    results = run_examples(ruleset, registry)
    assert results and all(r.ok for r in results), [r for r in results if not r.ok]
