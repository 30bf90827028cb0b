"""The `intercepts` command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

# Prefect's own INFO chatter (server start, task states) is noise for a person reading a run.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Our own lines (logger `intercepts`: one per source and stage) are printed at INFO, and
# inside a Prefect run they also reach the run's log in the Prefect UI.
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "intercepts")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
# Prefect's temporary API waits 20 s for its server by default; on a busy 2-core machine the
# server took 25-28 s to answer (2026-12-02), and the run failed before it fetched anything.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402 - data (a server's reason, a feed's text) is never markup
from rich.table import Table  # noqa: E402

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Air-defence interception claims: fetch, land, extract, build, query.",
)
console = Console()
err = Console(stderr=True)

WarehouseOpt = Annotated[
    Path, typer.Option("--warehouse", "-w", help="Output folder (Parquet + DuckDB).")
]
SOURCES_HELP = (
    "Sources TOML, or `real` for the bundled catalog; a subset of it by role "
    "(`real:federal`, `real:regional`, `real:ukraine`, `real:media`) or region (`real:RU-BEL`)."
)
CatalogSourcesOpt = Annotated[Path, typer.Option("--sources", "-s", help=SOURCES_HELP)]


def print_summary(summary) -> None:
    from intercepts.publish import revised_line, revision_items

    table = Table(title=f"run {summary.run_id}", show_lines=False)
    has_snapshot = any("snapshot" in s for s in summary.sources)
    if has_snapshot:
        table.add_column("night")
    for col in ("source", "status", "items", "new", "unchanged", "reason"):
        table.add_column(col)
    for s in summary.sources:
        row = [
            s["source_id"],
            s["status"],
            str(s["items_found"]),
            str(s["new_versions"]),
            str(s["unchanged"]),
            escape(s["reason"] or "") if s["status"] != "ok" else "",
        ]
        table.add_row(*(([s["snapshot"]] if has_snapshot else []) + row))
    console.print(table)
    ex = summary.extraction or {}
    console.print(
        f"documents: {sum(s['items_found'] for s in summary.sources)} fetched, "
        f"{sum(s['new_versions'] for s in summary.sources)} new versions, "
        f"{sum(s['unchanged'] for s in summary.sources)} unchanged, "
        f"{len(summary.failed_sources)} source(s) failed"
    )
    console.print(
        f"claims: {ex.get('claims', 0)} extracted from {ex.get('versions', 0)} document versions not read before "
        f"({ex.get('rejects', 0)} rejected to quarantine, {ex.get('errors', 0)} extractor errors)"
    )
    if summary.build:
        counts = summary.build["row_counts"]
        console.print("marts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        tests = summary.build["tests"]
        if summary.build.get("skipped"):
            console.print(
                "build: nothing the marts read has changed since the last build; marts unchanged"
            )
        else:
            console.print(
                f"data tests: {sum(t.passed for t in tests)}/{len(tests)} passed, "
                f"{len(summary.build['warnings'])} warning(s)"
            )
        for w in summary.build["warnings"]:
            console.print(f"  warning {w.model}: {w.name} on {w.failures} row(s)")
        if not summary.build.get("skipped"):
            console.print(f"revisions: {revised_line(summary.build)}")
            for item in revision_items(summary.build):
                console.print(f"  {escape(item)}")
        console.print(f"warehouse: {summary.build['path']}")
        print_latest_night(summary.build["path"])
    if summary.error:
        err.print(f"[red]build failed, previous warehouse kept:[/red] {escape(summary.error)}")
    if summary.failed_sources:
        err.print(f"[yellow]failed sources:[/yellow] {', '.join(summary.failed_sources)}")
    if summary.stale_sources:
        err.print(
            "[yellow]stale sources[/yellow] (newest post older than their stale_after_days; "
            f"check them with `intercepts sources check`): {', '.join(summary.stale_sources)}"
        )


def print_latest_night(db: Path) -> None:
    """The newest night's per-region drone figures, what the run produced at a glance, and
    one line for the other weapon classes claimed that night."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        night = con.execute(
            "SELECT max(night_ending) FROM fct_nightly_regional_intercepts"
        ).fetchone()[0]
        rows = con.execute(
            "SELECT night_ending, region_code, region_name_en, federal_count, regional_count, media_only_count, "
            "n_supporting_documents, has_conflict FROM fct_nightly_regional_intercepts "
            "WHERE night_ending = ? AND weapon_class = 'drone' "
            "ORDER BY primary_count DESC NULLS LAST, region_code",
            [night],
        ).fetchall()
        others = con.execute(
            "SELECT weapon_class, sum(primary_count)::BIGINT, count(*) FROM fct_nightly_regional_intercepts "
            "WHERE night_ending = ? AND weapon_class <> 'drone' GROUP BY weapon_class ORDER BY weapon_class",
            [night],
        ).fetchall()
    finally:
        con.close()
    if rows:
        _print_drone_table(rows)
    if others:
        console.print(
            f"other weapons claimed over regions that night{'' if rows else f' ({night})'}: "
            + "; ".join(
                f"{cls.replace('_', ' ')} {'withheld' if total is None else total} "
                f"({n} region{'s' if n > 1 else ''})"
                for cls, total, n in others
            )
        )


def _print_drone_table(rows: list[tuple]) -> None:
    table = Table(title=f"night ending {rows[0][0]}: claimed drone interceptions by region")
    for col in ("region", "federal", "regional", "media only", "documents", "conflict"):
        table.add_column(col)
    for _, code, name, fed, reg, media, docs, conflict in rows:
        table.add_row(
            f"{name or code} ({code})",
            *("" if v is None else str(v) for v in (fed, reg, media, docs)),
            "yes" if conflict else "",
        )
    console.print(table)


@app.command()
def run(
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            "-s",
            help=SOURCES_HELP + " Default: the bundled samples served on loopback.",
        ),
    ] = None,
    warehouse: WarehouseOpt = Path("warehouse"),
) -> None:
    """Run the nightly pipeline once: fetch every source, land, extract, build the marts.

    Exit status: 0 all well; 3 some source failed (the rest landed and the marts were
    built); 1 the build failed (the previous warehouse is kept); 75 another run holds the
    warehouse.
    """
    from intercepts.config import ConfigError
    from intercepts.runlock import RunLocked
    from intercepts.runlog import to_console

    to_console()
    try:
        if sources is None:
            from flows.demo import demo

            summary = demo(warehouse=str(warehouse))
        else:
            from flows.nightly import nightly
            from intercepts.catalog import select_sources

            select_sources(sources)  # a bad name or file fails here, before Prefect starts
            summary = nightly(sources_file=str(sources), warehouse=str(warehouse))
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except RunLocked as exc:
        err.print(f"[red]refused:[/red] {escape(str(exc))}")
        raise typer.Exit(75) from None
    print_summary(summary)
    print_outputs(warehouse)
    raise typer.Exit(summary.exit_code)


def print_outputs(warehouse: Path) -> None:
    report, exports = warehouse / "report.html", warehouse / "exports"
    if report.exists():
        console.print(f"report: {report.resolve().as_uri()}")
    if exports.is_dir():
        console.print(
            f"exports: {exports}/<mart>.parquet, .csv and .jsonl; checksums in manifest.json"
        )


@app.command()
def serve(
    sources: CatalogSourcesOpt = Path("real"),
    warehouse: WarehouseOpt = Path("warehouse"),
    day_bulletins: Annotated[
        bool,
        typer.Option(
            "--day-bulletins",
            help="Also run at 14:30 and 20:30 Moscow time, after the daytime bulletins.",
        ),
    ] = False,
    name: Annotated[str, typer.Option("--name", help="Deployment name in Prefect.")] = "nightly",
) -> None:
    """Run the nightly job on schedule: 08:30 Moscow time (Europe/Moscow), after the morning bulletin.

    Serves the nightly flow as a Prefect deployment until interrupted (Ctrl-C); runs
    appear in the Prefect UI with their summary and figures as artifacts. For a Prefect
    server with workers use `prefect deploy` with prefect.yaml instead.
    """
    from intercepts import schedule
    from intercepts.catalog import select_sources, sources_parameter
    from intercepts.config import ConfigError, Settings

    try:
        select_sources(sources)  # fail now, not at 08:30
        Settings.from_env(warehouse)  # the INTERCEPTS_* settings too
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    deployment = schedule.build_deployment(
        sources_parameter(sources), warehouse, day_bulletins=day_bulletins, name=name
    )
    console.print(
        f"serving {schedule.FLOW_ENTRYPOINT} as '{name}': cron '{schedule.cron_for(day_bulletins)}' "
        f"in {schedule.TIMEZONE}; warehouse {warehouse.resolve()}. Ctrl-C stops."
    )
    schedule.serve(deployment)


@app.command()
def backfill(
    start: Annotated[
        str, typer.Option("--from", help="First night (night_ending date), YYYY-MM-DD.")
    ],
    end: Annotated[
        str, typer.Option("--to", help="Last night, YYYY-MM-DD (default: --from).")
    ] = "",
    sources: CatalogSourcesOpt = Path("real"),
    warehouse: WarehouseOpt = Path("warehouse"),
    page_delay: Annotated[
        float,
        typer.Option("--page-delay", help="Seconds between a Telegram channel's history pages."),
    ] = 3.0,
    max_pages: Annotated[
        int,
        typer.Option("--max-pages", help="At most this many history pages per Telegram channel."),
    ] = 50,
) -> None:
    """Fetch the history of the nights FROM..TO and build the marts once.

    Telegram channels are read back page by page (?before=<id>) to the first night; other
    sources are fetched once. Only posts of those days are landed; re-running adds nothing.
    Exit status as for `run`.
    """
    from datetime import date

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from intercepts import backfill as history
    from intercepts.catalog import select_sources
    from intercepts.config import ConfigError, Settings
    from intercepts.publish import write_outputs
    from intercepts.runlock import RunLocked, exclusive_run
    from intercepts.runlog import to_console

    try:
        first = date.fromisoformat(start)
        last = date.fromisoformat(end) if end else first
        configured = select_sources(sources)
        settings = Settings.from_env(warehouse)
    except (ValueError, ConfigError) as exc:
        err.print(f"[red]cannot backfill:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if last < first:
        err.print(f"[red]cannot backfill:[/red] --to {last} is before --from {first}")
        raise typer.Exit(2)
    to_console()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with exclusive_run(settings.warehouse), Progress(*columns, console=err) as progress:
            bar = progress.add_task(f"backfill {first}..{last}", total=len(configured))

            def on_source(source, outcome):
                if outcome is None:
                    progress.update(bar, description=f"backfill {first}..{last}: {source.id}")
                else:
                    progress.advance(bar)

            summary = history.backfill(
                configured,
                settings,
                first,
                last,
                page_delay_s=page_delay,
                max_pages=max_pages,
                on_source=on_source,
            )
            if not summary.error:
                write_outputs(settings.warehouse)
    except RunLocked as exc:
        err.print(f"[red]refused:[/red] {escape(str(exc))}")
        raise typer.Exit(75) from None
    print_summary(summary)
    print_outputs(warehouse)
    raise typer.Exit(summary.exit_code)


@app.command()
def docs(
    warehouse: WarehouseOpt = Path("warehouse"),
    output: Annotated[Path, typer.Option("--output", "-o", help="Markdown file to write.")] = Path(
        "docs/data-dictionary.md"
    ),
) -> None:
    """Write the data dictionary (every mart and BI view, its grain and columns) from the warehouse's own catalog."""
    from intercepts.docs import write_data_dictionary

    db = warehouse / "intercepts.duckdb"
    if not db.exists():
        err.print(f"[red]no warehouse at {db}[/red]: run `intercepts run` first")
        raise typer.Exit(2)
    console.print(f"wrote {write_data_dictionary(db, output)}")


@app.command()
def extract() -> None:
    """Read JSON lines of documents on stdin, write JSON lines of claims on stdout.

    Each input line: doc_id, text, published_at (ISO 8601), and optionally url, publisher,
    language, timezone, claimant_kind. Unreadable lines are reported on stderr.
    """
    from intercepts.extract.jsonl import extract_stream

    extract_stream(sys.stdin, sys.stdout)


@app.command(name="eval")
def evaluate(
    file: Annotated[
        Path, typer.Argument(help="Annotated documents, JSON lines (the corpus format).")
    ],
) -> None:
    """Score the extractor against annotated documents: precision, recall, F1, misses."""
    from intercepts.extract.evaluate import evaluate_file

    report = evaluate_file(file)
    console.print(report.render(), markup=False, highlight=False)


@app.command(name="build")
def build_cmd(
    sources: Annotated[
        Path | None, typer.Option("--sources", "-s", help="Sources TOML for dim_source.")
    ] = None,
    warehouse: WarehouseOpt = Path("warehouse"),
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Build even when no input changed, reading every landed file again (drops the build's stage).",
        ),
    ] = False,
) -> None:
    """Rebuild the claims and marts from the landed raw data only (no fetching)."""
    from intercepts import pipeline
    from intercepts.build import BuildError
    from intercepts.config import SAMPLE_SOURCES, ConfigError, Settings, load_sources
    from intercepts.landing import new_run_id
    from intercepts.runlock import exclusive_run

    try:
        settings = Settings.from_env(warehouse)
        configured = load_sources(sources or SAMPLE_SOURCES)
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    with exclusive_run(settings.warehouse):
        stats = pipeline.extract_claims(settings, new_run_id())
        try:
            result = pipeline.build_warehouse(settings, configured, force=force)
        except BuildError as exc:
            err.print(f"[red]build failed, previous warehouse kept:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from None
        from intercepts.publish import write_outputs

        write_outputs(settings.warehouse)  # exports and report.html follow every build
    console.print(
        f"extracted {stats['versions']} versions → {stats['claims']} claims "
        f"{escape(pipeline.where_extracted(stats))}; marts: {result['row_counts']}"
    )
    if not result.get("skipped"):
        from intercepts.publish import revised_line, revision_items

        console.print(f"revisions: {revised_line(result)}")
        for item in revision_items(result):
            console.print(f"  {escape(item)}")
    print_outputs(warehouse)


@app.command()
def compact(warehouse: WarehouseOpt = Path("warehouse")) -> None:
    """Merge the landed small files into large ones, row for row (the nightly run does it when due).

    Each partition's small files (a source's month of runs, a day of the fetch log) become
    one file; files of the older layout by published day are merged into months. Safe to
    run again and to kill: a second run finds nothing to merge, a killed one is finished
    or undone by the next run. Readers are never blocked; another run is refused (75).
    """
    from intercepts import compaction
    from intercepts.config import ConfigError, Settings
    from intercepts.runlock import RunLocked, exclusive_run

    try:
        with exclusive_run(Settings.from_env(warehouse).warehouse):
            landing_sweep = compaction.recover(warehouse)
            stats = compaction.compact(warehouse)
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except RunLocked as exc:
        err.print(f"[red]refused:[/red] {escape(str(exc))}")
        raise typer.Exit(75) from None
    console.print(
        f"compacted {stats['files_merged']} files into {stats['merges']} "
        f"({stats['rows']} rows); {landing_sweep + stats['recovered']} interrupted merge(s) finished or undone"
    )


@app.command()
def sql(
    query: Annotated[
        str | None, typer.Argument(help="A SQL query; omit it for an interactive shell.")
    ] = None,
    warehouse: WarehouseOpt = Path("warehouse"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table | csv | json | parquet")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (required for parquet).")
    ] = None,
) -> None:
    """Ask the warehouse anything, on a read-only connection (the nightly build never waits for you)."""
    from intercepts import query as q

    db = warehouse / "intercepts.duckdb"
    if not db.exists():
        err.print(f"[red]no warehouse at {db}[/red]: run `intercepts run` first")
        raise typer.Exit(2)
    if query is None:
        q.shell(db, console)
        return
    try:
        q.run_query(db, query, fmt, output, console)
    except q.QueryError as exc:
        err.print(f"[red]query failed:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None


# ── intercepts sources … ──────────────────────────────────────────────────────────────────
sources_app = typer.Typer(
    no_args_is_help=True, help="The configured sources: do they answer, with what?"
)
app.add_typer(sources_app, name="sources")


@sources_app.command("check")
def sources_check(
    sources: CatalogSourcesOpt = Path("real"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table (for people) | json (for monitoring)")
    ] = "table",
    as_of: Annotated[
        str,
        typer.Option(
            "--as-of",
            help="Judge staleness as of this time (ISO 8601, UTC if no offset); default now.",
        ),
    ] = "",
) -> None:
    """Fetch every source once and report what came back: a health check to schedule.

    For each source: whether it answered (the HTTP status, or why not), what kind of page it served (sniffed from the body, not taken from the config), how many posts were parsed, when the newest was published, and how many of the newest posts gave claims. A source whose newest post is older than its `stale_after_days` (default 14) is stale.

    Exit status: 0 every source answered with a readable page of its kind and a recent post; 3 otherwise (every failing and stale source is named); 2 the sources file or the option is invalid.
    """
    from datetime import UTC, datetime

    from intercepts.catalog import select_sources
    from intercepts.config import ConfigError, Settings
    from intercepts.sources import check

    if fmt not in ("table", "json"):
        err.print(f"[red]unknown format {escape(fmt)!r}:[/red] use table or json")
        raise typer.Exit(2)
    try:
        now = datetime.fromisoformat(as_of) if as_of else datetime.now(UTC)
    except ValueError:
        err.print(f"[red]--as-of {escape(as_of)!r}:[/red] not an ISO 8601 time")
        raise typer.Exit(2) from None
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    try:
        configured = select_sources(sources)
        settings = Settings.from_env()
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    rows = check.check_sources(configured, settings, now=now)
    bad = check.failing(rows)
    if fmt == "json":
        sys.stdout.write(check.as_json(rows, now=now) + "\n")
    else:
        console.print(check.render_table(rows, now=now))
    if bad:
        stale = [row for row in bad if row.status == "stale"]
        broken = [row for row in bad if row.status != "stale"]
        for label, group in (("failing", broken), ("stale", stale)):
            if group:
                err.print(
                    f"[red]{len(group)} of {len(rows)} source(s) {label}:[/red] "
                    + escape(", ".join(row.source_id for row in group)),
                    soft_wrap=True,
                )
        for row in bad:
            err.print(
                f"  {row.source_id}: {row.status}: {row.reason}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        raise typer.Exit(3)
    if fmt == "table":
        console.print(
            f"all {len(rows)} source(s) answered with a readable page of their kind and a recent post"
        )


if __name__ == "__main__":
    app()
