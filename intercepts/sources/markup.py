"""Shared by the parsers: bytes to text honouring the declared charset, HTML to plain text.

Both are pure and never raise on bad input: undecodable bytes become U+FFFD, and
an unknown charset name falls back to UTF-8.
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
# <meta charset="windows-1251"> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""")


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, or None."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_encoding(body: bytes, content_type: str | None, *, markup: str) -> tuple[str, int]:
    """The encoding to decode ``body`` with and the length of its BOM.

    Order of precedence, as browsers and RFC 7303 have it: a byte-order mark,
    then the HTTP charset, then the document's own declaration (``<meta charset>``
    for ``markup="html"``, the XML declaration for ``markup="xml"``), then UTF-8.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    declared = _known(charset_from_content_type(content_type))
    if declared:
        return declared, 0
    head = body[:4096]
    pattern = _META_CHARSET if markup == "html" else _XML_ENCODING
    match = pattern.search(head)
    in_document = _known(match.group(1).decode("ascii", "replace")) if match else None
    return in_document or "utf-8", 0


def decode_body(body: bytes, content_type: str | None = None, *, markup: str = "html") -> str:
    """``body`` as text; invalid bytes are replaced, never fatal."""
    encoding, bom_length = sniff_encoding(body, content_type, markup=markup)
    return body[bom_length:].decode(encoding, errors="replace")


# Elements whose content is never reader-visible text.
_INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
)
# Elements that start a new line in rendered text.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
    }
)  # fmt: skip
_PARAGRAPHS = frozenset({"p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _walk(node: LexborNode, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            # Source-code newlines inside a text node are just spaces to a reader.
            out.append(_SPACES.sub(" ", child.text_content or ""))
        elif tag == "br":
            out.append("\n")
        elif tag in _INVISIBLE or tag == "-comment":
            continue
        elif tag in _BLOCKS:
            gap = "\n\n" if tag in _PARAGRAPHS else "\n"
            out.append(gap)
            _walk(child, out)
            out.append(gap)
        else:
            _walk(child, out)


def node_text(node: LexborNode) -> str:
    """The plain text a reader sees in ``node``: ``<br>`` and block ends become
    line breaks, paragraphs are separated by one blank line, runs of spaces
    collapse, scripts and styles are dropped. Emoji drawn as ``<i class="emoji">``
    keep their character, which Telegram puts inside the markup."""
    out: list[str] = []
    _walk(node, out)
    lines = (line.strip(" ") for line in "".join(out).split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed description, a JSON Feed ``content_html``).

    Text that merely looks like markup or SQL after unescaping stays inert text."""
    if "<" not in fragment and "&" not in fragment:
        return node_text_of_plain(fragment)
    tree = LexborHTMLParser(f"<body>{fragment}</body>")
    return node_text(tree.body) if tree.body is not None else ""


def node_text_of_plain(text: str) -> str:
    """Plain text normalised the same way as :func:`node_text`, keeping its line breaks."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 / RFC 3339 timestamp as aware UTC; None when missing, unreadable,
    or without an offset (a wall-clock time in an unknown zone is not a time)."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)
