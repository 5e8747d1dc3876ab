"""Shared fixtures: a temporary store, a Post factory, a click CliRunner."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from auditor.models import Account, Post
from auditor.period import BANGKOK
from auditor.collect.replay import make_vcr
from auditor.store import Store


@pytest.fixture
def store(tmp_path):
    """An empty Store in a temporary directory, closed after the test."""
    with Store.open(tmp_path / "data" / "auditor.db") as s:
        yield s


@pytest.fixture
def make_post():
    """Build a valid Post; keyword arguments override any field."""
    counter = iter(range(1, 1_000_000))

    def make(**overrides) -> Post:
        n = next(counter)
        fields = dict(
            platform="facebook",
            post_id=f"104512345678901_{n}",
            url=f"https://www.facebook.com/104512345678901/posts/{n}",
            account=Account("104512345678901", "สำนักงานพัฒนาชุมชนอำเภอเขมราฐ"),
            published_at=datetime(2025, 2, 14, 10, 0, tzinfo=BANGKOK),
            text="ชวนดาวน์โหลดแอป #คลิกชุมชน",
            district="khemarat",
            collected_at=datetime(2025, 3, 1, tzinfo=timezone.utc),
            collector="test",
        )
        fields.update(overrides)
        return Post(**fields)

    return make


@pytest.fixture
def runner():
    """A click CliRunner."""
    return CliRunner()


@pytest.fixture
def replay_vcr():
    """make_vcr(dir, "none") for tests: replay only, any unrecorded request fails."""
    return _replay_vcr


def _replay_vcr(cassette_dir):
    return make_vcr(cassette_dir, "none")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No test touches the network: any connection beyond this machine fails loudly."""
    import socket

    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if sock.family == socket.AF_UNIX or str(host) in ("127.0.0.1", "::1", "localhost"):
            return real_connect(sock, address)
        raise RuntimeError(f"test tried to reach the network: {address!r}")

    real_getaddrinfo = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if str(host) in ("127.0.0.1", "::1", "localhost", "None"):
            return real_getaddrinfo(host, *args, **kwargs)
        raise RuntimeError(f"test tried to reach the network: {host!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
