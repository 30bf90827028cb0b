"""What every source kind's parser returns: a list of items, one per post or article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class ParseError(ValueError):
    """The body could not be read as the declared kind (malformed feed, wrong page).

    The message says what was wrong; the caller quarantines the raw bytes with it."""


@dataclass(frozen=True)
class Item:
    """One post or article as found in a fetched page.

    ``key`` identifies the item across fetches and pages (a Telegram post's
    ``channel/id``, a feed entry's guid or link, an article's canonical URL);
    the document id is derived from the source id and this key.
    ``raw`` is the item's own markup exactly as served (a feed entry's XML, the
    post's HTML fragment); ``text`` is its plain text with line breaks kept.
    ``published_at`` is timezone-aware UTC, or None when the item carries no date.
    ``edited`` is True when the source marks the item as changed after publication
    (Telegram's "edited", a feed entry updated after it was published).
    ``forwarded_from`` names the channel a Telegram post was forwarded from: the
    statement is that channel's, not the forwarding one's. None otherwise.
    ``media`` holds the links of the photos, videos and files the item shows (a Telegram
    post with no text has only these); they are in ``raw`` too, and not in the content
    hash.
    """

    key: str
    url: str
    title: str | None
    published_at: datetime | None
    raw: str
    text: str
    edited: bool = False
    forwarded_from: str | None = None
    media: tuple[str, ...] = ()
    deleted: bool = False  # a tombstone: the post was there before and is gone now (see landing)
