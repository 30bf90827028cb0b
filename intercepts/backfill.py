"""History for a range of nights: every post the sources still show for those days.

The nightly run reads each source's newest page. For the nights from ``start`` to ``end``
(``night_ending`` dates), a Telegram source is read back page by page with
``?before=<smallest id>`` (:func:`intercepts.sources.telegram.fetch_history`) until a post
older than the range; any other source is fetched once (a feed holds what it holds).
Items published from the day before ``start`` (evening updates of the first night) to
the end of ``end``, in the source's own time zone, are landed with the same code as a
nightly run, then claims are extracted and the marts rebuilt once. Landing is
idempotent, so a backfill over nights already landed adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from intercepts import landing, pipeline
from intercepts.build import BuildError
from intercepts.config import Settings, Source
from intercepts.runlog import log, timed
from intercepts.sources import parse as parse_items
from intercepts.sources.base import Item, ParseError
from intercepts.sources.http import fetch, make_session
from intercepts.sources.telegram import DEFAULT_MAX_PAGES, DEFAULT_PAGE_DELAY_S, fetch_history


def published_range(source: Source, start: date, end: date) -> tuple[datetime, datetime]:
    """[from, to) in UTC: local midnight of the day before ``start`` to local midnight
    after ``end``, in the source's time zone."""
    tz = ZoneInfo(source.timezone)
    lower = datetime.combine(start - timedelta(days=1), time(0), tz)
    upper = datetime.combine(end + timedelta(days=1), time(0), tz)
    return lower.astimezone(UTC), upper.astimezone(UTC)


def in_range(item: Item, lower: datetime, upper: datetime) -> bool:
    """An item without a date is kept: a nightly run would have landed it as well."""
    return item.published_at is None or lower <= item.published_at < upper


def backfill_source(
    source: Source,
    settings: Settings,
    run_id: str,
    start: date,
    end: date,
    *,
    page_delay_s: float = DEFAULT_PAGE_DELAY_S,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> dict:
    """Read, filter and land one source's history; returns its ``raw/fetches`` row plus
    ``pages`` and ``stopped``. Never raises for a bad source."""
    started = datetime.now(UTC)
    outcome = landing.fetch_outcome(run_id, source.id, source.url, started)
    lower, upper = published_range(source, start, end)
    session = make_session(settings)
    pages: list[tuple[str, list[Item]]] = []  # (the URL fetched, the items read from it)
    n_pages, stopped = 0, None
    try:
        if source.kind == "telegram":
            history = fetch_history(
                session,
                source.fetch_url,
                settings,
                since=lower,
                max_pages=max_pages,
                delay_s=page_delay_s,
            )
            n_pages, stopped = len(history.pages), history.stopped
            if history.pages:  # each post once, however many pages showed it
                pages = [(source.fetch_url, history.items)]
            outcome["bytes"] = sum(len(page.fetch.body) for page in history.pages)
            if history.stopped == "failed":
                outcome["reason"] = f"history stopped after {n_pages} page(s): {history.reason}"
        else:
            result = fetch(session, source.fetch_url, settings)
            outcome.update(http_status=result.http_status, bytes=len(result.body))
            if result.status != "ok":
                outcome["reason"] = result.reason or result.status
            else:
                n_pages = 1
                try:
                    pages = [
                        (
                            result.final_url or source.fetch_url,
                            parse_items(
                                source.kind,
                                result.body,
                                url=result.final_url or source.fetch_url,
                                content_type=result.content_type,
                            ),
                        )
                    ]
                except ParseError as exc:
                    outcome["reason"] = f"parse: {exc}"
    finally:
        session.close()
    for page_url, items in pages:
        kept = [item for item in items if in_range(item, lower, upper)]
        new, unchanged = landing.land_items(
            settings.warehouse, source, kept, run_id=run_id, fetched_at=started, fetch_url=page_url
        )
        outcome["items_found"] += len(kept)
        outcome["new_versions"] += new
        outcome["unchanged"] += unchanged
    if pages:
        outcome["status"] = "partial" if outcome["reason"] else "ok"
    elif outcome["reason"]:
        landing.quarantine(
            settings.warehouse,
            run_id,
            "fetch",
            [{"source_id": source.id, "url": source.url, "reason": outcome["reason"], "raw": None}],
        )
        outcome["quarantined"] = 1
    outcome["elapsed_s"] = round((datetime.now(UTC) - started).total_seconds(), 3)
    landing.record_fetches(settings.warehouse, run_id, [outcome])
    return {**outcome, "pages": n_pages, "stopped": stopped}


def backfill(
    sources: list[Source],
    settings: Settings,
    start: date,
    end: date,
    *,
    page_delay_s: float = DEFAULT_PAGE_DELAY_S,
    max_pages: int = DEFAULT_MAX_PAGES,
    on_source: Callable[[Source, dict | None], None] | None = None,
) -> pipeline.RunSummary:
    """Land the history of every source for the nights ``start``..``end``, then extract and
    build once. ``on_source(source, None)`` is called before a source and
    ``on_source(source, outcome)`` after it (a progress bar). The caller holds the run lock."""
    if end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    run_id = landing.new_run_id()
    summary = pipeline.RunSummary(run_id=run_id, warehouse=settings.warehouse)
    pipeline.sweep(settings)
    for source in sources:
        if on_source:
            on_source(source, None)
        outcome = backfill_source(
            source, settings, run_id, start, end, page_delay_s=page_delay_s, max_pages=max_pages
        )
        log.info(
            f"{source.id}: {outcome['status']} — {outcome['pages']} page(s), {outcome['items_found']} items "
            f"in range, {outcome['new_versions']} new ({outcome['elapsed_s']:.1f}s)"
            + (f" — {outcome['reason']}" if outcome["reason"] else "")
        )
        summary.sources.append(outcome)
        if on_source:
            on_source(source, outcome)
    with timed() as took:
        summary.extraction = pipeline.extract_claims(settings, run_id)
    log.info(
        f"extract: {summary.extraction['versions']} new versions → {summary.extraction['claims']} claims "
        f"{pipeline.where_extracted(summary.extraction)} ({took['s']:.1f}s)"
    )
    try:
        with timed() as took:
            summary.build = pipeline.build_warehouse(settings, sources)
        log.info(f"build: {len(summary.build['models'])} models ({took['s']:.1f}s)")
    except BuildError as exc:
        summary.error = str(exc)
    return summary
