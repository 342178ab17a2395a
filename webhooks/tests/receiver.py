"""A real HTTP receiver for the webhook tests: a ThreadingHTTPServer on 127.0.0.1 in a thread.

It records every request (headers and body) and answers from a script: each
entry is an HTTP status, ("sleep", seconds) to hang past the client's timeout,
("redirect", url), or "garbage" (bytes that are not HTTP). Once the script is
used up it answers 204.
"""

import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    def __init__(self):
        self.requests: list[Received] = []
        self.script: deque = deque()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cms"

    def answer(self, *steps) -> None:
        self.script.extend(steps)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next_step(self):
        with self.lock:
            return self.script.popleft() if self.script else 204

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
                step = receiver._next_step()
                if isinstance(step, tuple) and step[0] == "sleep":
                    time.sleep(step[1])
                    step = 204
                if step == "garbage":
                    self.wfile.write(b"\x00\x01 this is not HTTP\r\n\r\n")
                    return
                if isinstance(step, tuple) and step[0] == "redirect":
                    self.send_response(302)
                    self.send_header("Location", step[1])
                    self.end_headers()
                    return
                self.send_response(step)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        return Handler
