"""Helpers for the publishing tests: a copy of the example content, a publish run."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from signage.cli import main
from signage.feed import Feed, parse_feed_bytes
from signage.publish.serve import make_server
from signage.resources import assets_dir


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Content:
    """An editable copy of assets/example-content and the folder it publishes into."""

    root: Path
    capsys: pytest.CaptureFixture[str]

    @property
    def admins(self) -> Path:
        return self.root / "admins"

    @property
    def out(self) -> Path:
        return self.root / "published"

    def publish(self, *extra: str) -> Run:
        self.capsys.readouterr()
        code = main(["publish", str(self.admins), str(self.out), *extra])
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def feed(self) -> Feed:
        parsed = parse_feed_bytes((self.out / "feed.json").read_bytes())
        assert parsed.dropped == ()
        return parsed.feed

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def append(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def copy_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Content:
    root = tmp_path / "content"
    shutil.copytree(assets_dir() / "example-content", root)
    return Content(root, capsys)


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``signage serve`` of ``folder`` on 127.0.0.1; yields its base URL."""
    server = make_server(folder, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
