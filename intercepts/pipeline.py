"""The stages of a run as plain functions, and the run summary.

`flows/` wraps these in Prefect tasks; tests and benchmarks can call them directly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa

from intercepts import build as warehouse_build
from intercepts import landing
from intercepts.config import Settings, Source, dask_client


def reference_tables(sources: list[Source], *, with_regions: bool = True) -> dict[str, pa.Table]:
    """The configuration the warehouse describes: its sources and the places it knows."""
    regions = [
        {
            "code": r.code,
            "name_en": r.name_en,
            "name_ru": r.name_ru,
            "name_uk": r.name_uk,
            "country": r.country,
            "kind": getattr(r, "kind", None),
        }
        for r in (_all_regions() if with_regions else [])
    ]
    src_schema = pa.schema(
        [
            (n, pa.string())
            for n in (
                "id",
                "kind",
                "url",
                "publisher",
                "claimant_kind",
                "language",
                "timezone",
                "comment",
            )
        ]
        + [("checked", pa.bool_()), ("region", pa.string())]
    )
    reg_schema = pa.schema(
        [(n, pa.string()) for n in ("code", "name_en", "name_ru", "name_uk", "country", "kind")]
    )
    return {
        "src_sources": pa.Table.from_pylist([asdict(s) for s in sources], schema=src_schema),
        "src_regions": pa.Table.from_pylist(regions, schema=reg_schema),
    }


def _all_regions():
    from intercepts.extract.gazetteer import all_regions

    return all_regions()


def extract_claims(settings: Settings, run_id: str) -> dict:
    """Extract every pending landed version, where the settings say: on the Dask cluster
    at ``dask_address`` (its workers get Arrow batches and return Arrow tables, so they
    need the same ``intercepts`` installed but no access to the warehouse), else in
    ``extract_workers`` local processes. The files written are the same either way."""
    from intercepts.extraction import extract_pending, has_pending

    if not settings.dask_address or not has_pending(settings.warehouse):
        # a night with nothing new does not wait on the cluster
        return extract_pending(settings.warehouse, run_id, workers=settings.extract_workers)
    client_class = dask_client()
    try:
        client = client_class(settings.dask_address, timeout=_DASK_CONNECT_S)
    except OSError as exc:  # unreachable: the night still gets its claims, from local cores
        stats = extract_pending(settings.warehouse, run_id, workers=settings.extract_workers)
        return {**stats, "dask": f"unreachable, extracted locally: {exc}"}
    with client:
        stats = extract_pending(settings.warehouse, run_id, executor=client.get_executor())
    return {**stats, "dask": settings.dask_address}


def fell_back_from_dask(stats: dict) -> bool:
    """Whether ``extract_claims`` extracted locally because the cluster did not answer."""
    return str(stats.get("dask", "")).startswith("unreachable")


def where_extracted(stats: dict) -> str:
    """Where ``extract_claims`` read the batches, for a run's log line."""
    dask = stats.get("dask")
    if fell_back_from_dask(stats):
        return f"Dask {dask}"
    if dask:
        return f"on the Dask cluster at {dask}"
    n = stats.get("workers", 1)
    return "nothing to read" if not n else f"in {n} process{'es' if n > 1 else ''}"


# how long extraction waits for the Dask scheduler before it extracts on local cores instead
_DASK_CONNECT_S = 30


def build_warehouse(settings: Settings, sources: list[Source], *, force: bool = False) -> dict:
    return warehouse_build.build(settings.warehouse, reference_tables(sources), force=force)


@dataclass
class RunSummary:
    run_id: str
    warehouse: Path
    sources: list[dict] = field(
        default_factory=list
    )  # one fetch outcome per source (per snapshot in the demo)
    extraction: dict = field(default_factory=dict)
    build: dict = field(default_factory=dict)
    error: str | None = None
    # sources whose newest landed post is older than their stale_after_days at the time of
    # this run's fetch (or that never landed a post): answering, but probably the wrong channel
    stale_sources: list[str] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[str]:
        """Sources whose latest fetch in this run failed (the demo fetches each several times)."""
        latest = {s["source_id"]: s["status"] for s in self.sources}
        return sorted(sid for sid, status in latest.items() if status == "failed")

    @property
    def exit_code(self) -> int:
        """0 all well; 1 the build failed (old marts kept); 3 some source failed."""
        if self.error:
            return 1
        return 3 if self.failed_sources else 0


def stale_sources(db: Path, sources: list[Source]) -> list[str]:
    """The configured sources whose newest landed post is older than their
    ``stale_after_days`` when this warehouse last fetched them (``sources check`` judges the
    live page the same way). A source never fetched is not judged."""
    import duckdb

    if not Path(db).exists():
        return []
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """
            SELECT f.source_id, max(f.started_at) AS fetched, max(d.published_at) AS newest
            FROM stg_raw__fetches f
            LEFT JOIN stg_raw__documents d USING (source_id)
            WHERE f.status <> 'failed'
            GROUP BY f.source_id
            """
        ).fetchall()
    finally:
        con.close()
    limits = {s.id: s.stale_after_days for s in sources}
    stale = []
    for source_id, fetched, newest in rows:
        if source_id not in limits or fetched is None:
            continue
        if newest is None or (fetched - newest).total_seconds() > limits[source_id] * 86400:
            stale.append(source_id)
    return sorted(stale)


def sweep(settings: Settings) -> int:
    """Clear what a killed run may have left: a compaction's journaled merges finished or
    undone (`compaction.recover`), then the temporary Parquet files."""
    from intercepts import compaction

    compaction.recover(settings.warehouse)
    return landing.sweep_temporary_files(settings.warehouse)


def compact_if_due(settings: Settings) -> dict | None:
    """Merge the landed small files when a partition has enough of them (`compaction.due`);
    None when none is due. The caller holds the run lock."""
    from intercepts import compaction

    if not compaction.due(settings.warehouse):
        return None
    # only the partitions that are due: a source's month of two or three runs waits, rather
    # than being rewritten every night
    return compaction.compact(settings.warehouse, min_files=compaction.DUE_FILES)
