"""What ``fct_figure_revisions`` compares with: the figures of the build being replaced.

Before the models run, a build copies the narrow part of the previous warehouse file it
needs (its per-night figures, its document versions with their extractor version and its
revision history) into temp tables; after them it reads the revisions it found for the
run's summary.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from intercepts.build.models import BuildError

# What fct_figure_revisions reads of the previous warehouse file, copied before the models
# run (temp tables: they never reach the new file). Narrow on purpose: a figure is 5 values,
# a document version 2; the full facts and claims are never copied.
_PREVIOUS_BUILD_DDL = (
    "CREATE TEMP TABLE src_this_build (built_at TIMESTAMPTZ)",
    "CREATE TEMP TABLE src_previous_build (built_at TIMESTAMPTZ)",
    "CREATE TEMP TABLE src_previous_figures (night_ending DATE, region_code VARCHAR, "
    "weapon_class VARCHAR, figure VARCHAR, value BIGINT)",
    "CREATE TEMP TABLE src_previous_versions (version_id VARCHAR, extractor_version VARCHAR)",
    "CREATE TEMP TABLE src_previous_revisions (night_ending DATE, region_code VARCHAR, "
    "weapon_class VARCHAR, figure VARCHAR, value_before BIGINT, value_after BIGINT, "
    "first_seen_at TIMESTAMPTZ, previous_build_at TIMESTAMPTZ, cause VARCHAR, "
    "cause_version_ids VARCHAR[], cause_urls VARCHAR[])",
)


_PREVIOUS_BUILD_COPIES = {
    "src_previous_figures": "SELECT night_ending, region_code, weapon_class, figure, value "
    "FROM previous_build.int_figure_values",
    "src_previous_versions": "SELECT DISTINCT v.version_id, e.extractor_version "
    "FROM previous_build.int_document_versions_ranked v "
    "LEFT JOIN previous_build.src_extractions e USING (version_id)",
    "src_previous_revisions": "SELECT night_ending, region_code, weapon_class, figure, "
    "value_before, value_after, first_seen_at, previous_build_at, cause, cause_version_ids, "
    "cause_urls FROM previous_build.fct_figure_revisions",
}


def copy_previous_build(con, previous: Path, built_at: datetime) -> str:
    """Copy what the revisions need of the build in place (``previous``) into temp tables:
    its figures (`int_figure_values`), its document versions with their extractor version,
    and its revision history, which the new build carries on. The previous file is the
    one the new file replaces, so nothing else is kept for this. Returns where the
    comparison starts from: ``previous build``, ``no earlier build`` or why a table was
    missing (an earlier build of an older release: its figures are the baseline)."""
    for ddl in _PREVIOUS_BUILD_DDL:
        con.execute(ddl)
    con.execute("INSERT INTO src_this_build VALUES (?)", [built_at])
    # kept in the file: the report lists the revisions of the build it reads
    con.execute("CREATE TABLE meta_built_at AS SELECT built_at FROM src_this_build")
    if not previous.exists():
        return "no earlier build"
    try:
        con.execute("ATTACH ? AS previous_build (READ_ONLY)", [str(previous)])
    except duckdb.Error as exc:
        raise BuildError(
            f"the previous build {previous} cannot be read, and its figure revisions would be "
            f"lost: {str(exc).splitlines()[0]}"
        ) from exc
    try:
        missing = []
        for table, query in _PREVIOUS_BUILD_COPIES.items():
            try:
                con.execute(f"INSERT INTO {table} {query}")  # noqa: S608 - our own SQL
            except duckdb.CatalogException:
                missing.append(table)
        # the file is renamed into place when its build ends: its mtime is when it was built
        con.execute(
            "INSERT INTO src_previous_build VALUES (to_timestamp(?))", [previous.stat().st_mtime]
        )
        return "previous build" if not missing else f"previous build without {', '.join(missing)}"
    finally:
        con.execute("DETACH previous_build")


REVISIONS_LISTED = 100  # a changed rule can revise every night: the summary lists this many


def new_revisions(con, built_at: datetime) -> dict:
    """``n_revised`` (the figures this build revised) and ``revisions``, the first
    `REVISIONS_LISTED` of them (newest night first) as dicts, for the run summary (read
    on the build's connection)."""
    n = con.execute(
        "SELECT count(*) FROM fct_figure_revisions WHERE first_seen_at = ?", [built_at]
    ).fetchone()[0]
    cursor = con.execute(
        "SELECT night_ending, region_code, weapon_class, figure, value_before, value_after, "
        "cause, cause_urls FROM fct_figure_revisions WHERE first_seen_at = ? "
        "ORDER BY night_ending DESC, region_code, weapon_class, figure LIMIT ?",
        [built_at, REVISIONS_LISTED],
    )
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return {"n_revised": n, "revisions": rows}
