"""Request ids and JSON log lines."""

import json
import logging

import pytest

from site_config.json_logging import JsonFormatter
from site_config.request_log import RequestIdFilter


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
    line = json.loads(JsonFormatter().format(record))
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
