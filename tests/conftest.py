from __future__ import annotations

import os
import tempfile

import pytest

from tests.support import http_server

# Prefect's ephemeral API keeps its state in PREFECT_HOME: one throw-away home per test session.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="intercepts-prefect-"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# the temporary API's server can take longer than Prefect's default 20 s to start here
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@pytest.fixture
def http():
    """A misbehaving HTTP server on 127.0.0.1 (see tests/support/http_server.py)."""
    server = http_server.start()
    yield server
    server.shutdown()
    server.server_close()
