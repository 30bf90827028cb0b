"""JSON lines in, JSON lines out: the extractor as a stream filter (``intercepts extract``).

Input, one document a line::

    {"doc_id": "tg-mod-41523", "text": "В течение прошедшей ночи ...",
     "published_at": "2025-07-20T04:30:00+00:00",
     "url": "https://...", "publisher": "Ministry of Defence of the Russian Federation",
     "language": "ru", "timezone": "Europe/Moscow", "claimant_kind": "official_federal"}

``doc_id``, ``text`` and ``published_at`` are required; ``published_at`` without an
offset is read as UTC. Output: one claim a line (the fields of ``model.Claim``).

A line that is not a JSON object, or lacks a required field, or has an unreadable
date, never stops the stream: it produces one error record on the error channel,
``{"error": "...", "line": 7, "doc_id": "..."}``, and the next line is read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

from intercepts.extract.claims import extract
from intercepts.extract.gazetteer import known_region
from intercepts.extract.model import DocumentInput


class DocumentError(ValueError):
    """A document record the extractor cannot read."""


def document_from_record(record: dict) -> DocumentInput:
    """A :class:`DocumentInput` from a JSON object; raises :class:`DocumentError`."""
    if not isinstance(record, dict):
        raise DocumentError("not a JSON object")
    missing = [
        k for k in ("doc_id", "text", "published_at") if not record.get(k) and record.get(k) != ""
    ]
    if missing or not isinstance(record.get("text"), str):
        raise DocumentError(f"missing or invalid field(s): {', '.join(missing) or 'text'}")
    try:
        published = datetime.fromisoformat(str(record["published_at"]).replace("Z", "+00:00"))
    except ValueError as exc:
        raise DocumentError(f"unreadable published_at: {record['published_at']!r}") from exc
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    timezone = record.get("timezone") or "Europe/Moscow"
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(timezone)
    except Exception as exc:  # noqa: BLE001 - any bad zone name is the record's fault
        raise DocumentError(f"unknown timezone: {timezone!r}") from exc
    region = record.get("region") or None
    if region is not None and not known_region(region):
        raise DocumentError(
            f"unknown region: {region!r} (an ISO 3166-2 code such as RU-BEL or UA-63)"
        )
    return DocumentInput(
        doc_id=str(record["doc_id"]),
        text=record["text"],
        published_at=published,
        language=record.get("language") or "ru",
        timezone=timezone,
        publisher=record.get("publisher"),
        claimant_kind=record.get("claimant_kind"),
        url=record.get("url"),
        title=record.get("title"),
        region=region,
    )


@dataclass
class StreamSummary:
    documents: int = 0
    claims: int = 0
    rejects: int = 0
    errors: int = 0


def extract_stream(
    lines_in: Iterable[str],
    out: IO[str],
    errors: IO[str] | None = None,
    rejects_out: IO[str] | None = None,
) -> StreamSummary:
    """Read documents from ``lines_in``, write claims to ``out`` (one JSON object a
    line), error records to ``errors`` (default: standard error) and, when given,
    rejects to ``rejects_out``. Blank lines are skipped."""
    errors = errors if errors is not None else sys.stderr
    summary = StreamSummary()
    for line_no, line in enumerate(lines_in, start=1):
        if not line.strip():
            continue
        doc_id = None
        try:
            record = json.loads(line)
            doc_id = record.get("doc_id") if isinstance(record, dict) else None
            doc = document_from_record(record)
            result = extract(doc)
        except (json.JSONDecodeError, DocumentError) as exc:
            summary.errors += 1
            errors.write(
                json.dumps(
                    {"error": str(exc), "line": line_no, "doc_id": doc_id}, ensure_ascii=False
                )
                + "\n"
            )
            continue
        except Exception as exc:  # noqa: BLE001 - an extractor bug on one document must not stop the stream
            summary.errors += 1
            errors.write(
                json.dumps(
                    {
                        "error": f"extractor failed: {type(exc).__name__}: {exc}",
                        "line": line_no,
                        "doc_id": doc_id,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            continue
        summary.documents += 1
        for claim in result.claims:
            out.write(json.dumps(claim.to_record(), ensure_ascii=False) + "\n")
            summary.claims += 1
        for reject in result.rejects:
            summary.rejects += 1
            if rejects_out is not None:
                rejects_out.write(json.dumps(reject.to_record(), ensure_ascii=False) + "\n")
    return summary
