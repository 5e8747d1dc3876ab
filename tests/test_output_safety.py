"""Outputs survive hostile text and killed runs: scrubbed text, files written whole or not at all."""

from __future__ import annotations

import json

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import files
from auditor.audit import write_outputs, write_scorecards
from auditor.present import export
from auditor.text import safe
from auditor.text.safe import json_bytes, scrub, scrub_text, scrubbed_json
from sample_scorecards import sample_scorecards

HOSTILE = "ชวนดาวน์โหลด\x0b Click\x00 ชุมชน \ud83d half an emoji\x1f"


def hostile_scorecards() -> dict:
    cards = sample_scorecards()
    post = cards["districts"][0]["posts"][0]
    post["excerpt"] = HOSTILE
    post["post_id"] = "bad\ud800id"
    cards["districts"][0]["name"] = "วาริน\x07ชำราบ"
    return cards


def test_scrub_drops_control_characters_and_replaces_lone_surrogates():
    assert scrub_text(HOSTILE) == "ชวนดาวน์โหลด Click ชุมชน \ufffd half an emoji"
    assert scrub_text("line\nnext\ttab\r") == "line\nnext\ttab\r"
    assert scrub({"k\x00": ["a\ud800", 1, None]}) == {"k": ["a\ufffd", 1, None]}


@pytest.mark.parametrize("value", [
    {"k\x00": ["a\ud800", 1, None]}, {"a": "tab\tok", "b": "bell\x07"}, ["del\x7f"], ["\x08\x0c"], {"\ud83d": 2.5},
    {"path": "C:\\bin\\file"},  # a backslash before b or f looks like an escape: walked, nothing changed
])
def test_scrubbed_json_is_the_json_of_the_scrubbed_value(value):
    cleaned, data = scrubbed_json(value)
    assert cleaned == scrub(value) and json.loads(data) == scrub(value)
    cleaned, data = scrubbed_json(value, indent=2)
    assert json.loads(data) == scrub(value) and b"\n  " in data


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.sampled_from([b"\\", b"u", b"0", b"00", b"b", b"f", b"\x7f", b"a", "ไ".encode(), b'"']), max_size=12))
def test_the_control_search_finds_what_looking_for_each_escape_finds(pieces):
    """One regular expression and a byte search decide as the four substring searches did."""
    data = b"".join(pieces)
    assert safe._shows_control(data) == any(mark in data for mark in (b"\\u00", b"\\b", b"\\f", b"\x7f"))


@settings(max_examples=300, deadline=None, database=None)
@given(st.recursive(st.text(st.characters(max_codepoint=0xE50)) | st.integers(-2**63, 2**63 - 1), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=8))
def test_scrubbed_json_of_any_document_is_the_json_of_its_scrubbed_copy(value):
    cleaned, data = scrubbed_json(value)
    assert cleaned == scrub(value) and json.loads(data) == scrub(value)


def test_the_stored_copy_keeps_control_characters_and_replaces_lone_surrogates():
    assert json.loads(json_bytes({"a": "bell\x07", "b": [1, None]})) == {"a": "bell\x07", "b": [1, None]}
    assert json.loads(json_bytes({"a": "half\ud83d"})) == {"a": "half\ufffd"}


def test_a_clean_document_is_dumped_once_and_not_copied():
    cards = sample_scorecards()
    cleaned, data = scrubbed_json(cards)
    assert cleaned is cards
    assert data == json.dumps(cards, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_the_exports_and_the_json_alone_scrub_hostile_text(tmp_path):
    export.write_exports(hostile_scorecards(), tmp_path)
    book = openpyxl.load_workbook(tmp_path / "scorecards.xlsx", read_only=True)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert scrub_text(HOSTILE) in cells and "วารินชำราบ" in cells and "bad\ufffdid" in cells
    assert "วารินชำราบ" in (tmp_path / "scorecards.csv").read_text(encoding="utf-8-sig")
    write_scorecards(hostile_scorecards(), tmp_path)
    assert json.loads((tmp_path / "scorecards.json").read_text(encoding="utf-8")) == scrub(hostile_scorecards())


def test_a_cell_that_scrubbing_turns_into_a_formula_stays_text():
    sheet = export.rows_sheet([{"a": "\x00=HYPERLINK(1)", "b": "-3"}])
    assert sheet.rows == [["'=HYPERLINK(1)", "-3"]]  # an untouched value is left as its column made it


def test_a_control_character_or_lone_surrogate_in_a_post_does_not_stop_the_outputs(tmp_path):
    # Before: openpyxl raised IllegalCharacterError half-way through the workbook, and the JSON
    # write raised UnicodeEncodeError on the surrogate.
    written = write_outputs(hostile_scorecards(), tmp_path)
    names = {p.name for p in written}
    assert {"scorecards.json", "scorecards.xlsx", "scorecards.csv", "index.html", "print.html"} <= names
    data = json.loads((tmp_path / "scorecards.json").read_text(encoding="utf-8"))
    assert data["districts"][0]["posts"][0]["excerpt"] == scrub_text(HOSTILE)
    book = openpyxl.load_workbook(tmp_path / "scorecards.xlsx", read_only=True)
    cells = [c for row in book["โพสต์"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert scrub_text(HOSTILE) in cells
    assert "วาริน\x07ชำราบ" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_a_failed_export_leaves_the_previous_workbook_whole(tmp_path, monkeypatch):
    export.write_exports(sample_scorecards(), tmp_path)
    before = (tmp_path / "scorecards.xlsx").read_bytes()
    calls = []

    write_sheet = export._write_sheet

    def dies_on_the_second_sheet(sheet, frame, *args):
        calls.append(sheet)
        if len(calls) == 2:
            raise KeyboardInterrupt  # a run killed (Ctrl-C) in the middle of the workbook
        write_sheet(sheet, frame, *args)

    monkeypatch.setattr(export, "_write_sheet", dies_on_the_second_sheet)
    with pytest.raises(KeyboardInterrupt):
        export.write_exports(sample_scorecards(), tmp_path)
    assert (tmp_path / "scorecards.xlsx").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scorecards.csv", "scorecards.xlsx"]


def test_atomic_path_replaces_only_on_success_and_keeps_usual_permissions(tmp_path):
    target = tmp_path / "page.html"
    files.write_text(target, "old")
    with pytest.raises(RuntimeError):
        with files.atomic_path(target) as tmp:
            tmp.write_text("half of a new pa", encoding="utf-8")
            raise RuntimeError("killed")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["page.html"]
    files.write_text(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o044  # readable by others as with open(): not mkstemp's 0600


def test_atomic_file_yields_the_open_temporary_and_replaces_only_on_success(tmp_path):
    target = tmp_path / "page.html"
    files.write_bytes(target, b"old")
    with pytest.raises(RuntimeError):
        with files.atomic_file(target) as fh:
            fh.write(b"half of a new pa")
            raise RuntimeError("killed")
    assert fh.closed and target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["page.html"]
    with files.atomic_file(target) as fh:
        fh.write(b"new")
        assert target.read_bytes() == b"old"  # nothing replaced until the block ends
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["page.html"]
    assert target.stat().st_mode & 0o044  # the usual permissions, as with open()


def test_atomic_file_writes_text_with_its_encoding_and_newlines_into_a_new_folder(tmp_path):
    target = tmp_path / "month" / "scorecards.csv"
    with files.atomic_file(target, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write("อำเภอ\r\nเขมราฐ\n")
    assert target.read_bytes() == "\ufeffอำเภอ\r\nเขมราฐ\n".encode("utf-8")


def test_atomic_file_removes_its_temporary_when_closing_fails(tmp_path, monkeypatch):
    """A full disk often shows only when the buffer is flushed, at the close."""
    target = tmp_path / "scorecards.json"
    with pytest.raises(OSError, match="No space"):
        with files.atomic_file(target) as fh:
            fh.write(b"{}")
            close = fh.close

            def full_disk_at_close():
                close()
                raise OSError(28, "No space left on device")

            monkeypatch.setattr(fh, "close", full_disk_at_close)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("opener", [files.atomic_file, files.atomic_path])
def test_a_folder_that_cannot_be_written_is_reported_by_the_file_asked_for(tmp_path, monkeypatch, opener):
    """Not by the hidden temporary name (.scorecards.4272c1d7.tmp.json) a person never asked for."""
    target = tmp_path / "2025-02" / "scorecards.json"

    def refused(name, *args):
        raise PermissionError(13, "Permission denied", str(name))

    monkeypatch.setattr(files.os, "open", refused)
    with pytest.raises(PermissionError) as info:
        with opener(target):
            pass
    assert (info.value.filename, info.value.errno) == (str(target), 13)


def test_a_full_disk_is_reported_by_the_file_being_written(tmp_path):
    target = tmp_path / "scorecards.json"
    with pytest.raises(OSError) as info:
        with files.atomic_file(target):
            raise OSError(28, "No space left on device")  # a write's error names no file
    assert (info.value.filename, info.value.errno) == (str(target), 28)
    assert list(tmp_path.iterdir()) == []


def test_atomic_file_only_writes_new_files(tmp_path):
    with pytest.raises(ValueError):
        with files.atomic_file(tmp_path / "a.json", "ab"):
            pass
    assert list(tmp_path.iterdir()) == []


def test_a_run_killed_mid_way_is_marked_interrupted_at_the_next_start(tmp_path, runner):
    import subprocess
    import sys

    from auditor.cli import main
    from auditor.store import Store

    db = tmp_path / "auditor.db"
    # A scan in another process that dies without finishing its run (as kill -9 would leave it).
    subprocess.run([sys.executable, "-c", "import os; from auditor.store import Store; "
                    f"Store.open({str(db)!r}).start_run('2025-02'); os._exit(9)"], check=False)
    with Store.open(db) as store:
        assert [r["status"] for r in store.runs()] == ["interrupted"]
        assert [r["month"] for r in store.abandoned] == ["2025-02"]
        live = store.start_run("2025-02")  # this process's own run is alive: left alone
    with Store.open(db) as store:
        assert store.abandoned == [] and store.runs()[-1] == {**store.runs()[-1], "id": live, "status": "running"}
        store.finish_run(live, "interrupted")
        store.save_scorecards("2025-02", sample_scorecards())
    result = runner.invoke(main, ["report", "--month", "2025-02", "--db", str(db), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "last scan of 2025-02" in result.output and "interrupted" in result.output
    assert "คำเตือน: การสแกนเดือน กุมภาพันธ์ 2568 ครั้งล่าสุด" in result.output  # Thai first, Buddhist Era
    assert result.output.index("การสแกนเดือน") < result.output.index("last scan of")


def test_a_scan_found_abandoned_is_said_thai_first(tmp_path, runner):
    import subprocess
    import sys

    from auditor.cli import main

    db = tmp_path / "auditor.db"
    subprocess.run([sys.executable, "-c", "import os; from auditor.store import Store; "
                    f"Store.open({str(db)!r}).start_run('2025-02'); os._exit(9)"], check=False)
    result = runner.invoke(main, ["summary", "--fiscal-year", "2568", "--db", str(db), "--out", str(tmp_path / "out")])
    assert "ไม่เสร็จเพราะโปรแกรมถูกหยุด" in result.output and "never finished" in result.output
    assert result.output.index("ไม่เสร็จ") < result.output.index("never finished")


# ---------------------------------------------------------------- exports written by a child process


@pytest.fixture
def exports_in_a_child(monkeypatch):
    """Every month counts as large: write_outputs forks a child for the exports (this process has
    no other thread when the test runs alone; the tests check the child really ran)."""
    from auditor import audit

    monkeypatch.setattr(audit, "EXPORTS_CHILD_MIN_POSTS", 1)
    started = []
    start = audit._start_exports_child
    monkeypatch.setattr(audit, "_start_exports_child", lambda *a: started.append(start(*a)) or started[-1])
    return started


def _fork_is_safe() -> bool:
    from auditor import audit

    return audit._exports_in_child(sample_scorecards())  # with exports_in_a_child: Linux and no other thread


def test_exports_written_by_a_child_are_the_ones_written_here(tmp_path, exports_in_a_child):
    if not _fork_is_safe():
        pytest.skip("no fork here, or another thread is alive: the exports are written in this process")
    written = write_outputs(sample_scorecards(), tmp_path / "child")
    assert len(exports_in_a_child) == 1 and exports_in_a_child[0].exitcode == 0  # reaped: no zombie
    export.write_exports(sample_scorecards(), tmp_path / "here")
    for name in export.EXPORT_FILES:
        assert tmp_path / "child" / name in written
        child, here = (openpyxl.load_workbook(tmp_path / d / name, read_only=True) if name.endswith("xlsx")
                       else (tmp_path / d / name).read_bytes() for d in ("child", "here"))
        if name.endswith("xlsx"):
            child, here = ([list(s.iter_rows(values_only=True)) for s in book.worksheets] for book in (child, here))
        assert child == here


def test_an_error_in_the_child_is_raised_as_without_a_child(tmp_path, monkeypatch, exports_in_a_child):
    if not _fork_is_safe():
        pytest.skip("no fork here, or another thread is alive: the exports are written in this process")

    def full_disk(path, sheets):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_xlsx", full_disk)  # in the child (forked after) and here alike
    with pytest.raises(OSError, match="No space left on device"):
        write_outputs(sample_scorecards(), tmp_path)
    assert exports_in_a_child[0].exitcode == 1
    assert (tmp_path / "index.html").exists() and (tmp_path / "scorecards.csv").exists()
    assert not (tmp_path / "scorecards.xlsx").exists() and not list(tmp_path.glob(".*.tmp*"))


def test_a_failed_page_stops_the_child_and_leaves_no_temporary_file(tmp_path, monkeypatch, exports_in_a_child):
    if not _fork_is_safe():
        pytest.skip("no fork here, or another thread is alive: the exports are written in this process")
    from auditor.present import report

    def broken_template(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C while the pages render

    monkeypatch.setattr(report, "render_month", broken_template)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(sample_scorecards(), tmp_path)
    child = exports_in_a_child[0]
    assert child.exitcode is not None and not child.is_alive()  # stopped and reaped
    assert not list(tmp_path.glob(".*.tmp*"))


def test_exports_stay_in_this_process_while_another_thread_runs(tmp_path, exports_in_a_child):
    import threading

    release = threading.Event()
    collector = threading.Thread(target=release.wait)  # a scan's collection thread still alive
    collector.start()
    try:
        written = write_outputs(sample_scorecards(), tmp_path)
    finally:
        release.set()
        collector.join()
    assert exports_in_a_child == [] and {p.name for p in written} >= set(export.EXPORT_FILES)


def test_atomic_file_with_an_encoding_it_cannot_use_leaves_no_temporary(tmp_path):
    with pytest.raises(LookupError):
        files.write_text(tmp_path / "b.txt", "x", encoding="no-such-encoding")
    assert list(tmp_path.iterdir()) == []


def test_an_xlsx_interrupted_mid_zip_leaves_no_file_and_says_nothing_more(tmp_path, monkeypatch):
    """Ctrl-C while xlsxwriter zips: the target stays as it was, no temporary is left (ours, or
    xlsxwriter's parts), and no half-closed zip complains later ('Exception ignored … seek of
    closed file')."""
    import gc
    import sys
    import tempfile
    import zipfile

    from auditor.present import export

    target = tmp_path / "scorecards.xlsx"
    files.write_bytes(target, b"old")
    real_write, calls = zipfile.ZipFile.write, []

    def interrupted(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_write(self, *args, **kwargs)

    ignored, scratch = [], tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where xlsxwriter's parts would go
    monkeypatch.setattr(zipfile.ZipFile, "write", interrupted)
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    sheet = export.rows_sheet([{"a": 1, "b": "ข"}])
    with pytest.raises(KeyboardInterrupt):
        export.write_xlsx(target, {"s": sheet})
    gc.collect()
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["scorecards.xlsx", "scratch"]
    assert ignored == [] and list(scratch.iterdir()) == []  # no part of the workbook left behind
