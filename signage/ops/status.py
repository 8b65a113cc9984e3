"""``signage status`` for humans: the status file in a few lines."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def _age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h {minutes % 60:02d}" if hours < 48 else f"{hours // 24} days"


def _when(text: Any) -> str:
    """``2026-12-02T10:15:00+01:00`` → ``2026-12-02 10:15 (+01:00)``: the screen's own
    time, with its offset, as the status file holds it."""
    if not isinstance(text, str):
        return "—"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    offset = moment.strftime("%z")
    zone = f" ({offset[:3]}:{offset[3:]})" if offset else ""
    return f"{moment:%Y-%m-%d %H:%M}{zone}"


def format_status(status: dict[str, Any], now: datetime) -> str:
    site = status.get("site", {})
    content = status.get("content", {})
    sync = status.get("sync", {})
    current = status.get("current_slide") or {}
    written = datetime.fromisoformat(status["updated_at"])
    if status.get("display") == "asleep":
        wakes = status.get("wakes_at")
        display = "asleep (closed)" + (f", wakes {_when(wakes)}" if wakes else "")
    else:
        display = f"awake, showing {current.get('description', '—')}"
    error = sync.get("last_error")
    success = _when(sync.get("last_success")) if sync.get("last_success") else "never"
    lines = [
        f"screen:   {site.get('name')} ({site.get('id')}), signage {status.get('version')}, "
        f"pid {status.get('pid')}, up {_age(status.get('uptime_seconds', 0))}",
        f"display:  {display}",
        *([f"SITE:     {status['site_unknown']}"] if status.get("site_unknown") else []),
        f"content:  version {content.get('version') or '—'} from {content.get('source')}, "
        f"confirmed {_when(content.get('confirmed_at'))}",
        f"sync:     last success {success}" + (f"; failing: {error}" if error else ""),
        f"status written {_age((now - written).total_seconds())} ago",
    ]
    return "\n".join(lines)
