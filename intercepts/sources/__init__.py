"""Source kinds: one module per kind, each a pure ``parse(body, *, url, content_type)``.

``PARSERS`` maps the ``kind`` of a ``[[source]]`` table in the sources file to its parser.
"""

from __future__ import annotations

from collections.abc import Callable

from intercepts.sources import feeds, html, jsonfeed, telegram
from intercepts.sources.base import Item, ParseError

Parser = Callable[..., list[Item]]

PARSERS: dict[str, Parser] = {
    "telegram": telegram.parse,
    "rss": feeds.parse,
    "atom": feeds.parse,  # feedparser reads both; the kind only documents what to expect
    "html": html.parse,
    "json": jsonfeed.parse,
}


def parse(kind: str, body: bytes, *, url: str, content_type: str | None = None) -> list[Item]:
    """The items in ``body`` fetched from ``url``, read as a source of ``kind``.

    Raises :class:`ParseError` for an unknown kind or a body that is not that kind."""
    try:
        parser = PARSERS[kind]
    except KeyError:
        raise ParseError(
            f"unknown source kind {kind!r}; known: {', '.join(sorted(PARSERS))}"
        ) from None
    return parser(body, url=url, content_type=content_type)


__all__ = ["PARSERS", "Item", "ParseError", "parse"]
