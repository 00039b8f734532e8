"""Keeps tokens out of log files, whatever the log level.

Rasa's HTTP API takes its token as `?token=...` and the action server accepts one the same
way, so any log line that shows a URL (an access log, an error naming the request) would
write the token down. A filter on the log handlers replaces such values with <redacted>.
"""

from __future__ import annotations

import logging
import re

_SECRET_VALUE = re.compile(r"(?i)(\btoken=|\bauthorization[\"']?\s*[:=]\s*[\"']?bearer\s+|\bbearer\s+)[^\s&\"',;]+")
REDACTED = "<redacted>"
# Loggers that have their own handlers (and do not propagate to the root logger's).
_LOGGERS = ("", "sanic.root", "sanic.error", "sanic.access", "rasa_sdk")


def redact_secrets(text: str) -> str:
    return _SECRET_VALUE.sub(lambda match: match.group(1) + REDACTED, text)


class SecretRedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not ours to fix here
            return True
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)  # Sanic's access log: "GET /status?token=..."
        if isinstance(request, str):
            record.request = redact_secrets(request)
        return True


def install_secret_redaction() -> None:
    """Adds the filter to every handler of the loggers that write Rasa's and Sanic's logs.

    Call it after logging is configured (the channels call it when Rasa builds the app).
    """
    for name in _LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, SecretRedactingFilter) for f in handler.filters):
                handler.addFilter(SecretRedactingFilter())
