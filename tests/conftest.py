from __future__ import annotations

import os

import pytest

from tests.support import http_server

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture
def http():
    """A misbehaving HTTP server on 127.0.0.1 (see tests/support/http_server.py)."""
    server = http_server.start()
    yield server
    server.shutdown()
    server.server_close()
