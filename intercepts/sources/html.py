"""Article pages: one item per page, reduced to its title, time and body text.

The body is the text of the page's ``<article>`` (else ``<main>``, else an element
marked ``itemprop="articleBody"``, else ``<body>``), read paragraph by paragraph,
after removing what is not the story: ``nav``, ``header``, ``footer``, ``aside``,
``form``, ``figure``, scripts and styles, and share / related-links boxes.

* ``title``: ``og:title``, else the first ``<h1>``, else ``<title>``;
* ``published_at``: ``meta[property="article:published_time"]``, else the first
  ``time[datetime]`` in the article, else anywhere on the page; a time without a UTC
  offset is not trusted and gives None;
* ``key`` and ``url``: the canonical link (``link[rel=canonical]``, else ``og:url``),
  made absolute against the page URL; else the page URL;
* ``raw``: the whole page as served (decoded).

Raises :class:`ParseError` when the page has no readable body text.
"""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from intercepts.sources.base import Item, ParseError
from intercepts.sources.markup import decode_body, node_text, parse_timestamp

_NOT_THE_STORY = (
    "nav, header, footer, aside, form, figure, script, style, noscript, template, iframe, "
    "button, [role=navigation], [role=complementary], [aria-hidden=true], "
    ".share-tools, .share, .social, .related, .advert, .ad, .newsletter"
)
_CONTAINERS = ("article", "main", "[itemprop=articleBody]", "body")
_PARAGRAPHS = "p, h2, h3, h4, h5, h6, li, blockquote, pre"


def _meta(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get("content") if node is not None else None
    return value.strip() if value and value.strip() else None


def _title(tree: LexborHTMLParser) -> str | None:
    og = _meta(tree, 'meta[property="og:title"]')
    if og:
        return og
    for selector in ("article h1", "h1", "title"):
        node = tree.css_first(selector)
        if node is not None:
            text = node_text(node).replace("\n", " ").strip()
            if text:
                return text
    return None


def _published_at(tree: LexborHTMLParser):
    for selector in (
        'meta[property="article:published_time"]',
        'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]',
    ):
        moment = parse_timestamp(_meta(tree, selector))
        if moment:
            return moment
    for selector in ("article time[datetime]", "time[datetime]"):
        node = tree.css_first(selector)
        if node is not None:
            return parse_timestamp(node.attributes.get("datetime"))
    return None


def _canonical(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first('link[rel="canonical"]')
    href = node.attributes.get("href") if node is not None else None
    href = (href or _meta(tree, 'meta[property="og:url"]') or "").strip()
    return urljoin(url, href) if href else url


def _body_text(container: LexborNode) -> str:
    for node in container.css(_NOT_THE_STORY):
        node.decompose()
    paragraphs = []
    for node in container.css(_PARAGRAPHS):
        if node.tag == "li" and node.css_first("p") is not None:
            continue  # its paragraphs are read on their own
        if node.tag == "p" and any(parent.tag in {"li", "blockquote"} for parent in _parents(node)):
            continue
        text = node_text(node).strip()
        if text:
            paragraphs.append(text)
    if paragraphs:
        return "\n".join(paragraphs)
    return node_text(container)


def _parents(node: LexborNode):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def parse(body: bytes, *, url: str, content_type: str | None = None) -> list[Item]:
    """The page as one article item (a list of one, for the common parser signature)."""
    page = decode_body(body, content_type, markup="html")
    tree = LexborHTMLParser(page)
    title = _title(tree)
    published_at = _published_at(tree)
    canonical = _canonical(tree, url)
    text = ""
    for selector in _CONTAINERS:
        candidates = tree.css(selector)
        if not candidates:
            continue
        # Teaser cards are <article>s too: the story is the one with the most text.
        container = max(candidates, key=lambda node: len(node.text(strip=True)))
        text = _body_text(container)
        if text:
            break
    if not text:
        raise ParseError(f"{url}: no article text found (no paragraphs in article, main or body)")
    return [
        Item(
            key=canonical,
            url=canonical,
            title=title,
            published_at=published_at,
            raw=page,
            text=text,
        )
    ]
