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


def format_status(status: dict[str, Any], now: datetime) -> str:
    site = status.get("site", {})
    content = status.get("content", {})
    sync = status.get("sync", {})
    current = status.get("current_slide") or {}
    written = datetime.fromisoformat(status["updated_at"])
    lines = [
        f"screen:   {site.get('name')} ({site.get('id')}), signage {status.get('version')}, "
        f"pid {status.get('pid')}, up {_age(status.get('uptime_seconds', 0))}",
        f"display:  {status.get('display')}, showing {current.get('description', '—')}",
        f"content:  version {content.get('version') or '—'} from {content.get('source')}, "
        f"confirmed {content.get('confirmed_at')}",
        f"sync:     last success {sync.get('last_success') or 'never'}; "
        f"last error {sync.get('last_error') or 'none'}",
        f"status written {_age((now - written).total_seconds())} ago",
    ]
    return "\n".join(lines)
