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

* a post with text (or a captioned photo/video) becomes one item; ``key`` is the
  ``data-post`` value ``channel/id`` and ``url`` the permalink ``https://t.me/channel/id``,
  both independent of the page the post was found on (a ``?before=`` page, a mirror);
* a post with only a photo, video, sticker or file carries no statement and yields
  **no item** (there is nothing to extract, and landing an empty document would only
  add noise to the document counts);
* a service post (``service_message``: "Channel photo updated", a pin) yields no item;
* a forwarded post is kept, with ``forwarded_from`` naming the original channel, because
  the claim in it belongs to that channel and not to the one that forwarded it;
* the text of a quoted reply (``tgme_widget_message_reply``) is not part of the post's text.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from intercepts.sources.base import Item, ParseError
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


def parse(body: bytes, *, url: str, content_type: str | None = None) -> list[Item]:
    """The posts with text on a channel preview page, oldest first as the page lists them.

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
        if not text:
            continue  # photo-, video- or sticker-only post: no statement to land
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
            )
        )
    return items
