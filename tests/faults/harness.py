"""What the fault tests and `bench/faults.py` share: the sample publishers served by the
misbehaving loopback server, a sources file pointing at it, the run driver as a real
subprocess, and what a warehouse holds (landed versions, marts) to compare runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from intercepts.config import SAMPLE_SOURCES
from intercepts.samples.server import CONTENT_TYPES, SITE_DIR
from tests.support.http_server import MisbehavingServer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "faults"
NIGHT = SITE_DIR / "night-3"  # the morning every sample source publishes something

# Columns that say *when* or *in which run* something was fetched or recorded: two runs over
# the same content differ there and nowhere else, so they are left out of mart comparisons.
RUN_COLUMNS = frozenset(
    {
        "run_id",
        "first_run_id",
        "fetched_at",
        "first_recorded_at",
        "recorded_at",
        "last_landed_at",
        "extracted_at",
        "started_at",
    }
)


def sample_sources() -> list[dict]:
    return tomllib.loads(SAMPLE_SOURCES.read_text(encoding="utf-8"))["source"]


def sample_path(source: dict) -> str:
    """The URL path of a sample source, e.g. ``/t.me/s/mod_russia.html``."""
    return source["url"].replace("{sample_base}", "")


def serve_samples(server: MisbehavingServer, night: Path = NIGHT) -> dict[str, str]:
    """Route every sample source's page on ``server``; returns source id -> URL path."""
    paths = {}
    for source in sample_sources():
        path = sample_path(source)
        file = night / path.lstrip("/")
        server.route(
            path,
            body=file.read_bytes(),
            headers={"Content-Type": CONTENT_TYPES.get(file.suffix, "application/octet-stream")},
        )
        paths[source["id"]] = path
    return paths


def write_sources(
    path: Path, base_url: str, extra: list[dict] = (), urls: dict[str, str] | None = None
) -> Path:
    """A sources file with the sample sources at ``base_url`` plus ``extra`` entries;
    ``urls`` moves a source elsewhere (e.g. to a closed port)."""
    lines = []
    for source in [*sample_sources(), *extra]:
        lines.append("[[source]]")
        for key in ("id", "kind", "url", "publisher", "claimant_kind", "language", "timezone"):
            value = source[key].replace("{sample_base}", base_url)
            if key == "url" and urls and source["id"] in urls:
                value = urls[source["id"]]
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def extra_source(
    sid: str, kind: str, url: str, *, language: str = "ru", claimant_kind: str = "media"
) -> dict:
    return {
        "id": sid,
        "kind": kind,
        "url": url,
        "publisher": f"Fault fixture {sid}",
        "claimant_kind": claimant_kind,
        "language": language,
        "timezone": "Europe/Moscow",
    }


# --- the run, as a real process ------------------------------------------------------------


@dataclass
class Run:
    code: int
    report: dict | None
    stderr: str

    @property
    def statuses(self) -> dict[str, str]:
        return {s["source_id"]: s["status"] for s in (self.report or {}).get("sources", [])}

    @property
    def reasons(self) -> dict[str, str | None]:
        return {s["source_id"]: s["reason"] for s in (self.report or {}).get("sources", [])}


def driver_command(
    sources: Path, warehouse: Path, *, batch_size: int = 5000, compact: bool = False
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tests.faults.driver",
        "--sources",
        str(sources),
        "--warehouse",
        str(warehouse),
        "--batch-size",
        str(batch_size),
        *(["--compact"] if compact else []),
    ]


def driver_env(**extra: str) -> dict:
    env = {
        **os.environ,
        "INTERCEPTS_CONNECT_TIMEOUT": "2",
        "INTERCEPTS_READ_TIMEOUT": "2",
        "INTERCEPTS_RETRIES": "2",
        "INTERCEPTS_MAX_BYTES": "2000000",
        **extra,
    }
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def run_driver(
    sources: Path,
    warehouse: Path,
    *,
    batch_size: int = 5000,
    timeout: float = 120,
    compact: bool = False,
    **popen,
) -> Run:
    """One complete run in a fresh process; its JSON summary and exit status."""
    proc = subprocess.run(
        driver_command(sources, warehouse, batch_size=batch_size, compact=compact),
        cwd=ROOT,
        env=popen.pop("env", driver_env()),
        capture_output=True,
        text=True,
        timeout=timeout,
        **popen,
    )
    report = json.loads(proc.stdout) if proc.stdout.strip() else None
    return Run(proc.returncode, report, proc.stderr)


def start_paused(
    sources: Path,
    warehouse: Path,
    pause: str,
    ready: Path,
    *,
    batch_size: int = 5000,
    timeout: float = 60,
    compact: bool = False,
) -> subprocess.Popen:
    """Start a run that stops at ``pause`` (see tests/faults/driver.py); returns once it is there."""
    ready.unlink(missing_ok=True)
    proc = subprocess.Popen(
        driver_command(sources, warehouse, batch_size=batch_size, compact=compact),
        cwd=ROOT,
        env=driver_env(INTERCEPTS_FAULT_PAUSE=pause, INTERCEPTS_FAULT_READY=str(ready)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if proc.poll() is not None:
            raise AssertionError(
                f"run ended (exit {proc.returncode}) before reaching {pause}: "
                f"{proc.stderr.read()[-2000:]}"
            )
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"run did not reach {pause} within {timeout}s")
        time.sleep(0.02)
    return proc


def kill(proc: subprocess.Popen) -> int:
    """SIGKILL: no handler, no finally, no atexit runs."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    return proc.returncode


# --- what a warehouse holds ----------------------------------------------------------------


def _query(sql: str, params: list) -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def landed_versions(warehouse: Path) -> set[tuple[str, str]]:
    """Every (source_id, version_id) in raw/documents."""
    if not any((warehouse / "raw" / "documents").rglob("*.parquet")):
        return set()
    return set(
        _query(
            "SELECT source_id, version_id FROM read_parquet(?, hive_partitioning = false)",
            [str(warehouse / "raw/documents/**/*.parquet")],
        )
    )


def landed_rows(warehouse: Path) -> int:
    if not any((warehouse / "raw" / "documents").rglob("*.parquet")):
        return 0
    return _query(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning = false)",
        [str(warehouse / "raw/documents/**/*.parquet")],
    )[0][0]


def quarantined(warehouse: Path) -> list[dict]:
    """raw/quarantine rows: source_id, stage, reason, url and the raw bytes kept."""
    if not any((warehouse / "raw" / "quarantine").rglob("*.parquet")):
        return []
    rows = _query(
        "SELECT source_id, stage, reason, url, raw FROM read_parquet(?, hive_partitioning = false)",
        [str(warehouse / "raw/quarantine/**/*.parquet")],
    )
    return [dict(zip(("source_id", "stage", "reason", "url", "raw"), r, strict=True)) for r in rows]


def partial_files(warehouse: Path) -> list[Path]:
    """Anything a killed writer can leave: temporary Parquet, half-built DuckDB files, the
    journal of a merge a killed compaction did not finish."""
    return sorted(
        [
            *warehouse.rglob("*.tmp"),
            *warehouse.glob(".intercepts.duckdb.building-*"),
            *warehouse.glob("state/compaction/*.json"),
        ]
    )


def as_landed_by_day(warehouse: Path) -> int:
    """Rewrite the landed documents in the layout of the release before batched landing:
    one file per source and published day (``published_date=<YYYY-MM-DD>/``), without the
    ``published_date`` column. Returns the number of files written."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    root = warehouse / "raw" / "documents"
    n = 0
    for f in sorted(root.rglob("*.parquet")):
        table = pq.read_table(f)
        days = table.column("published_date")
        for day in sorted(set(days.to_pylist())):
            rows = table.filter(pc.equal(days, day)).drop_columns(["published_date"])
            target = (
                f.parents[1] / f"published_date={day.isoformat()}" / f"{f.stem}-{day:%d}.parquet"
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(rows, target)
            n += 1
        f.unlink()
    for directory in root.glob("source_id=*/landed_month=*"):
        directory.rmdir()
    return n


def marts(
    warehouse: Path, *, leave_out: tuple[str, ...] = ("fct_quarantine", "fct_figure_revisions")
) -> dict[str, list[tuple]]:
    """Every mart's rows (sorted), without the run/time columns (RUN_COLUMNS): the tables and
    the fct_ views (fct_claims), not the bi_ views (the same rows under other names).

    ``fct_quarantine`` is left out by default: it is the log of what went wrong, so a run
    with a fault rightly has more rows there than a clean one; so is ``fct_figure_revisions``,
    the log of what each build changed against the one before (a run after a kill has a
    build before it that a clean run does not)."""
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT m.model FROM meta_models m JOIN information_schema.tables t ON t.table_name = m.model "
                "WHERE m.layer = 'marts' AND (t.table_type = 'BASE TABLE' OR m.model NOT LIKE 'bi\\_%' ESCAPE '\\') ORDER BY 1"
            ).fetchall()
        ]
        snapshot = {}
        for name in names:
            if name in leave_out:
                continue
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [name],
                ).fetchall()
                if r[0] not in RUN_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            snapshot[name] = con.execute(f'SELECT {select} FROM "{name}" ORDER BY ALL').fetchall()  # noqa: S608 - catalog names
        return snapshot
    finally:
        con.close()


def fct_quarantine(warehouse: Path) -> list[dict]:
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        cur = con.execute("SELECT * FROM fct_quarantine ORDER BY ALL")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def run_here(sources: Path, warehouse: Path, *, batch_size: int = 5000) -> Run:
    """The same run as `run_driver`, in this process (for faults that need no process of their own)."""
    from intercepts.config import Settings
    from tests.faults import driver

    env = driver_env()
    saved = {k: os.environ.get(k) for k in env if k.startswith("INTERCEPTS_")}
    os.environ.update({k: v for k, v in env.items() if k.startswith("INTERCEPTS_")})
    try:
        assert Settings.from_env(warehouse).retries == 2
        report, code = driver.run(sources, warehouse, batch_size)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Run(code, json.loads(json.dumps(report, default=str)), "")
