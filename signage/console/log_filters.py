"""What the console writes to its log: one line for a request refused (4xx), the whole
traceback only for a server error (5xx)."""

from __future__ import annotations

import logging


class ShortClientErrors(logging.Filter):
    """Drop the traceback of a 4xx (Django attaches it to a 403 from PermissionDenied):
    a refusal is the console doing its job, and a traceback each time buries the real
    errors. The line itself (method, path, status) is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
