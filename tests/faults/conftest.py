from __future__ import annotations

import pytest

from tests.faults import harness


@pytest.fixture
def site(http):
    """The sample publishers (their night-3 pages) on the misbehaving loopback server."""
    harness.serve_samples(http)
    return http
