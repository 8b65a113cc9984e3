"""Proof of display per item (issue 16): the compact tally a heartbeat carries, merged
when a heartbeat is not delivered so that no count is lost, and sent with the next."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hypothesis import given
from hypothesis import strategies as st

from signage.ops.heartbeat import HeartbeatSender
from signage.ops.tally import Tally, merge

AT = datetime(2026, 12, 1, 10, tzinfo=UTC)


def test_a_tally_counts_each_item_and_its_kind_then_starts_again() -> None:
    tally = Tally()
    tally.add("agenda", ["atelier-cv", "atelier-ordi"], 20.0, AT)
    tally.add("agenda", ["atelier-cv"], 20.0, AT)
    tally.add("wifi", [], 12.0, AT)
    taken = tally.take()
    assert taken is not None
    assert taken["rows"] == [
        ["agenda", "", 2, 40.0],
        ["agenda", "atelier-cv", 2, 40.0],
        ["agenda", "atelier-ordi", 1, 20.0],
        ["wifi", "", 1, 12.0],
    ]
    assert tally.take() is None


rows = st.lists(
    st.tuples(
        st.sampled_from(["agenda", "wifi", "apps"]),
        st.sampled_from(["", "a", "b"]),
        st.integers(1, 50),
        st.floats(0, 1000, allow_nan=False),
    ),
    max_size=12,
)


@given(rows, rows)
def test_merged_tallies_lose_no_count(
    first: list[tuple[str, str, int, float]], second: list[tuple[str, str, int, float]]
) -> None:
    def tally(found: list[tuple[str, str, int, float]]) -> dict[str, object] | None:
        return {"since": "x", "rows": [list(r) for r in found]} if found else None

    merged = merge(tally(first), tally(second))
    total = sum(r[2] for r in first + second)
    assert (sum(r[2] for r in merged["rows"]) if merged else 0) == total


class Console:
    """A console that refuses the first ``refusals`` heartbeats, then keeps them."""

    def __init__(self, refusals: int) -> None:
        self.kept: list[bytes] = []
        self.arrived = threading.Event()
        console = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                nonlocal refusals
                refusals -= 1
                self.send_response(503 if refusals >= 0 else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if refusals < 0:
                    console.kept.append(body)
                    console.arrived.set()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/beat"


def test_a_heartbeat_not_delivered_gives_its_counts_to_the_next() -> None:
    console = Console(refusals=3)  # the three attempts of the first heartbeat
    sender = HeartbeatSender(console.url, "t" * 20, "test", pause=0.01)
    try:
        sender.submit({"n": 1}, None, {"since": "a", "rows": [["agenda", "cv", 3, 60.0]]})
        deadline = time.monotonic() + 10
        while (
            sender.sent == 0 and time.monotonic() < deadline and (sender.pending or not sender.idle)
        ):
            time.sleep(0.01)
        sender.submit({"n": 2}, None, {"since": "b", "rows": [["agenda", "cv", 1, 20.0]]})
        assert console.arrived.wait(10)
    finally:
        sender.stop()
        console.httpd.shutdown()
        console.httpd.server_close()
    text = console.kept[-1].decode("utf-8", "replace")
    sent = json.loads(text[text.index("{") : text.rindex("}") + 1])
    assert sent["n"] == 2 and sent["shown"]["rows"] == [["agenda", "cv", 4, 80.0]]
