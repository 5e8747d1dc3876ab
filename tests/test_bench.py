"""The nationwide benchmark keeps working: one tiny run (not a timed test; CI only checks it runs)."""

import json
import subprocess
import sys
from pathlib import Path

from auditor.posts_io import read_posts
from auditor.registry import load_registry
from bench.nationwide import write_month

ROOT = Path(__file__).resolve().parents[1]


def test_generated_month_is_valid_config_and_posts(tmp_path):
    config, posts = write_month(tmp_path, 12, 300)
    registry = load_registry(config)
    assert len(registry.districts) == 12 and any(not o.is_district for o in registry.offices)
    read = read_posts(posts, {o.id for o in registry.offices})
    assert not read.errors and len(read.posts) == 300
    texts = " ".join(p.text for p in read.posts)
    assert "#คลิกชุมชน" in texts and "https://" in texts and any(p.district is None for p in read.posts)
    assert write_month(tmp_path / "again", 12, 300)[1].read_bytes() == posts.read_bytes()  # seeded


def test_bench_runs_once_on_a_tiny_month(tmp_path):
    out = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, "bench/bench_nationwide.py", "--scale", "0.005", "--cases", "province",
                             "--repeats", "1", "--pages", "4", "--latency", "0.01", "--json", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    case = figures["cases"][0]
    assert case["summary"]["posts"] > 0 and case["cli"]["cpu"] > 0
    assert set(case["phases"]) >= {"load", "evaluate", "store", "JSON", "HTML", "XLSX/CSV"}
    assert "error" not in figures["collection"] and figures["collection"]["8"] > 0
    assert "ours vs twitter-text" in result.stdout or "twitter-text is not installed" in result.stdout


def test_bench_checks_consecutive_months_into_one_store(tmp_path):
    out = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, "bench/bench_nationwide.py", "--months", "2", "--scale", "0.005",
                             "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    months = json.loads(out.read_text(encoding="utf-8"))["months"]
    assert [m["month"] for m in months] == ["2024-10", "2024-11"]
    assert all(m["exit"] in (0, 1, 3) and m["cpu"] > 0 and m["peak_mb"] > 0 for m in months)
