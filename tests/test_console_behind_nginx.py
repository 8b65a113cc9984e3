"""Two console instances behind nginx over HTTPS, as docs/console.md configures them
(issue 14): a person signs in and registers a screen, the screen's heartbeats arrive,
and every page is right whichever instance answers (the console keeps no state of its
own between requests)."""

from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import requests.adapters

from signage.ops.heartbeat import HeartbeatSender
from signage.remote.client import change_name, token_hash
from tests.console_http import free_port, post_form, register_screen, sign_in, wait_until_answers

PASSWORD = "correct horse battery"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert


@pytest.fixture
def stack(tmp_path: Path, certificate: Path) -> Iterator[tuple[str, str]]:
    """(base URL through nginx, admin name)."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is needed: apt-get install nginx-light (./run-tests does)")
    state = tmp_path / "console"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path.cwd()),
        "SIGNAGE_CONSOLE_STATE": str(state),
        "SIGNAGE_CONSOLE_HTTPS": "1",
        "SIGNAGE_CONSOLE_HOSTS": "127.0.0.1",
        "SIGNAGE_CONSOLE_SECRET_KEY": uuid.uuid4().hex * 2,  # shared by the instances
    }
    name = f"admin-{uuid.uuid4().hex[:8]}"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "signage",
            "console",
            "createadmin",
            "--username",
            name,
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    ports = [free_port(), free_port()]
    consoles = [
        subprocess.Popen(
            [sys.executable, "-m", "signage", "console", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    front = free_port()
    upstream = "".join(f"server 127.0.0.1:{port};" for port in ports)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
# nginx's workers read the state folder, which pytest makes private to this user (as
# root, they would otherwise run as nobody).
user {getpass.getuser()};
events {{}}
http {{
  access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
  fastcgi_temp_path {tmp_path}/f; uwsgi_temp_path {tmp_path}/u; scgi_temp_path {tmp_path}/s;
  upstream console {{ {upstream} keepalive 16; }}
  server {{
    listen 127.0.0.1:{front} ssl;
    ssl_certificate {certificate}; ssl_certificate_key {tmp_path}/key.pem;
    client_max_body_size 2m;
    location ~ "^/api/v1/changes/([0-9a-f]{{32}}\\.json)$" {{
      alias {state}/changes/$1;
      disable_symlinks on;
      add_header Cache-Control no-cache;
    }}
    location /api/v1/ {{
      proxy_pass http://console;
      proxy_request_buffering off;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
    location / {{
      proxy_pass http://console;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
""")
    nginx = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for port in ports:
            wait_until_answers(f"http://127.0.0.1:{port}/connexion/")
        base = f"https://127.0.0.1:{front}"
        wait_until_answers(f"{base}/connexion/", verify=str(certificate))
        yield base, name
    finally:
        nginx.terminate()
        nginx.wait(10)
        for process in consoles:
            process.terminate()
            process.wait(20)


@pytest.fixture
def console(
    stack: tuple[str, str], certificate: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """The stack, with requests trusting its certificate: (base URL, admin name)."""
    # Requests prefers these variables to a session's own setting: point them at ours.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    return stack


def test_two_instances_behind_nginx_serve_one_console(
    console: tuple[str, str], tmp_path: Path
) -> None:
    base, name = console
    session = requests.Session()
    login = session.get(f"{base}/connexion/", timeout=10)
    assert "max-age=31536000" in login.headers["Strict-Transport-Security"]
    sign_in(session, base, name, PASSWORD)
    assert all(cookie.secure for cookie in session.cookies)
    # A site of its own: the database may hold other screens (PostgreSQL is shared by
    # the runs), and the fleet page shows 24 at a time.
    site = f"essai-{uuid.uuid4().hex[:8]}"
    token, url = register_screen(session, base, "Hall", site)
    assert url == f"{base}/api/v1/heartbeat"  # the address the screens see
    # Its change file, answered by nginx from the state folder (nginx's ETag: seconds and
    # size), a 304 while nothing changes, a new one once its site's settings do.
    name = change_name(token_hash(token))
    changes = f"{base}/api/v1/changes/{name}.json"
    first = session.get(changes, timeout=10)
    written = (tmp_path / "console" / "changes" / f"{name}.json").stat()
    assert first.headers["ETag"] == f'"{int(written.st_mtime):x}-{written.st_size:x}"'
    etag = {"If-None-Match": first.headers["ETag"]}
    assert session.get(changes, headers=etag, timeout=10).status_code == 304
    post_form(session, f"{base}/sites/{site}/reglages/", {"theme": "dark"})
    assert session.get(changes, headers=etag, timeout=10).status_code == 200
    sender = HeartbeatSender(url, token, "test")
    sender.submit({"display": "awake", "heartbeat_minutes": 5})
    deadline = time.monotonic() + 30
    while sender.sent == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    sender.stop()
    assert sender.sent == 1
    # Round robin: both instances answer in turn, each with the same, whole state.
    pages = [session.get(f"{base}/?site={site}", timeout=10).text for _ in range(4)]
    assert all("Hall" in page and "en ligne" in page for page in pages)


class _FromAddress(requests.adapters.HTTPAdapter):
    """Connections made from a chosen loopback address: a client elsewhere, as nginx
    sees it (Linux routes all of 127.0.0.0/8 to this machine)."""

    def __init__(self, address: str) -> None:
        self._source = (address, 0)
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = self._source
        super().init_poolmanager(*args, **kwargs)


def _client(address: str, certificate: Path) -> requests.Session:
    session = requests.Session()
    session.mount("https://", _FromAddress(address))
    session.verify = str(certificate)
    return session


def _sign_in_answer(session: requests.Session, base: str, name: str, password: str) -> int:
    form = session.get(f"{base}/connexion/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    answer = session.post(
        f"{base}/connexion/",
        {"username": name, "password": password, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/connexion/"},
        allow_redirects=False,
        timeout=10,
    )
    return answer.status_code


def test_wrong_passwords_from_one_client_never_lock_the_person_out_from_another(
    console: tuple[str, str], certificate: Path
) -> None:
    base, name = console
    attacker, person = _client("127.0.0.2", certificate), _client("127.0.0.3", certificate)
    # Claiming to be the person's address changes nothing: nginx appends the real one.
    attacker.headers["X-Forwarded-For"] = "127.0.0.3"
    tries = [_sign_in_answer(attacker, base, name, "not the password") for _ in range(5)]
    assert tries[:4] == [200] * 4  # the form again, with its message; the fifth locks
    assert _sign_in_answer(attacker, base, name, PASSWORD) == 429  # locked from there
    assert _sign_in_answer(person, base, name, PASSWORD) == 302  # and only from there
