"""Request ids and JSON log lines."""

import copy
import io
import json
import logging
import logging.config
import re
from pathlib import Path

import pytest
from django.conf import settings

from site_config.request_log import RequestIdFilter


def json_formatter() -> logging.Formatter:
    """The formatter LOGGING calls "json", built the way logging.config builds it."""
    configurator = logging.config.DictConfigurator(copy.deepcopy(settings.LOGGING))
    return configurator.configure_formatter(configurator.config["formatters"]["json"])


def logged_json_line(level: int, message: str, **kwargs) -> dict:
    """The line that logger.log(level, message, **kwargs) writes through the "json" formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("site_config.tests.json")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        logger.log(level, message, **kwargs)
    finally:
        logger.removeHandler(handler)
    [line] = stream.getvalue().splitlines()
    return json.loads(line)


def test_the_request_id_from_the_proxy_is_returned(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a.1")
    assert response["X-Request-ID"] == "edge-7f3a.1"


@pytest.mark.parametrize("header", [None, "", "bad id with spaces", "x" * 200, "<script>"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_generated_one(client, header):
    headers = {} if header is None else {"HTTP_X_REQUEST_ID": header}
    generated = client.get("/healthz", **headers)["X-Request-ID"]
    assert generated != header and len(generated) == 32 and generated.isalnum()


def test_each_request_writes_one_json_line_with_its_id_path_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="site_config.requests")
    client.get("/healthz", HTTP_X_REQUEST_ID="req-42")
    [record] = [r for r in caplog.records if r.name == "site_config.requests"]
    RequestIdFilter().filter(record)  # outside the request, so no id: the line carries its own
    record.request_id = "req-42"
    line = json.loads(json_formatter().format(record))
    assert line["message"] == "GET /healthz 200"
    assert (line["path"], line["status"], line["method"], line["request_id"]) == (
        "/healthz",
        200,
        "GET",
        "req-42",
    )
    assert line["level"] == "INFO" and line["logger"] == "site_config.requests"
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


def test_records_written_while_a_request_is_handled_carry_its_id(rf):
    from django.http import HttpResponse

    from site_config.request_log import RequestLogMiddleware

    seen = []

    def view(request):
        record = logging.LogRecord("app", logging.INFO, __file__, 1, "inside", None, None)
        RequestIdFilter().filter(record)
        seen.append(record.request_id)
        return HttpResponse("ok")

    RequestLogMiddleware(view)(rf.get("/", HTTP_X_REQUEST_ID="abc-123"))
    after = logging.LogRecord("app", logging.INFO, __file__, 1, "after", None, None)
    RequestIdFilter().filter(after)
    assert seen == ["abc-123"] and after.request_id is None


def test_every_extra_field_reaches_the_json_line():
    summary = {"pages": 27, "files": 143, "output": Path("/srv/build")}
    extra = {"export": summary, "anything": 1, "custom_field": "kept"}
    line = logged_json_line(logging.INFO, "exported", extra=extra)
    # A value json cannot encode (here a Path) is written as text, not an error.
    assert line["export"] == {"pages": 27, "files": 143, "output": "/srv/build"}
    assert (line["anything"], line["custom_field"]) == (1, "kept")


def test_the_standard_fields_keep_their_names_and_formats():
    try:
        raise ValueError("boom")
    except ValueError:
        line = logged_json_line(logging.ERROR, "failed", exc_info=True)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"]), line["time"]
    assert (line["level"], line["logger"], line["message"]) == ("ERROR", "site_config.tests.json", "failed")
    assert line["exception"].startswith("Traceback") and "ValueError: boom" in line["exception"]
