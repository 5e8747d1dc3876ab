"""The month's PDFs when outputs are rewritten (present.pdf.drop_stale): those printed from other
scorecards are removed and the operator told so; those with no record of their scorecards
(printed before pdfs.json existed) are kept, never attached, and the operator told so; the
scorecards' key is the same for the document before scrubbing, after it and from the store; a
PDF is hashed only when its size or time differ from what the manifest recorded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.audit import write_outputs, write_pdfs
from auditor.cli import main
from auditor.notify.run import Options, notify_month
from auditor.period import Month
from auditor.present import pdf
from auditor.present.pdf import current_pdfs, drop_stale, record_printed, scorecards_key
from auditor.registry import load_registry
from auditor.store import Store
from auditor.text.safe import scrub
from tests.test_notify import DEMO
from tests.test_notify_review import fake_pdf, scan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tidy")
    scan(tmp)
    return tmp


@pytest.fixture
def month(scanned, tmp_path):
    """A copy of the scanned month (store and folder) for one test to change."""
    shutil.copytree(scanned / "out", tmp_path / "out")
    shutil.copy(scanned / "auditor.db", tmp_path / "auditor.db")
    return tmp_path


def report(tmp: Path, *args):
    return CliRunner().invoke(main, ["report", "--month", "2025-02", "--out", str(tmp / "out"), "--db", str(tmp / "auditor.db"),
                                     *args])


def test_pdfs_printed_before_the_manifest_are_kept_never_attached_and_the_operator_told(month):
    folder = month / "out" / "2025-02"
    (folder / "districts").mkdir(exist_ok=True)
    before = [folder / "province.pdf", folder / "districts" / "khemarat.pdf"]
    for path in before:  # printed by a version that kept no pdfs.json
        path.write_bytes(b"%PDF-1.4 printed before pdfs.json")
    result = report(month)
    assert result.exit_code == 0, result.output
    assert all(p.read_bytes() == b"%PDF-1.4 printed before pdfs.json" for p in before)
    assert "ไฟล์ PDF 2 ไฟล์" in result.output and "auditor notify จะไม่แนบ" in result.output
    assert "auditor report --month 2025-02 --pdf" in result.output
    assert result.output.index("ไฟล์ PDF 2 ไฟล์") < result.output.index("2 PDF file(s)")  # Thai first

    with Store.open(month / "auditor.db") as store:
        report_ = notify_month(store.load_scorecards("2025-02"), load_registry(DEMO / "auditor.toml"), store, Month(2025, 2),
                               Options(folder, ["khemarat"], dry_run=True), env={}, make_pdfs=None)
    (message,) = report_.messages
    assert not message.attachment.attached and report_.pdf_problem == "no_browser"
    assert all(p.is_file() for p in before)


def test_pdfs_of_other_scorecards_are_removed_and_the_operator_told_how_many(month):
    folder = month / "out" / "2025-02"
    with Store.open(month / "auditor.db") as store:
        kept = fake_pdf(folder, "khemarat", store.load_scorecards("2025-02"))
    gone = [fake_pdf(folder, office, {"month": "2025-02", "generated_at": "earlier"}) for office in ("det-udom", "province")]
    result = report(month)
    assert result.exit_code == 0 and kept.is_file() and not any(p.exists() for p in gone)
    assert "ลบไฟล์ PDF 2 ไฟล์" in result.output and "auditor report --month 2025-02 --pdf" in result.output
    assert "removed 2 PDF file(s)" in result.output
    quiet = report(month)  # nothing more to remove: nothing said
    assert quiet.exit_code == 0 and "PDF" not in quiet.output


def test_the_scorecards_key_is_that_of_the_scrubbed_document(month):
    with Store.open(month / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
    post = next(p for d in cards["districts"] for p in d.get("posts") or [] if p.get("excerpt"))
    post["excerpt"] += "\u000b"  # a vertical tab in a post: scrubbed from every output
    with Store.open(month / "auditor.db") as store:
        write_outputs(cards, month / "out" / "2025-02", store=store)
        stored = store.load_scorecards("2025-02")
    assert "\u000b" in post["excerpt"]  # the caller's document is not changed
    assert scorecards_key(cards) == scorecards_key(scrub(cards)) == scorecards_key(stored)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_a_pdf_printed_from_a_document_with_a_control_character_stays_current(month):
    folder = month / "out" / "2025-02"
    with Store.open(month / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
        khemarat = next(d for d in cards["districts"] if d["district"] == "khemarat")
        next(p for p in khemarat["posts"] if p.get("excerpt"))["excerpt"] += "\u000b"
        write_outputs(cards, folder, store=store)  # as check --posts --pdf does: the outputs, then the PDFs
        write_pdfs(cards, folder, store=store, only={"khemarat"}, province=False)
        key = scorecards_key(store.load_scorecards("2025-02"))
    assert "districts/khemarat.pdf" in current_pdfs(folder, key)
    result = report(month)
    assert result.exit_code == 0 and (folder / "districts" / "khemarat.pdf").is_file() and "PDF" not in result.output


def test_a_pdf_is_hashed_only_when_its_size_or_time_changed(tmp_path, monkeypatch):
    paths = [tmp_path / "districts" / f"d{i:03}.pdf" for i in range(40)]
    paths[0].parent.mkdir()
    for i, path in enumerate(paths):
        path.write_bytes(b"%PDF-1.4 " + bytes([i]) * 2000)
    record_printed(tmp_path, paths, "k")
    hashed, reads = [], []
    real_hash, real_manifest = pdf._file_sha256, pdf._manifest
    monkeypatch.setattr(pdf, "_file_sha256", lambda path: hashed.append(path) or real_hash(path))
    monkeypatch.setattr(pdf, "_manifest", lambda out: reads.append(out) or real_manifest(out))

    tidy = drop_stale(tmp_path, "k")
    assert not tidy and hashed == [] and len(reads) == 1  # one read of pdfs.json, no PDF read
    os.utime(paths[1], ns=(1, 1))  # the same bytes, touched (a copied folder)
    paths[2].write_bytes(b"%PDF-1.4 changed by hand")
    tidy = drop_stale(tmp_path, "k")
    assert sorted(hashed) == paths[1:3] and tidy.removed == [] and tidy.unknown == ["districts/d002.pdf"]
    assert all(p.is_file() for p in paths)  # the changed one is kept, no longer vouched for
    assert "districts/d002.pdf" not in current_pdfs(tmp_path, "k") and "districts/d001.pdf" in current_pdfs(tmp_path, "k")

    hashed.clear()
    tidy = drop_stale(tmp_path, "another")
    assert len(tidy.removed) == 39 and hashed == [] and sorted(p.name for p in tmp_path.glob("districts/*")) == ["d002.pdf"]


def test_notify_reads_the_manifest_once_when_every_pdf_is_current(month, monkeypatch):
    folder = month / "out" / "2025-02"
    with Store.open(month / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
        for office in ("khemarat", "khong-chiam", "det-udom"):
            fake_pdf(folder, office, cards)
        reads, real = [], pdf._manifest
        monkeypatch.setattr(pdf, "_manifest", lambda out: reads.append(out) or real(out))
        result = notify_month(cards, load_registry(DEMO / "auditor.toml"), store, Month(2025, 2),
                              Options(folder, ["khemarat", "khong-chiam", "det-udom"], dry_run=True), env={}, make_pdfs=None)
    assert all(m.attachment.attached for m in result.messages) and len(reads) == 1


def test_a_decision_of_the_province_removes_the_pdfs_of_the_old_verdict_and_says_so(month):
    """`override add` rewrites the month: the PDFs of the scorecards before the decision are removed,
    and the operator is told, as after scan, check and report."""
    folder = month / "out" / "2025-02"
    with Store.open(month / "auditor.db") as store:
        old = fake_pdf(folder, "khemarat", store.load_scorecards("2025-02"))
    result = CliRunner().invoke(main, ["override", "add", "waive", "activity-count", "--district", "khemarat",
                                       "--month", "2025-02", "--reason", "จัดกิจกรรมร่วมกับจังหวัด", "--by", "นายทดสอบ",
                                       "--config", str(DEMO / "auditor.toml"), "--db", str(month / "auditor.db"),
                                       "--out", str(month / "out")])
    assert result.exit_code == 0, result.output
    assert not old.exists()
    assert "ลบไฟล์ PDF 1 ไฟล์" in result.output and "removed 1 PDF file(s)" in result.output


def test_the_operator_is_told_of_the_pdfs_pdf_did_not_print_again(tmp_path, capsys):
    """--pdf that printed only some PDFs (a browser failing midway) does not say all were printed again."""
    from auditor.cli import _echo_pdf_tidy
    from auditor.present.pdf import Tidy

    tidy = Tidy(removed=["districts/a.pdf", "province.pdf"], unknown=["districts/b.pdf"])
    _echo_pdf_tidy([tidy], Month(2025, 2), tmp_path, [tmp_path / "districts" / "a.pdf"])
    said = capsys.readouterr().err
    assert "removed 2 PDF file(s)" in said and said.count("auditor report --month 2025-02 --pdf") >= 2
    _echo_pdf_tidy([tidy], Month(2025, 2), tmp_path, [tmp_path / n for n in ("districts/a.pdf", "province.pdf", "districts/b.pdf")])
    said = capsys.readouterr().err
    assert "removed 2 PDF file(s)" in said and "printed again (--pdf)" in said and "--pdf`" not in said
    assert "auditor report --month" not in said
