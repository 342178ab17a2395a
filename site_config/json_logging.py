"""One JSON object per line for log collectors, written by python-json-logger."""

import logging
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as LibraryJsonFormatter

# Record attributes → the names log consumers already read; every extra field follows as is.
STANDARD_FIELDS = {"asctime": "time", "levelname": "level", "name": "logger", "message": "message"}


class JsonFormatter(LibraryJsonFormatter):
    """python-json-logger configured with this project's field names and time format.

    Values json cannot encode are written as text by the library's encoder (str() when
    it knows no better), so an odd extra value never stops a line being logged.
    """

    def __init__(self, **kwargs):
        super().__init__(
            list(STANDARD_FIELDS),
            rename_fields={**STANDARD_FIELDS, "exc_info": "exception"},
            **kwargs,
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        # ISO 8601 in UTC to the millisecond, as the lines have always carried;
        # logging's default is local time without a zone.
        return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
