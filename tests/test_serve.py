"""``signage serve``: ETag, Last-Modified and 304 for conditional requests; safe to
expose (no dot paths, links out, listings; slow clients cut off)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from signage.publish.serve import make_server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "feed.json").write_text('{"format": "esc-signage-feed", "version": 1}')
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "abc.png").write_bytes(b"\\x89PNG")
    server = make_server(tmp_path, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_conditional_request_gets_a_304(served: str) -> None:
    first = requests.get(f"{served}/feed.json", timeout=5)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = requests.get(
        f"{served}/feed.json", timeout=5, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.content == b""
    since = requests.get(
        f"{served}/feed.json",
        timeout=5,
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert since.status_code in (200, 304)


def test_a_changed_feed_gets_a_new_etag(served: str, tmp_path: Path) -> None:
    first = requests.get(f"{served}/feed.json", timeout=5)
    (tmp_path / "feed.json").write_text('{"format": "esc-signage-feed", "version": 1, "x": 1}')
    again = requests.get(
        f"{served}/feed.json", timeout=5, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200 and b'"x": 1' in again.content


def test_content_addressed_images_are_cached_for_long(served: str) -> None:
    image = requests.get(f"{served}/images/abc.png", timeout=5)
    assert "immutable" in image.headers["Cache-Control"]


def test_the_player_syncs_from_it(served: str, tmp_path: Path) -> None:
    from signage.config import SourceSection  # noqa: PLC0415
    from signage.sources.sync import Outcome, Syncer  # noqa: PLC0415

    syncer = Syncer(SourceSection(feed=f"{served}/feed.json", cache_dir=tmp_path / "c"), "m")
    assert syncer.sync().outcome is Outcome.UPDATED
    second = syncer.sync()
    assert (second.outcome, second.status) == (Outcome.UNCHANGED, 304)


# -- safe to expose (issue 13) -------------------------------------------------------


def raw(base: str, target: bytes, headers: bytes = b"") -> tuple[int, bytes]:
    """Send ``target`` exactly as given (no client-side normalisation); status, head."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers + b"\r\n"
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer.partition(b"\r\n\r\n")[0]


@pytest.fixture
def exposed(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    folder = tmp_path / "published"
    (folder / "images").mkdir(parents=True)
    (folder / "feed.json").write_text('{"format": "esc-signage-feed", "version": 1}')
    (folder / "images" / "abc.png").write_bytes(b"\x89PNG")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[remote] url = secret")
    (folder / ".publish").mkdir()
    (folder / ".publish" / "lock").write_text("")
    (tmp_path / "secret.txt").write_text("password")
    (folder / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "same.json").symlink_to(folder / "feed.json")
    server = make_server(folder, "127.0.0.1", 0, head_seconds=1.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "target",
    [
        b"/.git/config",
        b"/%2Egit/config",
        b"/%2epublish/lock",
        b"/%2epublish/",
        b"/images/../.git/config",
        b"/images/%2e%2e/%2e%2e/secret.txt",
        b"/leak.txt",
        b"/passwd",
        b"/",
        b"/images/",
        b"/images",
    ],
)
def test_nothing_but_the_published_files_is_served(
    exposed: tuple[str, Path], target: bytes
) -> None:
    base, _ = exposed
    status, _ = raw(base, target)
    assert status == 404
    assert raw(base, b"/feed.json")[0] == 200  # and the server still serves


@pytest.mark.parametrize(
    "target", [b"/feed.json%00", b"/feed.json%00.png", b"/%ff%fe", b"/images%5cabc.png", b"x"]
)
def test_malformed_paths_get_400(exposed: tuple[str, Path], target: bytes) -> None:
    base, _ = exposed
    assert raw(base, target)[0] == 400
    assert raw(base, b"/feed.json")[0] == 200


def test_a_link_inside_the_folder_is_served(exposed: tuple[str, Path]) -> None:
    base, _ = exposed
    assert raw(base, b"/same.json")[0] == 200


def test_conditional_requests_follow_rfc_9110(exposed: tuple[str, Path]) -> None:
    base, _ = exposed
    first = requests.get(f"{base}/feed.json", timeout=5)
    tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Accept-Ranges"] == "none"
    for condition in (
        {"If-None-Match": f"W/{tag}"},
        {"If-None-Match": '"other", ' + tag},
        {"If-None-Match": "*"},
        {"If-Modified-Since": modified},
    ):
        again = requests.get(f"{base}/feed.json", timeout=5, headers=condition)
        assert again.status_code == 304, condition
        assert again.headers["Cache-Control"] == "no-cache"
        assert again.headers["ETag"] == tag
    # If-None-Match decides when both are sent; an older date gets the file.
    both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert requests.get(f"{base}/feed.json", timeout=5, headers=both).status_code == 200
    old = {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    assert requests.get(f"{base}/feed.json", timeout=5, headers=old).status_code == 200
    ranged = requests.get(f"{base}/feed.json", timeout=5, headers={"Range": "bytes=0-3"})
    assert ranged.status_code == 200 and ranged.content == first.content


def test_a_client_trickling_its_request_is_cut_off(exposed: tuple[str, Path]) -> None:
    base, _ = exposed
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as slow:
        began = time.monotonic()
        closed = False
        for byte in b"GET /feed.json HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 40:
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.2)
            if time.monotonic() - began > 6:
                break
        if not closed:
            slow.settimeout(3)
            try:
                closed = slow.recv(1024) == b""
            except OSError:
                closed = True
        assert closed and time.monotonic() - began < 6


def test_half_open_connections_do_not_stop_it_under_systemds_file_limit(
    exposed: tuple[str, Path],
) -> None:
    _, folder = exposed
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    # systemd's default limit of open files for a service.
    limited = ["bash", "-c", 'ulimit -n 1024 && exec "$@"', "serve", sys.executable]
    server = subprocess.Popen(
        [
            *limited,
            "-m",
            "signage",
            "serve",
            str(folder),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    attack: list[socket.socket] = []
    try:
        assert server.stdout is not None
        assert b"serving" in server.stdout.readline()
        for _ in range(1100):  # from another address than the screen's, as an attacker
            connection = socket.socket()
            connection.settimeout(1)
            connection.bind(("127.0.0.2", 0))
            try:
                connection.connect(("127.0.0.1", port))
                connection.sendall(b"GET /feed.json HTTP/1.1\r\n")  # and never the rest
            except OSError:
                connection.close()
                continue
            attack.append(connection)
        began = time.monotonic()
        answer = requests.get(f"http://127.0.0.1:{port}/feed.json", timeout=5)
        assert answer.status_code == 200
        assert time.monotonic() - began < 2
    finally:
        for connection in attack:
            connection.close()
        server.kill()
        server.communicate(timeout=10)
