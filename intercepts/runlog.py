"""Run log lines a person can read: one per source and stage, with counts and durations.

Library code and flows write to the ``intercepts`` logger. The CLI prints it at INFO
(:func:`to_console`) while Prefect's own loggers stay at WARNING; inside a Prefect run the
same lines also reach the run's log in the Prefect UI when ``PREFECT_LOGGING_EXTRA_LOGGERS``
names ``intercepts`` (the CLI and prefect.yaml set it).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("intercepts")

_HANDLER_NAME = "intercepts-console"


def to_console(level: int = logging.INFO, stream=None) -> logging.Handler:
    """Print ``intercepts`` lines as ``HH:MM:SS message`` on stderr (once per process)."""
    for handler in log.handlers:
        if handler.get_name() == _HANDLER_NAME:
            return handler
    handler = _StderrHandler() if stream is None else logging.StreamHandler(stream)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = (
        False  # the root logger's (Prefect's) console handler would print each line again
    )
    return handler


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test runner may swap it)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


@contextmanager
def timed() -> Iterator[dict]:
    """``with timed() as t: ...`` then ``t["s"]``: the block's wall time in seconds."""
    clock = {"s": 0.0}
    start = time.monotonic()
    try:
        yield clock
    finally:
        clock["s"] = time.monotonic() - start
