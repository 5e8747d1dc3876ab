"""Shared fixtures: a temporary store, the test Post factory, registries, a click CliRunner, the
replayed demo, and the guard that keeps every test off the network."""

from __future__ import annotations

import json
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor.registry import Office, Registry, default_config_path, load_registry
from auditor.store import Store
from tests.helpers import cassettes, new_post

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "cassettes" / "demo"
DEMO_MONTH = "2025-02"
LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")


@pytest.fixture
def store(tmp_path):
    """An empty Store in a temporary directory, closed after the test."""
    with Store.open(tmp_path / "data" / "auditor.db") as s:
        yield s


@pytest.fixture
def make_post():
    """The test Post factory (tests.helpers.new_post): a valid Post; keyword arguments override any field."""
    return new_post


# --- registries -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The bundled registry (Ubon Ratchathani), loaded once; tests only read it."""
    return load_registry(default_config_path())


class RegistryMaker:
    """The one way a test builds a registry that is not the bundled one.

    make_registry(*offices, settings=...)   an in-memory Registry of these offices
    make_registry(text=TOML)                that config, written to a file and loaded
    make_registry(replace={old: new})       the bundled config with these edits, loaded
    make_registry.file(text=None, replace=None, name="auditor.toml")   the file only (for --config,
                                            or a config that must fail to load)
    An edit that finds nothing to replace fails the test: it would silently test the bundled config.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def __call__(self, *offices: Office, settings: dict | None = None, province: dict | None = None,
                 text: str | None = None, replace: dict | None = None, path: str = "test.toml") -> Registry:
        if offices or settings is not None or province is not None:
            return Registry(path, province or {}, settings or {}, list(offices))
        return load_registry(self.file(text, replace=replace))

    def file(self, text: str | None = None, *, replace: dict | None = None, name: str = "auditor.toml") -> Path:
        content = default_config_path().read_text(encoding="utf-8") if text is None else text
        for old, new in (replace or {}).items():
            assert old in content, f"the config has no {old!r} to replace"
            content = content.replace(old, new)
        path = self.folder / name
        path.write_text(content, encoding="utf-8")
        return path


@pytest.fixture
def make_registry(tmp_path) -> RegistryMaker:
    """Registries for one test (see RegistryMaker); files go to the test's tmp_path."""
    return RegistryMaker(tmp_path)


# --- the CLI and replays ----------------------------------------------------------------------


@pytest.fixture
def runner():
    """A click CliRunner."""
    return CliRunner()


@pytest.fixture
def replay_vcr():
    """make_vcr(dir, "none") for tests: replay only, any unrecorded request fails (tests.helpers.cassettes)."""
    return cassettes


@dataclass(frozen=True)
class DemoScan:
    """One replay of the bundled demo: the CLI result, its store and its month's output folder."""

    result: Result
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / "auditor.db"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    @property
    def month_dir(self) -> Path:
        return self.out / DEMO_MONTH

    @property
    def cards(self) -> dict:
        return json.loads((self.month_dir / "scorecards.json").read_text(encoding="utf-8"))

    def page(self, name: str) -> str:
        return (self.month_dir / name).read_text(encoding="utf-8")

    def copy_to(self, folder: Path) -> "DemoScan":
        """A copy of the store and outputs, for a test that writes to them."""
        shutil.copytree(self.folder, folder, dirs_exist_ok=True)
        return DemoScan(self.result, folder)

    def rescan(self) -> Result:
        """Replay the demo again into this folder's store and outputs."""
        return scan_demo(self.folder)


def scan_demo(folder: Path, *extra: str) -> Result:
    """`auditor scan --month 2025-02 --replay cassettes/demo --quiet` into folder (store and outputs)."""
    from auditor.cli import main

    args = ["scan", "--month", DEMO_MONTH, "--replay", str(DEMO), "--out", str(folder / "out"),
            "--db", str(folder / "auditor.db"), "--quiet", *extra]
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture(scope="session")
def demo_scan(tmp_path_factory) -> DemoScan:
    """The README's demo, replayed once per session (off the network) and shared read-only. A test
    that writes to the store or the outputs works on demo_scan.copy_to(tmp_path)."""
    folder = tmp_path_factory.mktemp("demo-scan")
    with pytest.MonkeyPatch.context() as mp:
        _guard_network(mp)  # session fixtures run before the per-test guard below
        result = scan_demo(folder)
    return DemoScan(result, folder)


@pytest.fixture
def demo_copy(demo_scan, tmp_path) -> DemoScan:
    """A private copy of the replayed demo's store and outputs."""
    return demo_scan.copy_to(tmp_path / "demo")


# --- no network -------------------------------------------------------------------------------


@pytest.fixture
def no_http(monkeypatch):
    """From here on in the test, any HTTP request fails, even one to this machine or one a replay
    would answer: for code that must make none (evaluating a month reads what the scan stored)."""
    import http.client

    import requests

    def refuse(*args, **kwargs):
        raise AssertionError("an HTTP request was made where none may be")

    monkeypatch.setattr(requests.Session, "send", refuse)
    monkeypatch.setattr(http.client.HTTPConnection, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No test touches the network: any connection beyond this machine fails loudly."""
    _guard_network(monkeypatch)


def _guard_network(mp) -> None:
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if sock.family == socket.AF_UNIX or str(host) in LOCAL_HOSTS:
            return real_connect(sock, address)
        raise RuntimeError(f"test tried to reach the network: {address!r}")

    def resolve(host, *args, **kwargs):
        if str(host) in (*LOCAL_HOSTS, "None"):
            return real_getaddrinfo(host, *args, **kwargs)
        raise RuntimeError(f"test tried to reach the network: {host!r}")

    mp.setattr(socket.socket, "connect", guarded)
    mp.setattr(socket, "getaddrinfo", resolve)
