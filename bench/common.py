"""What every benchmark shares: a scratch warehouse, a clock, peak memory, the report."""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SCRATCH = Path(os.environ.get("INTERCEPTS_BENCH_DIR", tempfile.gettempdir())) / "intercepts-bench"


def scratch(name: str, *, fresh: bool = True) -> Path:
    path = SCRATCH / name
    if fresh and path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def timed(figures: dict, key: str):
    t = time.perf_counter()
    yield
    figures[key] = round(time.perf_counter() - t, 3)


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of its finished children (worker pools), MiB."""
    return max(peak_rss_split())


def peak_rss_split() -> tuple[float, float]:
    """(this process, its largest finished child): peak resident memory so far, MiB. Both only
    grow, so reading them after each stage says which stage set the peak."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(own / 1024, 1), round(kids / 1024, 1)


def report(name: str, figures: dict) -> None:
    """Print the figures, one per line, and the command that reproduces them."""
    print(f"== {name}")
    for k, v in figures.items():
        print(f"   {k:<34} {v}")
    print(f"   reproduce: {shlex.join([Path(sys.executable).name, '-m', *_module_argv()])}")
    sys.stdout.flush()


def _module_argv() -> list[str]:
    if sys.argv[0].startswith("bench."):  # set by bench/__main__.py for each benchmark it runs
        return list(sys.argv)
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    module = spec.name.removesuffix(".__main__") if spec else Path(sys.argv[0]).stem
    return [module, *sys.argv[1:]]
