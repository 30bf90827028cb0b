"""Every fault scenario once, with figures: what happened, documents landed vs expected, and
whether the marts equal those of a clean run.

    python -m bench.faults            # prints a Markdown table (the README's "Faults and recovery")

Each scenario starts from an empty warehouse beside a loopback server playing the sample
publishers (their night-3 pages) and misbehaving on purpose. Run 1 meets the fault; run 2
is the next night with the publisher healthy again (for process faults: the run after the
kill). "Expected" is what one clean run over the healthy publishers lands; the marts are
compared with that clean run's, leaving out the run and time columns (run ids, fetch and
record times) and ``fct_quarantine``, which is the log of the faults themselves. Wire and
content faults run in this process; kills, locks and readers use real subprocesses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.faults import harness
from tests.support import http_server

TG = "/t.me/s/mod_russia.html"
GOV = "/t.me/s/shapsha_vv.html"
FEED = "/feeds/tass_en.xml"
HTML_UTF8 = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}


def page(path: str) -> bytes:
    return (harness.NIGHT / path.lstrip("/")).read_bytes()


def fixture(name: str) -> bytes:
    return (harness.FIXTURES / name).read_bytes()


def doubled_posts(body: bytes) -> bytes:
    """The page with every post listed twice (Telegram repeats posts across ?before= pages)."""
    head, rest = body.split(b'<div class="tgme_widget_message_wrap', 1)
    posts, tail = rest.rsplit(b"</section>", 1)
    posts = b'<div class="tgme_widget_message_wrap' + posts
    return head + posts + posts + b"</section>" + tail


def without_first_post(body: bytes) -> bytes:
    head, rest = body.split(b'<div class="tgme_widget_message_wrap', 1)
    return head + rest.split(b"</div></div>\n", 1)[1]


@dataclass
class Scenario:
    fault: str
    break_: Callable[[http_server.MisbehavingServer], dict | None] | None = (
        None  # routes; may return url overrides
    )
    second_night: Callable[[http_server.MisbehavingServer], None] | None = (
        None  # default: healthy again
    )
    process: str | None = None  # a process fault, run by run_process_scenario
    why_marts_differ: str | None = None  # when a difference from the clean run is the right outcome


def route(path: str, **kw):
    def apply(server):
        server.route(path, **kw)

    return apply


SCENARIOS = [
    Scenario(
        "HTTP 503 twice, then answers",
        route(TG, body=page(TG), headers=HTML_UTF8, fail_first=2, fail_status=503),
    ),
    Scenario("HTTP 500 all night", route(TG, body=page(TG), fail_first=99, fail_status=500)),
    Scenario("HTTP 404", route(TG, body=b"not here", status=404)),
    Scenario(
        "HTTP 429, Retry-After: 1",
        route(TG, body=page(TG), headers=HTML_UTF8, fail_first=1, fail_status=429, retry_after="1"),
    ),
    Scenario(
        "HTTP 429, Retry-After: 3600",
        route(TG, body=page(TG), fail_first=99, fail_status=429, retry_after="3600"),
    ),
    Scenario("connection refused", lambda s: {"mod_russia": "http://127.0.0.1:9" + TG}),
    Scenario(
        "no answer within the read timeout", route(TG, body=page(TG), headers=HTML_UTF8, delay_s=3)
    ),
    Scenario(
        "server trickles a byte every 10 ms",
        route(TG, body=page(TG), headers=HTML_UTF8, trickle_s=0.01),
    ),
    Scenario(
        "body cut short of Content-Length",
        route(TG, body=page(TG), headers=HTML_UTF8, truncate_to=4000),
    ),
    Scenario("response over the size cap", route(TG, body=page(TG) * 200, headers=HTML_UTF8)),
    Scenario("gzip bomb (60 MB in 60 KB)", route(TG, body=b"\0" * 60_000_000, gzip=True)),
    Scenario("redirect loop", lambda s: (s.route(TG, redirect_to=TG), None)[1]),
    Scenario(
        "redirect to another host",
        lambda s: (
            s.route("/moved" + TG, body=page(TG), headers=HTML_UTF8),
            s.route(TG, redirect_to=s.url("/moved" + TG).replace("127.0.0.1", "localhost")),
            None,
        )[2],
    ),
    Scenario("redirect to file:///etc/passwd", route(TG, redirect_to="file:///etc/passwd")),
    Scenario("no Content-Type header", route(TG, body=page(TG))),
    Scenario(
        "wrong Content-Type (application/json)",
        route(TG, body=page(TG), headers={"Content-Type": "application/json"}),
    ),
    Scenario(
        "cp1251 page, no charset in the header",
        route(
            GOV,
            headers={"Content-Type": "text/html"},
            body=page(GOV)
            .decode()
            .replace('charset="utf-8"', 'charset="windows-1251"')
            .encode("cp1251"),
        ),
    ),
    Scenario(
        "invalid UTF-8 page (next night fixed)",
        route(
            GOV,
            headers=HTML_UTF8,
            body=page(GOV).replace("уничтожены".encode(), "уничтожены".encode() + b" \xff\xfe", 1),
        ),
        why_marts_differ="the post as served (with U+FFFD) is kept as a version of its own beside the fixed one",
    ),
    Scenario(
        "XML entity bomb (billion laughs)",
        route(FEED, body=fixture("rss_billion_laughs.xml"), headers=RSS),
    ),
    Scenario(
        "external entities (file:// and a URL)",
        route(FEED, body=fixture("rss_external_entity.xml"), headers=RSS),
    ),
    Scenario("malformed Atom", route(FEED, body=fixture("atom_malformed.xml"), headers=RSS)),
    Scenario("empty feed", route(FEED, body=fixture("rss_empty_channel.xml"), headers=RSS)),
    Scenario("empty body", route(TG, body=b"", headers=HTML_UTF8)),
    Scenario(
        "every post listed twice",
        route(TG, body=doubled_posts(page(TG)), headers=HTML_UTF8),
        second_night=route(TG, body=doubled_posts(page(TG)), headers=HTML_UTF8),
    ),
    Scenario(
        "post deleted after landing",
        None,
        second_night=route(TG, body=without_first_post(page(TG)), headers=HTML_UTF8),
    ),
    Scenario("SIGKILL while landing", process="land:4"),
    Scenario("SIGKILL while extracting", process="extract:2"),
    Scenario("SIGKILL while reading new files into the build's stage", process="stage"),
    Scenario("SIGKILL while updating the per-document models", process="stage-models"),
    Scenario("SIGKILL while building the marts", process="build"),
    Scenario("two runs at once", process="locked"),
    Scenario("BI reader holds the DuckDB file", process="reader"),
    Scenario("warehouse not writable", process="unwritable"),
]


def _short(reason: str | None) -> str:
    reason = re.sub(r"https?://\S+?: ", "", reason or "")
    reason = re.sub(r"HTTPConnectionPool\(.*?\)", "", reason)
    return (reason[:60] + "…") if len(reason) > 61 else reason


def _what(run: harness.Run) -> str:
    failed = [(sid, r) for sid, r in run.reasons.items() if run.statuses[sid] == "failed"]
    ok = sum(1 for s in run.statuses.values() if s == "ok")
    if not failed:
        return f"all {ok} sources ok"
    return (
        "; ".join(f"{sid} failed ({_short(r)})" for sid, r in failed)
        + f"; {ok} others ok, exit {run.code}"
    )


def run_wire_scenario(s: Scenario, server, clean: dict, tmp: Path) -> tuple[str, str, bool]:
    harness.serve_samples(server)
    urls = s.break_(server) if s.break_ else None
    sources = harness.write_sources(tmp / "faulty.toml", server.base_url, urls=urls or None)
    first = harness.run_here(sources, tmp / "wh")
    what = _what(first)
    harness.serve_samples(server)
    if s.second_night:
        s.second_night(server)
    second = harness.run_here(clean["sources"], tmp / "wh")
    what += "; next night " + ("caught up" if second.code == 0 else f"exit {second.code}")
    quarantined = len(harness.quarantined(tmp / "wh"))
    if quarantined:
        what += f"; {quarantined} quarantined with its bytes"
    return what, *landed_and_equal(tmp / "wh", clean)


def landed_and_equal(warehouse: Path, clean: dict) -> tuple[str, bool]:
    versions = harness.landed_versions(warehouse)
    rows = harness.landed_rows(warehouse)
    lost = len(clean["versions"] - versions)
    doubled = rows - len(versions)
    extra = len(versions - clean["versions"])
    landed = f"{len(versions & clean['versions'])} / {len(clean['versions'])}"
    if extra:
        landed += f" + {extra} version(s) only this night served"
    if lost or doubled:
        landed += f" ({lost} lost, {doubled} doubled)"
    got = harness.marts(warehouse)
    for name in sorted(set(got) | set(clean["marts"])):
        if got.get(name) != clean["marts"].get(name):
            theirs, ours = clean["marts"].get(name, []), got.get(name, [])
            print(
                f"    {name} differs: {len(ours)} rows vs {len(theirs)} in the clean run; first difference: "
                f"{next((a, b) for a, b in zip(ours + [None], theirs + [None], strict=False) if a != b)}"[
                    :800
                ],
                file=sys.stderr,
            )
    return landed, got == clean["marts"]


def run_process_scenario(s: Scenario, server, clean: dict, tmp: Path) -> tuple[str, str, bool]:
    harness.serve_samples(server)
    wh = tmp / "wh"
    if s.process in ("land:4", "extract:2", "stage", "stage-models", "build"):
        if s.process.startswith("stage"):
            # a night before on which one source was down: the killed run has new documents
            # for a stage that already holds the others (its incremental path)
            night_before = harness.write_sources(
                tmp / "night-before.toml",
                server.base_url,
                urls={"mod_russia": "http://127.0.0.1:9/t.me/s/mod_russia.html"},
            )
            harness.run_driver(night_before, wh, batch_size=5)
        proc = harness.start_paused(clean["sources"], wh, s.process, tmp / "ready", batch_size=5)
        harness.kill(proc)
        partial = len(harness.partial_files(wh))
        before = harness.landed_versions(wh)
        after = harness.run_driver(clean["sources"], wh, batch_size=5)
        kept = before <= harness.landed_versions(wh)
        what = (
            f"killed with {len(before)} versions landed and {partial} partial file(s); next run exit "
            f"{after.code}, {len(harness.partial_files(wh))} partial left, earlier versions {'all kept' if kept else 'LOST'}"
        )
    elif s.process == "locked":
        holder = harness.start_paused(clean["sources"], wh, "locked", tmp / "ready")
        second = harness.run_driver(clean["sources"], wh)
        harness.kill(holder)
        after = harness.run_driver(clean["sources"], wh)
        message = second.stderr.strip().split(": ", 1)[-1].replace(str(wh), "<warehouse>")
        what = (
            f'second refused, exit {second.code}: "{message}"; '
            f"holder killed, lock released, next run exit {after.code}"
        )
    elif s.process == "reader":
        assert harness.run_driver(clean["sources"], wh).code == 0
        reader = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.reader", str(wh / "intercepts.duckdb")],
            cwd=harness.ROOT,
            env=harness.driver_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        held = json.loads(reader.stdout.readline())["held"]
        (wh / "claims").rename(
            tmp / "claims-moved"
        )  # make the build re-extract: real work while held
        started = time.monotonic()
        after = harness.run_driver(clean["sources"], wh)
        took = time.monotonic() - started
        reader.stdin.write("same\n")
        reader.stdin.flush()
        still = json.loads(reader.stdout.readline())["held"]
        reader.kill()
        reader.wait()
        fresh = _fresh_view(wh)
        what = (
            f"rebuild finished in {took:.1f}s (exit {after.code}) while the reader held the file; the reader "
            f"still sees {still[2]} fetch rows ({'unchanged' if still == held else 'CHANGED'}), "
            f"a new connection {fresh[2]} (the new build)"
        )
    elif s.process == "unwritable":
        ro = tmp / "readonly"
        ro.mkdir()
        subprocess.run(["chattr", "+i", str(ro)], check=True) if _root() else ro.chmod(0o555)
        hits = sum(r.hits for r in server.routes.values())
        refused = harness.run_driver(clean["sources"], ro)
        subprocess.run(["chattr", "-i", str(ro)], check=True) if _root() else ro.chmod(0o755)
        fetched = sum(r.hits for r in server.routes.values()) - hits
        after = harness.run_driver(clean["sources"], wh)
        message = refused.stderr.strip().split(": ", 1)[-1].replace(str(ro), "<warehouse>")
        what = (
            f'refused before fetching ({fetched} requests), exit {refused.code}: "{message}"; '
            f"a run to a writable path: exit {after.code}"
        )
    else:
        raise ValueError(s.process)
    return what, *landed_and_equal(wh, clean)


def _fresh_view(warehouse: Path) -> tuple:
    import duckdb

    from tests.faults.reader import QUERY

    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(QUERY).fetchone()
    finally:
        con.close()


def _root() -> bool:
    import os

    return os.geteuid() == 0


def main() -> None:
    server = http_server.start()
    rows = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="intercepts-faults-") as tmp:
        tmp = Path(tmp)
        harness.serve_samples(server)
        clean_sources = harness.write_sources(tmp / "sources.toml", server.base_url)
        assert harness.run_here(clean_sources, tmp / "clean").code == 0
        clean = {
            "sources": clean_sources,
            "versions": harness.landed_versions(tmp / "clean"),
            "marts": harness.marts(tmp / "clean"),
        }
        # process scenarios are compared with a clean run in a process of its own: both load
        # the code from disk then (this process loaded it once, at its start)
        assert harness.run_driver(clean_sources, tmp / "clean-process").code == 0
        clean_process = {
            **clean,
            "versions": harness.landed_versions(tmp / "clean-process"),
            "marts": harness.marts(tmp / "clean-process"),
        }
        for n, s in enumerate(SCENARIOS):
            work = tmp / f"s{n}"
            work.mkdir()
            t0 = time.monotonic()
            if s.process:
                what, landed, equal = run_process_scenario(s, server, clean_process, work)
            else:
                what, landed, equal = run_wire_scenario(s, server, clean, work)
            marts_equal = (
                "yes" if equal else f"no: {s.why_marts_differ}" if s.why_marts_differ else "NO"
            )
            rows.append((s.fault, what, landed, marts_equal))
            print(f"  {s.fault}: {time.monotonic() - t0:.1f}s", file=sys.stderr)
    server.shutdown()
    print("| fault | what happened | documents landed / expected | marts = clean run |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    print(
        f"\n{len(rows)} scenarios in {time.monotonic() - started:.0f}s; "
        f"{sum(r[3] == 'yes' for r in rows)} with marts equal to a clean run, "
        f"{sum(r[3].startswith('no:') for r in rows)} different by design (said why), "
        f"{sum(r[3] == 'NO' for r in rows)} different by mistake."
    )


if __name__ == "__main__":
    main()
