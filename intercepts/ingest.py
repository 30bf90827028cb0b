"""Ingest one source: fetch → parse → land, recording what happened.

Pure wiring over `sources.http`, `sources.<kind>` and `landing`; the Prefect task in
`flows/` calls `ingest_source` once per source. Nothing here raises for a bad source:
the outcome (ok / not_modified / partial / failed, with the reason) is returned and
written to ``raw/fetches``; unreadable bytes go to ``raw/quarantine``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import requests

from intercepts import landing
from intercepts import sources as sources_package
from intercepts.config import Settings, Source
from intercepts.sources import parse as parse_items
from intercepts.sources.base import ParseError
from intercepts.sources.http import fetch

_cache_lock = threading.Lock()


def _cache_path(warehouse: Path) -> Path:
    return warehouse / "state" / "http_cache.json"


def load_http_cache(warehouse: Path) -> dict:
    path = _cache_path(warehouse)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remember(
    warehouse: Path,
    source: Source,
    etag: str | None,
    last_modified: str | None,
    body_sha256: str | None = None,
) -> None:
    """Store the validators of a fetch that landed fully (never of a failed one)."""
    with _cache_lock:
        cache = load_http_cache(warehouse)
        cache[source.id] = {
            "url": source.url,
            "etag": etag,
            "last_modified": last_modified,
            "body_sha256": body_sha256,
        }
        path = _cache_path(warehouse)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


@functools.cache
def _parsing_code() -> bytes:
    """The source code of the parsers: a page is read again when they change."""
    digest = hashlib.sha256()
    for path in sorted(Path(sources_package.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def body_fingerprint(body: bytes, content_type: str | None) -> str:
    """What the items parsed from a page depend on: its bytes, its declared type, the parsers."""
    digest = hashlib.sha256(_parsing_code())
    digest.update((content_type or "").encode() + b"\x00")
    digest.update(body)
    return digest.hexdigest()


def ingest_source(
    source: Source,
    settings: Settings,
    run_id: str,
    session: requests.Session,
) -> dict:
    """Fetch, parse and land one source; returns its row for ``raw/fetches``."""
    warehouse = settings.warehouse
    started = datetime.now(UTC)
    outcome = landing.fetch_outcome(run_id, source.id, source.url, started)
    validators = load_http_cache(warehouse).get(source.id, {})
    if validators.get("url") != source.url:
        validators = {}
    result = fetch(
        session,
        source.fetch_url,
        settings,
        etag=validators.get("etag"),
        last_modified=validators.get("last_modified"),
    )
    outcome.update(
        http_status=result.http_status, bytes=len(result.body), elapsed_s=result.elapsed_s
    )
    fingerprint = None
    if result.status == "ok":
        fingerprint = body_fingerprint(result.body, result.content_type)
    if result.status == "not_modified":
        outcome.update(status="not_modified", reason="HTTP 304: unchanged since last fetch")
    elif fingerprint is not None and fingerprint == validators.get("body_sha256"):
        # A server without validators sends the same bytes again: they parse to the items
        # landed last time, so nothing is parsed or looked up (a long feed's parse and
        # lookups were most of a night with nothing new: 2.5 s for a 436-item feed).
        outcome.update(status="not_modified", reason="unchanged: the same bytes as last fetch")
    elif result.status == "failed":
        outcome.update(reason=result.reason)
        landing.quarantine(
            warehouse,
            run_id,
            "fetch",
            [
                {
                    "source_id": source.id,
                    "url": source.url,
                    "reason": result.reason,
                    "raw": result.body or None,
                }
            ],
        )
        outcome["quarantined"] = 1
    else:
        try:
            items = parse_items(
                source.kind,
                result.body,
                url=result.final_url or source.fetch_url,
                content_type=result.content_type,
            )
        except ParseError as exc:
            outcome.update(reason=f"parse: {exc}")
            landing.quarantine(
                warehouse,
                run_id,
                "parse",
                [
                    {
                        "source_id": source.id,
                        "url": source.url,
                        "reason": str(exc),
                        "raw": result.body,
                    }
                ],
            )
            outcome["quarantined"] = 1
        else:
            try:
                if source.kind == "telegram":
                    items = items + landing.telegram_deletions(warehouse, source, items)
                new, unchanged = landing.land_items(
                    warehouse,
                    source,
                    items,
                    run_id=run_id,
                    fetched_at=started,
                    fetch_url=result.final_url or source.fetch_url,
                )
            except Exception as exc:  # noqa: BLE001 - one source's landing must not stop the run
                # a full or failing disk, or a bug: this source is not landed (its validators
                # are not remembered, so the next run fetches it again) and the others go on
                outcome.update(
                    items_found=len(items), reason=f"cannot land: {type(exc).__name__}: {exc}"
                )
            else:
                outcome.update(
                    status="ok",
                    items_found=sum(not i.deleted for i in items),
                    new_versions=new,
                    unchanged=unchanged,
                )
                _remember(warehouse, source, result.etag, result.last_modified, fingerprint)
    outcome["elapsed_s"] = round((datetime.now(UTC) - started).total_seconds(), 3)
    try:
        landing.record_fetches(warehouse, run_id, [outcome])
    except OSError as exc:
        outcome["reason"] = (outcome["reason"] or "") + f"; fetch log not written: {exc}"
    return outcome
