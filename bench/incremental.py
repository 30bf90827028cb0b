"""The nightly incremental run on a large history: 2,000 new documents, then nothing new.

The history is landed Parquet written by the generator together with the claims it put into
each document (``write_history(with_claims=True)``), so it counts as extracted without an
hour in the extractor; the new documents go through ``land_items``, the real extractor and
the full SQL build. The proof that history is neither re-read nor re-extracted is in the
counts: versions extracted, landed files opened by the extraction stage, landed versions.

    python -m bench.incremental --history 100000 --new 2000
    python -m bench.incremental --history 1000000 --new 2000    # ~4 min to generate

Extraction chooses its processes as the commands do (``--workers auto``: a night's 2,000
documents are read in this process); ``--workers 2`` forces a pool.

Last, ``intercepts run`` itself (a new process: Python, Prefect's start, one task per source
and stage) on the same history, every source answering from loopback with a feed that holds
nothing new: the "nothing new" night as the scheduler runs it, Prefect's start included —
with Prefect's per-process ephemeral API, as a client of a running ``prefect server``, and
as three nights inside one long-lived process (``intercepts serve``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench import generate
from bench.common import peak_rss_mib, report, scratch, timed
from intercepts import build, landing, pipeline
from intercepts.config import load_sources, parse_workers
from intercepts.extraction import _DOCUMENTS_READ, _landed_files, claims_dir, extract_pending


def _nightly(wh, new: int, start: int, workers: int | str, refs, fig: dict, prefix: str) -> None:
    read_before = (claims_dir(wh) / _DOCUMENTS_READ).read_text().count("\n") + 1
    landed = 0
    with timed(fig, f"{prefix}land_s"):
        for source, items, fetched in generate.items_by_source(new, 1, start=start):
            landed += landing.land_items(
                wh,
                source,
                items,
                run_id=f"night-{start}",
                fetched_at=fetched or datetime.now(UTC),
                fetch_url=source.url,
            )[0]
    files_now = len(_landed_files(wh / "raw" / "documents"))
    with timed(fig, f"{prefix}extract_s"):
        stats = extract_pending(wh, f"night-{start}", workers=workers)
    with timed(fig, f"{prefix}build_s"):
        result = build.build(wh, refs)
    nightly_mart = result["incremental"].get("fct_nightly_regional_intercepts", {})
    if nightly_mart:
        fig[f"{prefix}build_nights_recomputed"] = nightly_mart.get(
            "nights_recomputed", f"all ({nightly_mart.get('why')})"
        )
    if result["timings"]:
        slowest = sorted(result["timings"].items(), key=lambda kv: -kv[1])[:5]
        fig[f"{prefix}build_slowest"] = ", ".join(f"{k} {v:.1f}s" for k, v in slowest)
    fig[f"{prefix}versions_landed"] = landed
    fig[f"{prefix}versions_extracted"] = stats["versions"]
    fig[f"{prefix}extract_processes"] = stats["workers"]
    fig[f"{prefix}landed_files_opened"] = files_now - read_before
    fig[f"{prefix}landed_files_total"] = files_now
    fig[f"{prefix}total_s"] = round(
        fig[f"{prefix}land_s"] + fig[f"{prefix}extract_s"] + fig[f"{prefix}build_s"], 2
    )


def _history(history: int, fig: dict) -> tuple[Path, dict]:
    """A fresh copy of the generated history; the generated original is kept beside it (marked
    complete only once written whole), so a second run of the same size costs a copy, not ~4 min."""
    original = scratch(f"history-{history}", fresh=False)
    done = original / "_complete.json"
    if done.exists():
        stats = json.loads(done.read_text())
        fig["generate_history_s"] = "reused"
    else:
        shutil.rmtree(original)
        with timed(fig, "generate_history_s"):
            stats = generate.write_history(original, history, 1, with_claims=True)
        done.write_text(json.dumps(stats))
    wh = scratch(f"incremental-{history}")
    shutil.rmtree(wh)
    shutil.copytree(original, wh, ignore=shutil.ignore_patterns("_complete.json"))
    # The history's claims are the generator's own, filed under the extractor version of the
    # day it was generated; they stand for "already extracted" under today's version too.
    for old in (wh / "claims").glob("extractor_version=*"):
        now = claims_dir(wh)
        if old != now and not now.exists():
            old.rename(now)
    return wh, stats


_EMPTY_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>-</title></channel></rss>'


class _EmptyFeeds(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server interface
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(_EMPTY_FEED)))
        self.end_headers()
        self.wfile.write(_EMPTY_FEED)

    def log_message(self, *args):
        pass


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _nothing_new_through_prefect(wh: Path, fig: dict, runs: int = 2) -> None:
    """``intercepts run`` in a fresh process against the history; each source's feed is empty."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmptyFeeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = wh.parent / f"{wh.name}-empty-sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nid = {_toml(s.id)}\nkind = "rss"\nurl = {_toml(f"{base}/{s.id}.xml")}\n'
            f"publisher = {_toml(s.publisher)}\nclaimant_kind = {_toml(s.claimant_kind)}\n"
            f"language = {_toml(s.language)}\ntimezone = {_toml(s.timezone)}\n\n"
            for s in load_sources(generate.CATALOG)
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "PREFECT_HOME": str(wh.parent / f"{wh.name}-prefect")}
    cli = Path(sys.executable).with_name("intercepts")
    run_cli = [str(cli), "run", "--sources", str(sources), "--warehouse", str(wh)]
    try:
        # the first run also creates Prefect's local database
        _time_runs(run_cli, env, runs, "prefect_nothing_new", fig)
        # with a Prefect server up (a deployment's normal state), each run is a client of it
        server_url = _start_prefect_server(wh, env)
        if server_url:
            client_env = {**env, "PREFECT_API_URL": server_url}
            _time_runs(run_cli, client_env, runs, "prefect_server_nothing_new", fig)
        else:
            fig["prefect_server"] = "did not start in 90 s"
        # `intercepts serve` keeps one process for every scheduled night: Prefect starts once
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _SERVED, str(sources), str(wh)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        fig["served_process_s"] = round(time.perf_counter() - t, 2)
        if done.returncode == 0:
            for i, took in enumerate(json.loads(done.stdout.strip().splitlines()[-1]), 1):
                fig[f"served_nothing_new_night{i}_s"] = took
        else:
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
    finally:
        server.shutdown()
        for proc in _SERVERS:
            proc.terminate()
            proc.wait(timeout=30)


def _time_runs(argv: list[str], env: dict, runs: int, name: str, fig: dict) -> None:
    """Run ``argv`` ``runs`` times in a new process each, timing each run from its start."""
    for i in range(1, runs + 1):
        t = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        fig[f"{name}_run{i}_s"] = round(time.perf_counter() - t, 2)
        fig[f"{name}_run{i}_exit"] = done.returncode
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)


_SERVERS: list[subprocess.Popen] = []


def _start_prefect_server(wh: Path, env: dict) -> str | None:
    """`prefect server start` on a free loopback port, with its own home; its API URL."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = {**env, "PREFECT_HOME": str(wh.parent / f"{wh.name}-prefect-server")}
    prefect = Path(sys.executable).with_name("prefect")
    proc = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _SERVERS.append(proc)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:  # noqa: S310 - loopback
                if r.status == 200:
                    return url
        except OSError:
            time.sleep(0.5)
    return None


# Three nights in one process, as under `intercepts serve`: each flow run timed alone.
_SERVED = """
import json, sys, time
from flows.nightly import nightly
took = []
for _ in range(3):
    t = time.perf_counter()
    nightly(sources_file=sys.argv[1], warehouse=sys.argv[2])
    took.append(round(time.perf_counter() - t, 2))
print(json.dumps(took))
"""


def run(history: int, new: int, workers: int | str, prefect: bool = True) -> dict:
    fig: dict = {"history_documents": history}
    wh, stats = _history(history, fig)
    fig["history_versions"] = stats["versions"]
    fig["history_claims"] = stats["claims"]
    refs = pipeline.reference_tables(load_sources(generate.CATALOG))
    # The first run after the generator reads nothing new but builds the warehouse and the
    # landing index once (what the nightly run before this one would have done).
    extract_pending(wh, "prime")
    for source in load_sources(generate.CATALOG):
        landing.known_versions(wh, source.id, ["-"])
    with timed(fig, "full_build_s"):
        build.build(wh, refs)
    _nightly(wh, new, history, workers, refs, fig, f"new{new}_")
    # the next night's fetch finds the same posts again: landed as unchanged, nothing new
    _nightly(wh, new, history, workers, refs, fig, "nothing_new_")
    fig["peak_rss_mib"] = peak_rss_mib()
    if prefect:
        _nothing_new_through_prefect(wh, fig)
    return fig


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="nightly incremental run on a large history")
    ap.add_argument("--history", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=2000)
    ap.add_argument(
        "--workers",
        type=parse_workers,
        default="auto",
        help="extraction processes, or 'auto' (the default, as the commands choose)",
    )
    ap.add_argument(
        "--no-prefect", action="store_true", help="skip the runs through `intercepts run`"
    )
    args = ap.parse_args(argv)
    fig = run(args.history, args.new, args.workers, prefect=not args.no_prefect)
    report(f"nightly run: {args.new} new on {args.history} of history", fig)
    return fig


if __name__ == "__main__":
    main()
