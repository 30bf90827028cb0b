"""Whatever a server sends, a parser returns items or raises ParseError — nothing else."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercepts.sources import PARSERS, Item, ParseError

FRAGMENTS = [
    b'<?xml version="1.0" encoding="windows-1251"?>',
    b"<rss><channel><item><title>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
    b"</item></channel></rss>",
    b'<section class="tgme_channel_history">',
    b'<div class="tgme_widget_message" data-post="mod_russia/1">',
    b'<div class="tgme_widget_message_text">',
    b"<article><p>",
    b'{"items": [{"id": ',
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "над территорией Брянской области".encode("cp1251"),
    "▪️ 31 –".encode(),
    b"&amp;&#0;&#xD800;",
]

bodies = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=8), max_size=12).map(b"".join),
)


@pytest.mark.parametrize("kind", sorted(PARSERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=bodies,
    content_type=st.sampled_from([None, "text/html; charset=koi8-r", "x; charset=nonsense"]),
)
def test_items_or_parse_error(kind, body, content_type):
    try:
        items = PARSERS[kind](body, url="http://127.0.0.1/x", content_type=content_type)
    except ParseError:
        return
    assert isinstance(items, list)
    assert all(isinstance(item, Item) and item.key for item in items)
