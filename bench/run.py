"""The path users run: ``intercepts run`` as a process, over feeds served from loopback.

``--docs`` generated documents (``bench.generate``: the statement forms the extractor reads)
spread over ``--days`` days are shared out among ``--feeds`` feeds, each a copy of a source of
the bundled catalog: its Telegram channels become preview pages (``t.me/s/<channel>``), every
other source an RSS 2.0 feed. Every feed lists all its items, as a long feed or a Telegram
backfill does, and answers without validators (no ETag, no Last-Modified: every run downloads
and parses every feed again, the worst case; ``--validators`` serves ETags, so a feed that did
not change answers 304).

Then three runs, each a new process (``intercepts run --sources <toml> --warehouse <dir>``,
Python's start and Prefect's temporary API included):

- ``cold``: an empty warehouse;
- ``nothing_new``: the same feeds again;
- ``new``: ``--new`` more documents added to the feeds (spread over all of them, published
  after the history), the old items still listed.

For each: wall time, the peak resident memory of the whole process tree (sampled every 0.1 s:
the run, Prefect's API server, extraction workers), the peak of its largest single process
(``wait4``), the stage times the run logged, and the Parquet files under ``raw/documents``.

    python -m bench.run                                         # make bench: a small size
    python -m bench.run --docs 40000 --feeds 80 --days 730      # the issue's workload (~2 min)
    python -m bench.run --docs 40000 --feeds 80 --days 730 --kinds rss   # RSS feeds only
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

from bench import generate
from bench.common import SCRATCH, report, scratch

_TELEGRAM_CONTENT_TYPE = "text/html; charset=utf-8"
_RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"


class Feeds:
    """The generated feeds: one per (catalog source, copy), their items oldest first."""

    def __init__(self, n_feeds: int, per_day: float, kinds: str, seed: int = 1):
        self.gen = generate.Generator(seed, per_day)
        catalog = list(self.gen.sources.values())
        self.feeds: list[dict] = []
        for j in range(n_feeds):
            src = catalog[j % len(catalog)]
            copy = j // len(catalog)
            kind = "telegram" if src.kind == "telegram" and kinds != "rss" else "rss"
            name = f"{src.id}_{copy}"
            self.feeds.append(
                {
                    "id": name.replace("_", "-"),
                    "name": name,
                    "kind": kind,
                    "source": src,
                    "items": [],
                    "next_post": 1,
                }
            )
        self._of_source: dict[str, list[dict]] = {}
        for f in self.feeds:
            self._of_source.setdefault(f["source"].id, []).append(f)
        self.documents = 0

    def add(self, n: int) -> None:
        """Documents ``documents .. documents + n - 1`` of the generator, each to a feed of its
        source (the feed of another source when there are fewer feeds than sources)."""
        for i in range(self.documents, self.documents + n):
            row = self.gen.document(i)[0]  # the version as first published
            copies = self._of_source.get(row["source_id"])
            if copies is None:
                feed = self.feeds[hash_index(row["source_id"], len(self.feeds))]
            else:
                feed = copies[i % len(copies)]
            feed["items"].append(self._render(feed, row, i))
        self.documents += n

    def _render(self, feed: dict, row: dict, i: int) -> str:
        body = html.escape(row["text"]).replace("\n", "<br/>")
        at = row["published_at"]
        if feed["kind"] == "telegram":
            post = feed["next_post"]
            feed["next_post"] += 1
            ch = feed["name"]
            return (
                '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
                f'<div class="tgme_widget_message js-widget_message" data-post="{ch}/{post}">'
                f'<div class="tgme_widget_message_text js-message_text" dir="auto">{body}</div>'
                '<div class="tgme_widget_message_footer"><span class="tgme_widget_message_meta">'
                f'<a class="tgme_widget_message_date" href="https://t.me/{ch}/{post}">'
                f'<time datetime="{at.isoformat()}">{at:%H:%M}</time></a></span></div></div></div>\n'
            )
        title = html.escape(row["title"] or row["text"][:60].replace("\n", " "))
        return (
            f'<item><guid isPermaLink="false">{feed["name"]}/{i}</guid>'
            f"<link>https://news.example/{feed['name']}/{i}</link><title>{title}</title>"
            f"<description>{html.escape(body)}</description>"
            f"<pubDate>{format_datetime(at)}</pubDate></item>\n"
        )

    def write(self, site: Path) -> None:
        for f in self.feeds:
            if f["kind"] == "telegram":
                page = (
                    "<!DOCTYPE html><html><head><title>channel</title></head><body>"
                    '<section class="tgme_channel_history js-message_history">\n'
                    + "".join(f["items"])
                    + "</section></body></html>"
                )
            else:  # a feed lists its newest item first
                page = (
                    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>{html.escape(f['source'].publisher)}</title>"
                    "<link>https://news.example/</link><description>-</description>\n"
                    + "".join(reversed(f["items"]))
                    + "</channel></rss>"
                )
            (site / self.path(f).lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
            (site / self.path(f).lstrip("/")).write_text(page, encoding="utf-8")

    @staticmethod
    def path(feed: dict) -> str:
        if feed["kind"] == "telegram":
            return f"/t.me/s/{feed['name']}"
        return f"/feeds/{feed['name']}.xml"

    def sources_toml(self, base: str) -> str:
        out = []
        for f in self.feeds:
            s = f["source"]
            out.append("[[source]]")
            for key, value in (
                ("id", f["id"]),
                ("kind", f["kind"]),
                ("url", base + self.path(f)),
                ("publisher", s.publisher),
                ("claimant_kind", s.claimant_kind),
                ("language", s.language),
                ("timezone", s.timezone),
            ):
                out.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
            if s.region:
                out.append(f"region = {json.dumps(s.region)}")
            out.append("")
        return "\n".join(out)


def hash_index(text: str, n: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % n


class _Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, validators: bool):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root, self.validators = root, validators


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the http.server interface
        target = self.server.root / self.path.split("?", 1)[0].lstrip("/")
        if not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:24] + '"'
        if self.server.validators and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        kind = _RSS_CONTENT_TYPE if target.suffix == ".xml" else _TELEGRAM_CONTENT_TYPE
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if self.server.validators:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


_STAGE_LINE = re.compile(r"^\d\d:\d\d:\d\d (extract|build|publish): .*\(([\d.]+)s\)\s*$")


def run_process(argv: list[str], env: dict) -> dict:
    """Run ``argv`` to its end: wall seconds, exit status, peak memory of its process tree
    (sampled) and of its largest process (``wait4``), and the stage times it logged."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True)
    reader.start()
    root = psutil.Process(proc.pid)
    tree_peak, usage = 0, None
    while True:
        try:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        tree_peak = max(tree_peak, total)
        time.sleep(0.1)
    wall = time.perf_counter() - t
    reader.join(timeout=10)
    text = b"".join(output).decode("utf-8", "replace")
    stages = {}
    for line in text.splitlines():
        m = _STAGE_LINE.match(line)
        if m:
            stages[m.group(1)] = float(m.group(2))
    return {
        "s": round(wall, 2),
        "exit": proc.returncode,
        "tree_peak_mib": round(tree_peak / 2**20),
        "largest_process_mib": round(usage.ru_maxrss / 1024) if usage else None,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1) if usage else None,
        "stages": stages,
        "output": text,
    }


def landed(warehouse: Path) -> dict:
    """Files under ``raw/documents`` and in the whole warehouse, and the versions landed."""
    docs = list((warehouse / "raw" / "documents").rglob("*.parquet"))
    every = [p for p in warehouse.rglob("*") if p.is_file()]
    import duckdb

    versions = 0
    if docs:
        con = duckdb.connect()
        versions = con.execute(
            "SELECT count(*) FROM read_parquet(?, hive_partitioning = false)",
            [[str(p) for p in docs]],
        ).fetchone()[0]
        con.close()
    return {"document_files": len(docs), "warehouse_files": len(every), "versions": versions}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="intercepts run as a process, over loopback feeds")
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--feeds", type=int, default=27)
    ap.add_argument("--days", type=int, default=120, help="the history's span")
    ap.add_argument("--new", type=int, default=300, help="documents added for the third run")
    ap.add_argument("--kinds", choices=("mixed", "rss"), default="mixed")
    ap.add_argument("--validators", action="store_true", help="serve ETags (304 when unchanged)")
    ap.add_argument("--keep", action="store_true", help="keep the warehouse (under the scratch)")
    args = ap.parse_args(argv)

    fig: dict = {
        "documents": args.docs,
        "feeds": args.feeds,
        "days": args.days,
        "kinds": args.kinds,
    }
    work = scratch(f"run-{args.docs}-{args.feeds}-{args.days}-{args.kinds}")
    site, wh = work / "site", work / "warehouse"
    t = time.perf_counter()
    feeds = Feeds(args.feeds, args.docs / args.days, args.kinds)
    feeds.add(args.docs)
    feeds.write(site)
    fig["generate_s"] = round(time.perf_counter() - t, 1)
    fig["telegram_feeds"] = sum(f["kind"] == "telegram" for f in feeds.feeds)
    fig["largest_feed_items"] = max(len(f["items"]) for f in feeds.feeds)

    server = _Site(site, args.validators)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sources = work / "sources.toml"
    sources.write_text(
        feeds.sources_toml(f"http://127.0.0.1:{server.server_address[1]}"), encoding="utf-8"
    )
    # Prefect's home is kept between benchmarks as a user's ~/.prefect is between runs
    env = {
        **os.environ,
        "PREFECT_HOME": str(SCRATCH / "run-prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    cli = [str(Path(sys.executable).with_name("intercepts")), "run", "--sources", str(sources)]
    command = [*cli, "--warehouse", str(wh)]
    try:
        for name in ("cold", "nothing_new", "new"):
            if name == "new":
                feeds.add(args.new)
                feeds.write(site)
            done = run_process(command, env)
            if done["exit"] not in (0, 3):
                print(done["output"][-4000:], file=sys.stderr)
            files = landed(wh)
            fig[f"{name}_s"] = done["s"]
            fig[f"{name}_exit"] = done["exit"]
            (work / f"{name}.log").write_text(done["output"], encoding="utf-8")
            fig[f"{name}_cpu_s"] = done["cpu_s"]
            fig[f"{name}_load_average"] = round(os.getloadavg()[0], 1)
            fig[f"{name}_peak_tree_mib"] = done["tree_peak_mib"]
            fig[f"{name}_peak_process_mib"] = done["largest_process_mib"]
            fig[f"{name}_stages_s"] = ", ".join(f"{k} {v}" for k, v in done["stages"].items())
            fig[f"{name}_document_files"] = files["document_files"]
            fig[f"{name}_warehouse_files"] = files["warehouse_files"]
            fig[f"{name}_versions_landed"] = files["versions"]
    finally:
        server.shutdown()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    fig["run_command"] = " ".join(cli) + " --warehouse <dir>"
    report(
        f"intercepts run: {args.docs} documents over {args.feeds} feeds and {args.days} days", fig
    )
    print(
        "   the issue's workload: python -m bench.run --docs 40000 --feeds 80 --days 730 --new 2000"
    )
    return fig


if __name__ == "__main__":
    main()
