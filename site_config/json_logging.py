"""Formats log records as one JSON object per line, for log collectors."""

import json
import logging
from datetime import UTC, datetime

# Extra fields a record may carry (from RequestLogMiddleware or the export) that belong in the line.
EXTRA_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "export", "publish")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= {
            name: getattr(record, name) for name in EXTRA_FIELDS if getattr(record, name, None) is not None
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
