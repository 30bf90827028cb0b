"""A loopback HTTP server for the bundled sample site.

The demo and the tests fetch the samples through the same HTTP code as production;
this server plays the publishers. It serves one snapshot folder at a time (a night's
state of the site), answers conditional GETs with 304 and never leaves 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from intercepts.config import SAMPLES_DIR

SITE_DIR = SAMPLES_DIR / "site"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
}


def snapshots(site_dir: Path = SITE_DIR) -> list[Path]:
    """The site's snapshot folders in fetch order (night-1, night-2, ...)."""
    return sorted((p for p in site_dir.iterdir() if p.is_dir()), key=lambda p: p.name)


# A fixed port keeps the demo's URLs (and so its marts) identical from run to run; when
# it is taken, any free port works just as well.
PREFERRED_PORT = 47821


class SampleSite(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.root = root.resolve()
        # A fixed Last-Modified per snapshot keeps conditional GETs reproducible across runs.
        self.last_modified = formatdate(0, usegmt=True)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def serve(self, root: Path) -> None:
        self.root = root.resolve()


class _Handler(BaseHTTPRequestHandler):
    server: SampleSite

    def log_message(self, format, *args):  # noqa: A002 - silence per-request logging
        return

    def do_GET(self):  # noqa: N802
        path = unquote(urlsplit(self.path).path).lstrip("/")
        target = (self.server.root / path).resolve()
        if not target.is_relative_to(self.server.root) or not target.is_file():
            self.send_error(404, "not found")
            return
        body = target.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header(
            "Content-Type", CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        )
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def running(root: Path):
    """Serve ``root`` on an ephemeral loopback port for the duration of the block."""
    try:
        server = SampleSite(root, PREFERRED_PORT)
    except OSError:
        server = SampleSite(root)
    thread = threading.Thread(target=server.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
