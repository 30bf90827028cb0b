"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): one item per entry of ``items``.

    {"version": "https://jsonfeed.org/version/1.1", "title": "…",
     "items": [{"id": "…", "url": "…", "title": "…",
                "content_text": "…" | "content_html": "<p>…</p>",
                "date_published": "2025-07-20T08:40:00+03:00",
                "date_modified": "2025-07-20T09:15:00+03:00"}]}

* ``key``: ``id`` (numbers are read as their decimal text), else ``url``; an entry
  with neither is skipped, having nothing stable to be known by;
* ``text``: ``content_text`` when present (its line breaks kept), else
  ``content_html`` as plain text, else ``summary``;
* ``published_at``: ``date_published``, else ``date_modified``, in UTC;
  ``edited`` when ``date_modified`` is later than ``date_published``;
* ``raw``: the entry re-serialised as compact JSON with sorted keys (a JSON
  value has no single "as served" spelling once parsed).
"""

from __future__ import annotations

import json

from intercepts.sources.base import Item, ParseError
from intercepts.sources.markup import (
    decode_body,
    html_fragment_text,
    node_text_of_plain,
    parse_timestamp,
)


def _string(value) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        text = str(value).strip()
        return text or None
    return None


def _text(entry: dict) -> str:
    if _string(entry.get("content_text")):
        return node_text_of_plain(entry["content_text"])
    if _string(entry.get("content_html")):
        return html_fragment_text(entry["content_html"])
    if _string(entry.get("summary")):
        return node_text_of_plain(entry["summary"])
    return ""


def parse(body: bytes, *, url: str, content_type: str | None = None) -> list[Item]:
    """The entries of a JSON Feed, in feed order.

    Raises :class:`ParseError` when the body is not JSON or has no ``items`` list."""
    text = decode_body(body, content_type, markup="json")
    try:
        feed = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"{url}: not JSON: {error}") from None
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise ParseError(f'{url}: not a JSON Feed (no top-level "items" list)')

    items: list[Item] = []
    for entry in feed["items"]:
        if not isinstance(entry, dict):
            continue
        key = _string(entry.get("id")) or _string(entry.get("url"))
        if key is None:
            continue
        published = parse_timestamp(_string(entry.get("date_published")))
        modified = parse_timestamp(_string(entry.get("date_modified")))
        title = _string(entry.get("title"))
        items.append(
            Item(
                key=key,
                url=_string(entry.get("url")) or _string(entry.get("external_url")) or url,
                title=node_text_of_plain(title) if title else None,
                published_at=published or modified,
                raw=json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                text=_text(entry),
                edited=bool(published and modified and modified > published),
            )
        )
    return items
