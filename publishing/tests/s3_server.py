"""A proxy in front of the moto S3 server that can answer 500 on chosen uploads.

The proxy sits on the wire between boto3 and moto, so retries, backoff and a
failing upload are exercised exactly as against a real S3-compatible server.
"""

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FaultPlan:
    """Which object uploads (PUTs, counted from 1) get a 500 instead of reaching moto."""

    def __init__(self):
        self.lock = threading.Lock()
        self.puts = 0
        self.fail_from: int | None = None  # every PUT from this one on fails
        self.fail_only: set[int] = set()  # just these PUTs fail (a transient error)
        self.fail_path: str | None = None  # every upload of a key containing this fails
        self.fail_deletes = False  # every DeleteObjects request fails
        self.failed = 0
        self.log: list[tuple[str, str]] = []  # (method, path) of every request, in arrival order
        self.put_headers: list[dict] = []  # the headers of each object upload

    def should_fail(self, path: str) -> bool:
        with self.lock:
            self.puts += 1
            fail = self.puts in self.fail_only or (self.fail_from is not None and self.puts >= self.fail_from)
            fail = fail or (self.fail_path is not None and self.fail_path in path)
            self.failed += fail
            return fail


class FaultyProxy:
    def __init__(self, upstream: str):
        self.upstream = upstream.removeprefix("http://")
        self.faults = FaultPlan()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with proxy.faults.lock:
                    proxy.faults.log.append((self.command, self.path))
                    if self.command == "PUT":
                        proxy.faults.put_headers.append({k.lower(): v for k, v in self.headers.items()})
                is_upload = self.command == "PUT" and "/.publish-pending.json" not in self.path
                is_delete = self.command == "POST" and "delete" in self.path.partition("?")[2]
                if (is_upload and proxy.faults.should_fail(self.path)) or (
                    is_delete and proxy.faults.fail_deletes
                ):
                    payload = b"<Error><Code>InternalError</Code><Message>injected</Message></Error>"
                    self.send_response(500)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                connection = http.client.HTTPConnection(proxy.upstream, timeout=30)
                connection.request(self.command, self.path, body, dict(self.headers))
                response = connection.getresponse()
                data = response.read()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
