"""Telegram public channel previews (``https://t.me/s/<channel>``): one item per post.

The preview page is plain HTML, no login and no API key. Its structure, as served::

    <section class="tgme_channel_history js-message_history">
      <div class="tgme_widget_message_wrap js-widget_message_wrap">
        <div class="tgme_widget_message js-widget_message" data-post="mod_russia/52108">
          <div class="tgme_widget_message_forwarded_from">Forwarded from <a>…</a></div>  (optional)
          <div class="tgme_widget_message_text js-message_text" dir="auto">
            В период с 23.00 мск …:<br/><i class="emoji" style="background-image:url(…)"><b>▪️</b></i> 31 – …
          </div>
          <span class="tgme_widget_message_meta">edited <a class="tgme_widget_message_date"
            href="https://t.me/mod_russia/52108"><time datetime="2025-07-20T04:20:31+00:00">07:20</time></a></span>
        </div>
      </div>
    </section>

What becomes an item, and what does not:

* every post becomes one item; ``key`` is the ``data-post`` value ``channel/id`` and
  ``url`` the permalink ``https://t.me/channel/id``, both independent of the page the
  post was found on (a ``?before=`` page, a mirror);
* a post with only a photo, video, sticker or file (ministries post infographics and
  clips) is an item too, with no text and its ``media`` links: it lands as a document
  version, so no numbered post is missing from raw and a post that disappears later is
  a deletion, never mistaken for one that was never landed; with no text it gives no
  claims. ``media`` lists, in page order, each photo's image, each video's file (its
  thumbnail when the preview offers no file: "Media is too big"), each file's link and
  each sticker's image; links are not part of the content hash (the CDN's addresses may
  change between fetches while the post does not);
* a service post (``service_message``: "Channel photo updated", a pin) yields no item;
* a forwarded post is kept, with ``forwarded_from`` naming the original channel, because
  the claim in it belongs to that channel and not to the one that forwarded it;
* the text of a quoted reply (``tgme_widget_message_reply``) is not part of the post's text.

History (used by backfill; the nightly run reads the newest page only): a preview page
shows the ~20 newest posts; ``?before=<id>`` shows the ones before post ``id``.
:func:`fetch_history` follows ``?before=<smallest id on the page>`` back until a date,
the channel's first post or a page cap, pausing politely between pages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from selectolax.lexbor import LexborHTMLParser, LexborNode

from intercepts.config import Settings
from intercepts.sources.base import Item, ParseError
from intercepts.sources.http import FetchResult, fetch
from intercepts.sources.markup import decode_body, node_text, parse_timestamp

_DATA_POST = re.compile(r"^([A-Za-z0-9_]{1,64})/(\d+)$")
_EDITED = re.compile(r"\bedited\b", re.I)


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _inside_reply(node: LexborNode) -> bool:
    """Whether ``node`` sits in the quoted message a post replies to."""
    parent = node.parent
    while parent is not None:
        classes = _classes(parent)
        if "tgme_widget_message" in classes:
            return False
        if "tgme_widget_message_reply" in classes:
            return True
        parent = parent.parent
    return False


def _message_text_node(message: LexborNode) -> LexborNode | None:
    for candidate in message.css("div.tgme_widget_message_text"):
        if not _inside_reply(candidate):
            return candidate
    return None


def _forwarded_from(message: LexborNode) -> str | None:
    forwarded = message.css_first(".tgme_widget_message_forwarded_from")
    if forwarded is None:
        return None
    name = forwarded.css_first(".tgme_widget_message_forwarded_from_name")
    label = (name or forwarded).text(separator=" ", strip=True)
    label = re.sub(r"^Forwarded from\s*", "", label).strip()
    return label or "unknown"


def _is_edited(message: LexborNode) -> bool:
    if message.css_first(".tgme_widget_message_edited") is not None:
        return True
    for meta in message.css("span.tgme_widget_message_meta"):
        if _EDITED.search(meta.text(separator=" ")):
            return True
    return False


_BACKGROUND_URL = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
# what a post shows besides its text; avatars, emoji and link previews are not the post's media
_MEDIA = (
    "a.tgme_widget_message_photo_wrap, a.tgme_widget_message_video_player, "
    "a.tgme_widget_message_roundvideo_player, a.tgme_widget_message_document_wrap, "
    ".tgme_widget_message_sticker"
)


def _media_links(message: LexborNode) -> tuple[str, ...]:
    """The links of a post's photos, videos, files and stickers, in page order, each once."""
    links: list[str] = []
    for node in message.css(_MEDIA):
        if _inside_reply(node):
            continue
        classes = _classes(node)
        link = None
        if classes & {"tgme_widget_message_video_player", "tgme_widget_message_roundvideo_player"}:
            video = node.css_first("video[src]")
            thumb = node.css_first('[style*="background-image"]')
            if video is not None:
                link = video.attributes.get("src")
            elif thumb is not None:
                link = _background(thumb)
        elif "tgme_widget_message_document_wrap" in classes:
            link = node.attributes.get("href")
        else:
            link = node.attributes.get("src") or node.attributes.get("data-webp")
            link = link or _background(node)
        link = (link or "").strip()
        if link.startswith("//"):
            link = "https:" + link
        if link and link not in links:
            links.append(link)
    return tuple(links)


def _background(node: LexborNode) -> str | None:
    match = _BACKGROUND_URL.search(node.attributes.get("style") or "")
    return match.group(1) if match else None


def parse(body: bytes, *, url: str, content_type: str | None = None) -> list[Item]:
    """The posts on a channel preview page (service posts aside), oldest first as the page
    lists them; a post with no text has ``text == ""`` and its ``media`` links.

    ``url`` is the page address (used only in error messages). Raises
    :class:`ParseError` when the page is not a channel preview at all (no
    ``tgme_channel_history`` section and no posts); an existing channel with no
    posts yet gives an empty list.
    """
    page = decode_body(body, content_type, markup="html")
    tree = LexborHTMLParser(page)
    history = tree.css_first("section.tgme_channel_history")
    scope = history if history is not None else tree.root
    messages = scope.css("div.tgme_widget_message[data-post]") if scope is not None else []
    if history is None and not messages:
        raise ParseError(
            f"{url}: not a Telegram channel preview (no section.tgme_channel_history "
            "and no div.tgme_widget_message posts)"
        )

    items: list[Item] = []
    seen: set[str] = set()
    for message in messages:
        post = (message.attributes.get("data-post") or "").strip()
        match = _DATA_POST.match(post)
        if match is None or post in seen:
            continue
        if "service_message" in _classes(message):
            continue
        text_node = _message_text_node(message)
        text = node_text(text_node) if text_node is not None else ""
        seen.add(post)
        channel, post_id = match.groups()
        time_node = message.css_first("a.tgme_widget_message_date time[datetime]")
        published_at = parse_timestamp(time_node.attributes.get("datetime")) if time_node else None
        items.append(
            Item(
                key=post,
                url=f"https://t.me/{channel}/{post_id}",
                title=None,
                published_at=published_at,
                raw=message.html or "",
                text=text,
                edited=_is_edited(message),
                forwarded_from=_forwarded_from(message),
                media=_media_links(message),
            )
        )
    return items


# ── History: following ?before= back ─────────────────────────────────────────────────────

DEFAULT_PAGE_DELAY_S = 3.0  # between history pages: t.me rate-limits fast scrapers
DEFAULT_MAX_PAGES = 50  # ~1,000 posts: months of a ministry channel, years of a governor's


def page_url(channel_url: str, before: int | None = None) -> str:
    """The preview page listing the posts before post ``before`` (the newest page for None).

    ``https://t.me/s/mod_russia`` and ``52110`` give ``https://t.me/s/mod_russia?before=52110``;
    an existing ``before`` is replaced, other query parameters are kept."""
    parts = urlsplit(channel_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "before"]
    if before is not None:
        query.append(("before", str(before)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def page_posts(body: bytes, content_type: str | None = None) -> list[tuple[int, datetime | None]]:
    """``(post id, time)`` of every post on a preview page, including those that yield no
    item (service posts): paging steps over them too. Time is UTC or None."""
    tree = LexborHTMLParser(decode_body(body, content_type, markup="html"))
    posts = []
    for message in tree.css("div.tgme_widget_message[data-post]"):
        match = _DATA_POST.match((message.attributes.get("data-post") or "").strip())
        if match is None:
            continue
        time_node = message.css_first("a.tgme_widget_message_date time[datetime]")
        at = parse_timestamp(time_node.attributes.get("datetime")) if time_node else None
        posts.append((int(match.group(2)), at))
    return posts


@dataclass
class HistoryPage:
    """One preview page fetched while paging back: what came back and what it held."""

    url: str
    fetch: FetchResult
    items: list[Item] = field(default_factory=list)
    oldest_id: int | None = None  # the smallest post id on the page: the next ``before``


@dataclass
class TelegramHistory:
    """The posts of a channel back to ``since``, page by page.

    ``stopped`` says why paging ended: ``reached_since`` (a post older than ``since`` was
    seen), ``beginning`` (no older posts: the channel's start), ``page_cap`` (``max_pages``
    fetched), ``no_progress`` (the server ignored ``before`` and served posts already seen),
    or ``failed`` (a page could not be fetched or read; ``reason`` says why, and the pages
    before it are kept)."""

    channel_url: str
    since: datetime
    pages: list[HistoryPage] = field(default_factory=list)
    stopped: str = ""
    reason: str | None = None

    @property
    def complete(self) -> bool:
        """Whether every post back to ``since`` was read."""
        return self.stopped in ("reached_since", "beginning")

    @property
    def items(self) -> list[Item]:
        """The posts published at or after ``since`` (and those without a time), each once,
        oldest first by post id."""
        unique: dict[str, Item] = {}
        for page in self.pages:
            for item in page.items:
                if item.published_at is None or item.published_at >= self.since:
                    unique.setdefault(item.key, item)
        return sorted(unique.values(), key=lambda item: int(item.key.rsplit("/", 1)[1]))


def fetch_history(
    session: requests.Session,
    channel_url: str,
    settings: Settings,
    *,
    since: datetime,
    max_pages: int = DEFAULT_MAX_PAGES,
    delay_s: float = DEFAULT_PAGE_DELAY_S,
    sleep: Callable[[float], None] = time.sleep,
) -> TelegramHistory:
    """Read a channel's preview from the newest page back to ``since`` (timezone-aware).

    Fetches ``channel_url``, then ``?before=<smallest post id on the page>`` until a page
    holds a post older than ``since``, a page has no older posts, or ``max_pages`` pages
    were fetched; waits ``delay_s`` seconds between pages. Never raises for a network or
    parse failure: the result's ``stopped``/``reason`` say where it ended and why."""
    if since.tzinfo is None:
        raise ValueError("since must be timezone-aware")
    history = TelegramHistory(channel_url=channel_url, since=since)
    before: int | None = None
    while True:
        if len(history.pages) >= max_pages:
            history.stopped = "page_cap"
            return history
        if history.pages and delay_s > 0:
            sleep(delay_s)
        url = page_url(channel_url, before)
        result = fetch(session, url, settings)
        page = HistoryPage(url=url, fetch=result)
        if result.status != "ok":
            history.stopped, history.reason = "failed", result.reason or result.status
            return history
        try:
            page.items = parse(result.body, url=url, content_type=result.content_type)
        except ParseError as exc:
            history.stopped, history.reason = "failed", str(exc)
            return history
        posts = page_posts(result.body, result.content_type)
        older = [(pid, at) for pid, at in posts if before is None or pid < before]
        if not older:
            history.stopped = "no_progress" if posts else "beginning"
            return history
        history.pages.append(page)
        page.oldest_id = min(pid for pid, _ in older)
        if any(at is not None and at < since for _, at in older):
            history.stopped = "reached_since"
            return history
        before = page.oldest_id
