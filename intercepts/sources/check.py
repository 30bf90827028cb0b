"""``intercepts sources check``: does each configured source answer, with what, and how much?

For every source one plain GET (no conditional headers, so a quiet source still shows what
it holds), then:

* **served kind**: what the body *is*, sniffed from its bytes, not from the config or the
  Content-Type: ``telegram`` (a ``t.me/s`` channel preview), ``rss`` (RSS 2.0 / RSS 1.0),
  ``atom``, ``html`` (any other HTML page: an article, a login wall, ``t.me/<name>`` for a
  channel that does not exist), ``json``, or ``other``;
* **posts**: how many items the source's own parser reads from it, and the newest one's time.

A row's ``status`` is ``ok``; ``failed`` (no answer: connection, timeout, HTTP error);
``wrong_kind`` (it answered with another kind of page than configured; RSS and Atom count
as one, the feed parser reads both); or ``unreadable`` (the right kind, but the parser
refused it). Only ``ok`` is good: a source that answers with a captcha page is as useless
to the nightly run as one that does not answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from rich.table import Table

from intercepts.config import Settings, Source
from intercepts.sources import ParseError, parse
from intercepts.sources.http import fetch, make_session
from intercepts.sources.markup import decode_body

SERVED_KINDS = ("telegram", "rss", "atom", "html", "json", "other")
_FEEDS = {"rss", "atom"}
_SNIFF_BYTES = 256 * 1024
# The XML declaration, comments and a DOCTYPE (with its internal subset, if any).
_PROLOG = re.compile(r"^\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)", re.S | re.I)
_FIRST_TAG = re.compile(r"^\s*<([A-Za-z][\w.:-]*)")
# Tags an HTML page may start with when it omits <html> (lexbor, like browsers, accepts it).
_HTML_STARTS = frozenset(
    {
        "html", "head", "body", "meta", "title", "link", "div", "p", "main", "header",
        "section", "article", "script", "style", "table", "h1",
    }
)  # fmt: skip


def sniff_kind(body: bytes, content_type: str | None = None) -> str:
    """What ``body`` is, from its bytes: one of :data:`SERVED_KINDS`.

    The root element decides for XML and HTML (``rss``/``rdf:RDF`` → rss, ``feed`` → atom,
    HTML → html, or telegram when it holds a ``tgme_channel_history`` section or channel
    posts); a body that parses as JSON is json; anything else is other."""
    text = decode_body(body[:_SNIFF_BYTES], content_type, markup="html").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(decode_body(body, content_type, markup="html").lstrip("\ufeff"))
        except ValueError:
            return "other"
        return "json"
    doctype_html = re.match(r"\s*(?:<\?.*?\?>\s*)?<!doctype\s+html", text, re.I) is not None
    rest = text
    while (prolog := _PROLOG.match(rest)) is not None:
        rest = rest[prolog.end() :]
    match = _FIRST_TAG.match(rest)
    root = match.group(1).rsplit(":", 1)[-1].lower() if match else None
    if root in ("rss", "rdf"):
        return "rss"
    if root == "feed":
        return "atom"
    if doctype_html or root in _HTML_STARTS:
        if "tgme_channel_history" in text or 'class="tgme_widget_message ' in text:
            return "telegram"
        return "html"
    return "other"


def compatible(declared: str, served: str) -> bool:
    """Whether a page of kind ``served`` is what a source of kind ``declared`` expects."""
    return served == declared or {declared, served} <= _FEEDS


@dataclass(frozen=True)
class CheckRow:
    """What one source answered. ``posts`` and ``newest_at`` are None when nothing was
    parsed; ``newest_at`` is UTC, None also when no post carries a time."""

    source_id: str
    kind: str  # as configured
    url: str
    checked: bool  # as configured: False means the URL was never verified
    status: str  # ok | failed | wrong_kind | unreadable
    http_status: int | None = None
    served_kind: str | None = None
    posts: int | None = None
    newest_at: datetime | None = None
    reason: str | None = None
    elapsed_s: float = 0.0

    @property
    def answered(self) -> bool:
        return self.status != "failed"


def check_source(source: Source, settings: Settings) -> CheckRow:
    """Fetch ``source`` once and describe what came back (never raises for the network)."""
    row = dict(source_id=source.id, kind=source.kind, url=source.url, checked=source.checked)
    # `fetch_url` resolves the samples' {sample_base} placeholder where the config has it.
    result = fetch(make_session(settings), getattr(source, "fetch_url", source.url), settings)
    row.update(http_status=result.http_status, elapsed_s=result.elapsed_s)
    if result.status != "ok":
        return CheckRow(**row, status="failed", reason=result.reason or result.status)
    served = sniff_kind(result.body, result.content_type)
    row["served_kind"] = served
    if not compatible(source.kind, served):
        return CheckRow(
            **row, status="wrong_kind", reason=f"served {served}, configured as {source.kind}"
        )
    try:
        items = parse(source.kind, result.body, url=source.url, content_type=result.content_type)
    except ParseError as exc:
        return CheckRow(**row, status="unreadable", reason=str(exc))
    times = [item.published_at for item in items if item.published_at is not None]
    return CheckRow(**row, status="ok", posts=len(items), newest_at=max(times, default=None))


def check_sources(
    sources: Iterable[Source], settings: Settings, *, workers: int = 8
) -> list[CheckRow]:
    """One row per source, in the order given; up to ``workers`` sources fetched at once
    (each on its own session), so one slow host does not hold up the rest."""
    sources = list(sources)
    if not sources:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sources)))) as pool:
        return list(pool.map(lambda source: check_source(source, settings), sources))


def failing(rows: Iterable[CheckRow]) -> list[CheckRow]:
    """The rows that are not ``ok``, in order."""
    return [row for row in rows if row.status != "ok"]


_STATUS_STYLE = {"ok": "green", "failed": "red", "wrong_kind": "yellow", "unreadable": "yellow"}


def _age(moment: datetime, now: datetime) -> str:
    hours = (now - moment).total_seconds() / 3600
    if hours < 0:
        return "in the future"
    return f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} d ago"


def render_table(rows: Iterable[CheckRow], *, now: datetime | None = None) -> Table:
    """The rows as a rich table; with ``now``, the newest post's age is shown beside its time."""
    table = Table(title="sources check", show_lines=False)
    for name in (
        "source",
        "configured",
        "served",
        "answer",
        "posts",
        "newest post (UTC)",
        "status",
        "note",
    ):
        table.add_column(name, justify="right" if name == "posts" else "left")
    for row in rows:
        answer = str(row.http_status) if row.http_status is not None else "no answer"
        newest = row.newest_at.strftime("%Y-%m-%d %H:%M") if row.newest_at else ""
        if row.newest_at and now is not None:
            newest += f" ({_age(row.newest_at, now)})"
        notes = [row.reason] if row.reason else []
        if not row.checked:
            notes.append("URL unverified")
        style = _STATUS_STYLE.get(row.status, "")
        table.add_row(
            row.source_id, row.kind, row.served_kind or "", answer,
            "" if row.posts is None else str(row.posts), newest,
            f"[{style}]{row.status}[/{style}]" if style else row.status, "; ".join(notes),
        )  # fmt: skip
    return table
