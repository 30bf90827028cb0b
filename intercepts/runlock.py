"""One run at a time per warehouse: a second concurrent run is refused, never interleaved."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from intercepts.config import ConfigError


class RunLocked(RuntimeError):
    pass


@contextmanager
def exclusive_run(warehouse: Path):
    """Hold ``warehouse/.run.lock`` for the block; raise RunLocked if another run holds it,
    ConfigError if the warehouse cannot be written (the CLI's exit status 2).

    flock is released by the kernel when the holder dies, so a killed run never leaves
    a stale lock behind.
    """
    path = warehouse / ".run.lock"
    try:
        warehouse.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+")  # noqa: SIM115 - held for the block
    except OSError as exc:
        # Refuse before anything is fetched, in words, rather than a traceback mid-run.
        raise ConfigError(
            f"cannot write to the warehouse {warehouse}: {exc.strerror or exc}"
        ) from None
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise RunLocked(
                f"another run is using {warehouse} ({holder}); try again when it has finished"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()
