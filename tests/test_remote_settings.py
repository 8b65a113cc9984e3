"""A screen's settings from its console (issue 16), on the screen's side, against a real
HTTP server on 127.0.0.1: signed documents are kept and become the running config; a
setting that would run a command, a document signed by another key, for another screen
or older than the one held is refused with its reason and the last good one stays; a
revoked screen forgets its pairing. What the local file holds for the machine (sleep
commands, the feed, its key) is never replaced by what a console sends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signage.config import load_config
from signage.publish.signing import Signer, generate_keys, load_private_key
from signage.remote.client import ConsoleClient
from signage.remote.compose import REMOTE_KEYS, WHY_LOCAL, overlay, refused_keys
from signage.remote.document import FORMAT, Command, commands
from signage.remote.identity import Identity, read_identity, read_settings, write_identity
from signage.remote.link import SettingsLink
from tests.httpd import FeedServer, Responder, status

LOCAL = """\
[console]
url = "{url}"
folder = "console"

[hours]
sleep_command = ["wlopm", "--off", "*"]
wake_command = ["wlopm", "--on", "*"]
"""


def keys(tmp_path: Path, name: str = "admins") -> tuple[Signer, str]:
    pem, public = generate_keys()
    (tmp_path / f"{name}.pem").write_bytes(pem)
    return Signer([load_private_key(tmp_path / f"{name}.pem")]), public


def document(
    settings: dict[str, Any], *, screen: int = 7, revision: int = 10, **more: Any
) -> bytes:
    body = {"format": FORMAT, "screen": screen, "revision": revision, "settings": settings}
    return json.dumps({**body, **more}).encode()


def signed(body: bytes, signer: Signer, etag: str = '"v1"') -> Responder:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("X-Signature", signer.lines(body)[0].decode())
        handler.send_header("ETag", etag)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def refused_with(error: str) -> Responder:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        body = json.dumps({"error": error}).encode()
        handler.send_response(401)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


class Screen:
    """A paired screen's files, and its link to the test server."""

    def __init__(self, tmp_path: Path, server: FeedServer, public: str) -> None:
        self.config = tmp_path / "screen.toml"
        self.config.write_text(LOCAL.format(url=server.url("/")), "utf-8")
        self.folder = tmp_path / "console"
        write_identity(
            self.folder,
            Identity(
                server.url("/"), "secret-token-" + "x" * 30, 7, server.url("/feed.json"), public
            ),
        )
        self.commands: list[Command] = []
        self.revoked = 0

    def link(self, server: FeedServer) -> SettingsLink:
        identity = read_identity(self.folder)
        assert identity is not None
        return SettingsLink(
            identity,
            self.folder,
            self.config,
            (),
            10,
            on_command=self.commands.append,
            on_revoked=self._revoked,
            client=ConsoleClient(server.url("/"), "test"),
        )

    def _revoked(self) -> None:
        self.revoked += 1


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = FeedServer()
    yield httpd
    httpd.stop()


GOOD = {
    "site": {"id": "maurepas"},
    "display": {"theme": "dark"},
    "playlist": [{"kind": "wifi", "duration": 12}],
}


def test_signed_settings_become_the_running_config_and_local_commands_stay(
    tmp_path: Path, server: FeedServer
) -> None:
    signer, public = keys(tmp_path)
    screen = Screen(tmp_path, server, public)
    server.route("/api/v1/screen", signed(document(GOOD), signer))
    link = screen.link(server)
    link.poll()
    assert link.problem is None
    config = load_config(screen.config).config
    assert config is not None
    assert (config.site.id, config.display.theme.value) == ("maurepas", "dark")
    assert [e.kind.value for e in config.playlist] == ["wifi"]
    # What the pairing gave, and what the local file says about the machine.
    assert config.source.feed == server.url("/feed.json") and config.source.public_key == public
    assert config.hours.sleep_command == ("wlopm", "--off", "*")
    assert config.heartbeat.url == server.url("/api/v1/heartbeat")
    # Unchanged since: a 304 with the ETag, nothing rewritten.
    link.poll()
    assert server.requests_to("/api/v1/screen")[-1].headers["if-none-match"] == '"v1"'


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({**GOOD, "hours": {"sleep_command": ["sh", "-c", "rm -rf ~"]}}, "hours.sleep_command"),
        ({**GOOD, "hours": {"wake_command": ["reboot"]}}, "hours.wake_command"),
        ({**GOOD, "source": {"feed": "https://evil.example/feed.json"}}, "source.feed"),
        ({**GOOD, "source": {"public_key": "A" * 43 + "="}}, "source.public_key"),
        ({**GOOD, "records": {"folder": "/etc"}}, "records"),
        ({**GOOD, "display": {"logo": "/etc/shadow"}}, "display.logo"),
        ({**GOOD, "sources": [{"kind": "ics", "url": "https://x.example/a.ics"}]}, "sources"),
    ],
)
def test_a_setting_that_touches_the_machine_is_refused_and_the_last_good_stays(
    tmp_path: Path, server: FeedServer, settings: dict[str, Any], said: str
) -> None:
    signer, public = keys(tmp_path)
    screen = Screen(tmp_path, server, public)
    server.route(
        "/api/v1/screen",
        signed(document(GOOD), signer, '"v1"'),
        signed(document(settings, revision=11), signer, '"v2"'),
    )
    link = screen.link(server)
    link.poll()
    link.poll()
    assert link.problem is not None and said in link.problem
    assert read_settings(screen.folder)["settings"] == GOOD
    config = load_config(screen.config).config
    assert config is not None and config.hours.sleep_command == ("wlopm", "--off", "*")
    assert config.source.feed == server.url("/feed.json")


def test_another_key_another_screen_an_older_revision_or_a_broken_setting_are_refused(
    tmp_path: Path, server: FeedServer
) -> None:
    signer, public = keys(tmp_path)
    stranger, _ = keys(tmp_path, "stranger")
    screen = Screen(tmp_path, server, public)
    attempts = [
        (signed(document(GOOD, revision=20), stranger, '"a"'), "signature"),
        (signed(document(GOOD, screen=8, revision=20), signer, '"b"'), "screen 8"),
        (
            signed(document({**GOOD, "display": {"theme": "pink"}}, revision=20), signer, '"c"'),
            "theme",
        ),
        (signed(document({"site": {"id": "maurepas"}}, revision=5), signer, '"d"'), "older"),
    ]
    server.route("/api/v1/screen", signed(document(GOOD), signer), *(a for a, _ in attempts))
    link = screen.link(server)
    link.poll()
    for _, said in attempts:
        link.poll()
        assert link.problem is not None and said in link.problem, link.problem
        assert read_settings(screen.folder)["settings"] == GOOD


def test_a_revoked_screen_forgets_its_pairing_and_an_unreachable_console_changes_nothing(
    tmp_path: Path, server: FeedServer
) -> None:
    signer, public = keys(tmp_path)
    screen = Screen(tmp_path, server, public)
    server.route(
        "/api/v1/screen", signed(document(GOOD), signer), status(502), refused_with("revoked")
    )
    link = screen.link(server)
    link.poll()
    link.poll()  # the console's proxy in trouble: the last good settings stay
    assert link.problem is not None and "502" in link.problem
    assert load_config(screen.config).config is not None
    link.poll()
    assert screen.revoked == 1
    loaded = load_config(screen.config)
    assert loaded.config is None and loaded.pairing is not None  # the pairing screen


def test_fresh_commands_are_carried_out_once_and_stale_ones_never(
    tmp_path: Path, server: FeedServer
) -> None:
    signer, public = keys(tmp_path)
    screen = Screen(tmp_path, server, public)
    now = datetime.now(UTC)
    listed = [
        {"id": 1, "action": "screenshot", "issued_at": now.isoformat()},
        {"id": 2, "action": "restart", "issued_at": (now - timedelta(hours=1)).isoformat()},
        {"id": 3, "action": "format-disk", "issued_at": now.isoformat()},
    ]
    server.route(
        "/api/v1/screen",
        signed(document(GOOD, commands=listed), signer, '"a"'),
        signed(document(GOOD, commands=listed, revision=11), signer, '"b"'),
    )
    link = screen.link(server)
    link.poll()
    link.poll()
    assert screen.commands == [Command(1, "screenshot")]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_any_settings_document_is_judged_without_error_and_never_reaches_local_keys(
    settings: Any,
) -> None:
    problems = refused_keys(settings)
    if problems or not isinstance(settings, dict):
        return
    local = {"hours": {"sleep_command": ["a"]}, "source": {"feed": "f", "public_key": "k"}}
    merged = overlay(local, settings)
    assert merged["hours"]["sleep_command"] == ["a"]
    assert merged["source"]["feed"] == "f" and merged["source"]["public_key"] == "k"


def test_every_local_only_key_is_one_a_console_may_not_set() -> None:
    for path in WHY_LOCAL:
        section, _, key = path.partition(".")
        assert key not in REMOTE_KEYS.get(section, frozenset()), path
        assert refused_keys({section: {key: 1} if key else {"x": 1}}), path


def test_commands_need_an_id_a_known_action_and_a_recent_date() -> None:
    now = datetime.now(UTC)
    found = commands(
        {
            "commands": [
                {"id": "x", "action": "sync", "issued_at": now.isoformat()},
                {"id": 4, "action": "sync", "issued_at": "yesterday"},
                {"id": 5, "action": "sync", "issued_at": (now + timedelta(hours=2)).isoformat()},
                {"id": 6, "action": "sync", "issued_at": now.isoformat()},
                "sync",
            ]
        },
        now,
    )
    assert found == [Command(6, "sync")]


def test_the_commands_say_a_screen_waits_to_be_paired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from signage.cli import main  # noqa: PLC0415

    config = tmp_path / "screen.toml"
    config.write_text('[console]\nurl = "https://ecrans.example.org/"\nfolder = "c"\n')
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "pairing.json").write_text('{"code": "K7F3QX", "expires_at": "10:45"}')
    assert main(["validate", str(config)]) == 0
    assert "valid; not paired yet with https://ecrans.example.org/; code K7F3QX" in (
        capsys.readouterr().out
    )
    assert main(["status", "--config", str(config)]) == 0
    assert "code K7F3QX" in capsys.readouterr().out
    assert main(["fetch", "--config", str(config)]) != 0
    assert "not paired yet" in capsys.readouterr().err
    # A console in clear over the network: said alone, not "site is missing".
    config.write_text('[console]\nurl = "http://192.168.1.4/"\n')
    assert main(["validate", str(config)]) != 0
    said = capsys.readouterr().err
    assert "use https://" in said and "site" not in said.replace("http", "")
