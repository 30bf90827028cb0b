"""``intercepts sources check``: does each configured source answer, with what, and how much?

For every source one plain GET (no conditional headers, so a quiet source still shows what
it holds), then:

* **served kind**: what the body *is*, sniffed from its bytes, not from the config or the
  Content-Type: ``telegram`` (a ``t.me/s`` channel preview), ``rss`` (RSS 2.0 / RSS 1.0),
  ``atom``, ``html`` (any other HTML page: an article, a login wall, ``t.me/<name>`` for a
  channel that does not exist), ``json``, or ``other``;
* **posts**: how many items the source's own parser reads from it, and the newest one's time;
* **claims**: of the :data:`NEWEST_POSTS` newest posts, how many give at least one claim when
  the extractor reads them as the nightly run would (a governor's channel where none of the
  last five posts gives a claim may be the wrong channel, or the right one on a quiet week).

A row's ``status`` is ``ok``; ``failed`` (no answer: connection, timeout, HTTP error);
``wrong_kind`` (it answered with another kind of page than configured; RSS and Atom count
as one, the feed parser reads both); ``unreadable`` (the right kind, but the parser
refused it); or ``stale`` (a readable page whose newest post is older than the source's
``stale_after_days``, or with no posts at all: an abandoned channel, or a renamed one whose
old name still answers). Only ``ok`` is good: a source that answers with a captcha page is
as useless to the nightly run as one that does not answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from rich.markup import escape
from rich.table import Table

from intercepts.config import Settings, Source
from intercepts.sources import Item, ParseError, parse
from intercepts.sources.http import fetch, make_session
from intercepts.sources.markup import decode_body

SERVED_KINDS = ("telegram", "rss", "atom", "html", "json", "other")
STATUSES = ("ok", "failed", "wrong_kind", "unreadable", "stale")
NEWEST_POSTS = 5  # how many of the newest posts the extractor reads for the claims column
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
    status: str  # one of STATUSES
    http_status: int | None = None
    served_kind: str | None = None
    posts: int | None = None
    newest_at: datetime | None = None
    # of the `newest_read` newest posts (at most NEWEST_POSTS), how many gave a claim
    newest_with_claims: int | None = None
    newest_read: int | None = None
    stale_after_days: int = 14
    reason: str | None = None
    elapsed_s: float = 0.0

    @property
    def answered(self) -> bool:
        return self.status != "failed"

    def as_json(self) -> dict:
        """The row for ``--format json``: times as ISO 8601 UTC, plus ``answered``."""
        row = asdict(self)
        row["newest_at"] = self.newest_at.isoformat() if self.newest_at else None
        row["answered"] = self.answered
        return row


def newest_posts(items: list[Item], n: int = NEWEST_POSTS) -> list[Item]:
    """The ``n`` newest items: by time where they carry one (undated ones count as older),
    the page's own order breaking ties."""
    oldest = datetime.min.replace(tzinfo=UTC)
    ranked = sorted(
        range(len(items)),
        key=lambda i: (items[i].published_at is not None, items[i].published_at or oldest, i),
    )
    return [items[i] for i in ranked[-n:]] if n > 0 else []


def posts_with_claims(source: Source, items: list[Item], fetched_at: datetime) -> int:
    """How many of ``items`` give at least one claim, read as the nightly run reads them
    (the source's publisher, kind, region, language and time zone)."""
    from intercepts.extract.claims import extract
    from intercepts.extract.model import DocumentInput

    n = 0
    for item in items:
        if not (item.text or item.title):
            continue  # a media-only post: nothing to read
        doc = DocumentInput(
            doc_id=item.key,
            text=item.text,
            published_at=item.published_at or fetched_at,
            language=source.language,
            timezone=source.timezone,
            publisher=source.publisher,
            claimant_kind=source.claimant_kind,
            url=item.url,
            title=item.title,
            region=source.region,
        )
        try:
            n += bool(extract(doc).claims)
        except Exception:  # noqa: BLE001, S112 - a post the extractor cannot read gives no claim
            continue
    return n


def check_source(source: Source, settings: Settings, *, now: datetime | None = None) -> CheckRow:
    """Fetch ``source`` once and describe what came back (never raises for the network).

    ``now`` (UTC, default the clock) is what the newest post's age is measured against."""
    now = now or datetime.now(UTC)
    stale_after = getattr(source, "stale_after_days", 14)
    row = dict(
        source_id=source.id,
        kind=source.kind,
        url=source.url,
        checked=source.checked,
        stale_after_days=stale_after,
    )
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
    newest_at = max(times, default=None)
    newest = newest_posts(items)
    row.update(
        posts=len(items),
        newest_at=newest_at,
        newest_read=len(newest),
        newest_with_claims=posts_with_claims(source, newest, now),
    )
    if not items:
        return CheckRow(**row, status="stale", reason="no posts on the page")
    if newest_at is not None and now - newest_at > timedelta(days=stale_after):
        return CheckRow(
            **row,
            status="stale",
            reason=f"newest post {(now - newest_at).days} days old (stale after {stale_after})",
        )
    return CheckRow(**row, status="ok")


def check_sources(
    sources: Iterable[Source],
    settings: Settings,
    *,
    workers: int = 8,
    now: datetime | None = None,
) -> list[CheckRow]:
    """One row per source, in the order given; up to ``workers`` sources fetched at once
    (each on its own session), so one slow host does not hold up the rest."""
    sources = list(sources)
    if not sources:
        return []
    now = now or datetime.now(UTC)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sources)))) as pool:
        return list(pool.map(lambda source: check_source(source, settings, now=now), sources))


def failing(rows: Iterable[CheckRow]) -> list[CheckRow]:
    """The rows that are not ``ok`` (failing or stale), in order."""
    return [row for row in rows if row.status != "ok"]


def as_json(rows: Iterable[CheckRow], *, now: datetime) -> str:
    """The check as one JSON document for monitoring: when it ran, whether every source is
    healthy, the ids of the failing and the stale ones, and every row."""
    rows = list(rows)
    bad = failing(rows)
    return json.dumps(
        {
            "checked_at": now.isoformat(),
            "healthy": not bad,
            "failing": [r.source_id for r in bad if r.status != "stale"],
            "stale": [r.source_id for r in bad if r.status == "stale"],
            "sources": [r.as_json() for r in rows],
        },
        ensure_ascii=False,
        indent=1,
    )


_STATUS_STYLE = {
    "ok": "green",
    "failed": "red",
    "wrong_kind": "yellow",
    "unreadable": "yellow",
    "stale": "magenta",
}


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
        "with claims",
        "status",
        "note",
    ):
        table.add_column(name, justify="right" if name in ("posts", "with claims") else "left")
    for row in rows:
        answer = str(row.http_status) if row.http_status is not None else "no answer"
        newest = row.newest_at.strftime("%Y-%m-%d %H:%M") if row.newest_at else ""
        if row.newest_at and now is not None:
            newest += f" ({_age(row.newest_at, now)})"
        notes = [row.reason] if row.reason else []
        if not row.checked:
            notes.append("URL unverified")
        style = _STATUS_STYLE.get(row.status, "")
        claims = "" if row.newest_read is None else f"{row.newest_with_claims} of {row.newest_read}"
        table.add_row(
            escape(row.source_id), row.kind, row.served_kind or "", answer,
            "" if row.posts is None else str(row.posts), newest, claims,
            f"[{style}]{row.status}[/{style}]" if style else row.status, escape("; ".join(notes)),
        )  # fmt: skip
    return table
