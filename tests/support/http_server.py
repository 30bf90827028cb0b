"""A real HTTP server on 127.0.0.1 that misbehaves on purpose.

Routes map a path to a behaviour: serve a body (with status, headers), fail N times
then recover, trickle bytes, cut the body short, redirect, or sleep. POSTs are recorded
with their headers and body and answered with the route's status. Tests reach it
through the same requests code as production.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    fail_first: int = 0  # answer `fail_status` this many times before succeeding
    fail_status: int = 503
    trickle_s: float = 0.0  # sleep between 1-byte writes
    truncate_to: int | None = None  # announce the full length, send only this many bytes
    delay_s: float = 0.0  # sleep before answering
    redirect_to: str | None = None
    gzip: bool = False
    etag: str | None = None
    reason: str | None = None  # the status line's phrase (a hostile server picks its own)
    retry_after: str = "0"  # sent with a failing 429 or 503
    hits: int = 0


class MisbehavingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        self.posts: list[tuple[str, dict, bytes]] = []  # (path, headers, body) of each POST

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, **kw) -> Route:
        self.routes[path] = Route(**kw)
        return self.routes[path]


class _Handler(BaseHTTPRequestHandler):
    server: MisbehavingServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        return

    def do_GET(self):  # noqa: N802
        self.server.requests.append((self.path, dict(self.headers)))
        r = self.server.routes.get(self.path)
        if r is None:
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        r.hits += 1
        if r.delay_s:
            time.sleep(r.delay_s)
        if r.hits <= r.fail_first:
            retry = {"Retry-After": r.retry_after} if r.fail_status in (429, 503) else {}
            self._send(
                r.fail_status,
                b"temporarily unavailable",
                {"Content-Type": "text/plain", **retry},
                reason=r.reason,
            )
            return
        if r.redirect_to:
            self._send(302, b"", {"Location": r.redirect_to})
            return
        if r.etag and self.headers.get("If-None-Match") == r.etag:
            self._send(304, b"", {"ETag": r.etag})
            return
        body = gzip.compress(r.body) if r.gzip else r.body
        headers = dict(r.headers)
        if r.gzip:
            headers["Content-Encoding"] = "gzip"
        if r.etag:
            headers["ETag"] = r.etag
        if r.trickle_s:
            self.send_response(r.status)
            for k, v in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(k, v)
            self.end_headers()
            try:
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(r.trickle_s)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if r.truncate_to is not None:
            self.send_response(r.status)
            for k, v in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body[: r.truncate_to])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(r.status, body, headers, reason=r.reason)

    def do_POST(self):  # noqa: N802
        """Record the body (an OpenLineage backend's inbox); answer the route's status."""
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.posts.append((self.path, dict(self.headers), body))
        r = self.server.routes.get(self.path)
        if r is None:
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        r.hits += 1
        self._send(r.status, r.body, dict(r.headers), reason=r.reason)

    def _send(self, status, body, headers, reason=None):
        self.send_response(status, reason)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


def start() -> MisbehavingServer:
    server = MisbehavingServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
