"""What a run leaves for people after the build: exports, the report, Prefect artifacts.

The flows call :func:`write_outputs` and then :func:`publish_artifacts` once per run;
both are plain functions (the artifacts need a Prefect API, as inside any flow run).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import duckdb

from intercepts.build import DB_NAME
from intercepts.exports import export_marts, exported_marts
from intercepts.report import REPORT_NAME, write_report

SUMMARY_KEY = "intercepts-run-summary"
FIGURES_KEY = "intercepts-night-figures"


def write_outputs(warehouse: Path) -> dict:
    """Exports of every mart and ``report.html``, from the warehouse just built.

    Returns ``{"exports": {mart: {...}}, "report": Path}``; empty when there is no
    warehouse yet (a first run whose build failed)."""
    db = warehouse / DB_NAME
    if not db.exists():
        return {}
    # A night whose build was skipped leaves the same file: its exports and report are already
    # written (rewriting them cost time in proportion to the whole history, every night).
    stamp = _stamp(db)
    marker = warehouse / "state" / "exported_from"
    report = warehouse / REPORT_NAME
    if report.exists() and marker.exists() and marker.read_text() == stamp:
        exports = exported_marts(db)
        if exports is not None:
            return {"exports": exports, "report": report, "unchanged": True}
    outputs = {"exports": export_marts(db), "report": write_report(db)}
    tmp = marker.with_name(f"{marker.name}.{os.getpid()}.tmp")
    tmp.write_text(stamp)
    os.replace(tmp, marker)
    return outputs


def _stamp(db: Path) -> str:
    """Which build file this is: a build renames a new file in (new inode, new mtime)."""
    st = db.stat()
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def night_figures(db: Path) -> list[dict]:
    """The latest night's figures per region and weapon class, as rows for a table artifact:
    the drones first (the figures the report charts), then the other classes."""
    if not db.exists():
        return []
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(
            """
            SELECT strftime(night, '%Y-%m-%d') AS night, region_code, region, weapon_class, weapon_types,
                   intercepted, figure_from,
                   ministry_figure, regional_official_figure, foreign_official_figure, media_only_figure,
                   lowest_figure, highest_figure, disputed, dispute_details
            FROM bi_nightly_regional
            WHERE night = (SELECT max(night) FROM bi_nightly_regional)
            ORDER BY weapon_class <> 'drone', weapon_class, intercepted DESC NULLS LAST, region_code
            """
        )
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def conflict_counts(db: Path) -> tuple[int, int]:
    """(disputed night-region rows in all, of them in the latest night)."""
    if not db.exists():
        return 0, 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT count(*) FILTER (WHERE has_conflict), "
            "count(*) FILTER (WHERE has_conflict AND night_ending = (SELECT max(night_ending) FROM fct_nightly_regional_intercepts)) "
            "FROM fct_nightly_regional_intercepts"
        ).fetchone()
    finally:
        con.close()


def revised_line(build_result: dict) -> str:
    """The "N figures revised" line of a build's result (`intercepts.build.build`)."""
    n = build_result.get("n_revised", 0)
    return f"{n} figure{'' if n == 1 else 's'} revised"


def revision_items(build_result: dict) -> list[str]:
    """One line per revision the build listed: "2025-07-20 RU-BRY drone federal_count 31 -> 33
    (edit)", and how many more when the list was cut (`build.REVISIONS_LISTED`)."""
    rows = build_result.get("revisions", [])
    items = [
        f"{r['night_ending']} {r['region_code']} {r['weapon_class']} {r['figure']} "
        f"{'none' if r['value_before'] is None else r['value_before']} -> "
        f"{'none' if r['value_after'] is None else r['value_after']}"
        + (f" ({r['cause']})" if r["cause"] else "")
        for r in rows
    ]
    more = build_result.get("n_revised", 0) - len(rows)
    return items + ([f"... and {more} more in fct_figure_revisions"] if more > 0 else [])


def _md(value) -> str:
    """Text for a markdown table cell: no markup, no line breaks, no column breaks."""
    return html.escape(" ".join(str("" if value is None else value).split())).replace("|", "\\|")


def summary_markdown(
    summary, conflicts: tuple[int, int] = (0, 0), outputs: dict | None = None
) -> str:
    """The run in a page: sources, documents, claims, conflicts, data-test results."""
    outputs = outputs or {}
    sources = summary.sources
    latest = {s["source_id"]: s for s in sources}  # the demo fetches each source once a night
    lines = [f"# intercepts run `{_md(summary.run_id)}`", ""]
    failed = summary.failed_sources
    lines.append(
        f"**Sources**: {len(latest)} ({len(latest) - len(failed)} answered, {len(failed)} failed"
        + (f": {_md(', '.join(failed))}" if failed else "")
        + ")"
    )
    stale = getattr(summary, "stale_sources", [])
    if stale:
        lines.append(f"**Stale sources** (newest post older than allowed): {_md(', '.join(stale))}")
    lines.append(
        f"**Documents**: {sum(s['items_found'] for s in sources)} fetched, "
        f"{sum(s['new_versions'] for s in sources)} new versions, {sum(s['unchanged'] for s in sources)} unchanged"
    )
    ex = summary.extraction or {}
    lines.append(
        f"**Claims**: {ex.get('claims', 0)} extracted from {ex.get('versions', 0)} new versions "
        f"({ex.get('rejects', 0)} rejected to quarantine, {ex.get('errors', 0)} extractor errors)"
    )
    lines.append(
        f"**Conflicts**: {conflicts[0]} disputed night-region figures, {conflicts[1]} in the latest night"
    )
    if summary.build.get("skipped"):
        lines.append(
            "**Data tests**: not run, nothing the marts read has changed since the last build"
        )
    elif summary.build:
        tests = summary.build["tests"]
        lines.append(
            f"**Data tests**: {sum(t.passed for t in tests)}/{len(tests)} passed, "
            f"{len(summary.build['warnings'])} warning(s)"
        )
        lines += [
            f"- warning `{_md(w.model)}`: {_md(w.name)} on {w.failures} row(s)"
            for w in summary.build["warnings"]
        ]
    if summary.build and not summary.build.get("skipped"):
        lines.append(f"**Revisions**: {revised_line(summary.build)}")
        lines += [f"- {_md(item)}" for item in revision_items(summary.build)]
    if summary.error:
        lines.append(f"**Build failed, previous warehouse kept**: {_md(summary.error)}")
    if outputs:
        lines.append(
            f"**Outputs**: report `{_md(outputs['report'])}`, {len(outputs['exports'])} marts exported "
            "as Parquet, CSV and JSON lines, with manifest.json"
        )
    lines += [
        "",
        "| source | status | items | new | unchanged | seconds | reason |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in sources:
        reason = s["reason"] if s["status"] != "ok" else ""
        lines.append(
            f"| {_md(s.get('snapshot', '') + ' ' if s.get('snapshot') else '')}{_md(s['source_id'])} | "
            f"{_md(s['status'])} | {s['items_found']} | {s['new_versions']} | {s['unchanged']} | "
            f"{s.get('elapsed_s', 0):.1f} | {_md(reason)} |"
        )
    return "\n".join(lines) + "\n"


def publish_artifacts(summary, warehouse: Path, outputs: dict | None = None) -> None:
    """The run's markdown summary and the latest night's per-region table, as Prefect artifacts
    (shown on the flow run's page in the Prefect UI)."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    db = warehouse / DB_NAME
    create_markdown_artifact(
        markdown=summary_markdown(summary, conflict_counts(db), outputs),
        key=SUMMARY_KEY,
        description="What the nightly run fetched, read and built",
    )
    rows = night_figures(db)
    if rows:
        create_table_artifact(
            table=rows,
            key=FIGURES_KEY,
            description=f"Interceptions claimed per region, night ending {rows[0]['night']}",
        )
