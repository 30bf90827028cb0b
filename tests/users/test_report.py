"""warehouse/report.html: numbers that match the marts, a drill-down behind every number,
feed text that never becomes markup, and a page that reads on a phone (headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser

import duckdb
import pyarrow as pa
import pytest

from intercepts import build
from intercepts.config import Source
from intercepts.pipeline import reference_tables
from intercepts.report import anchor, render_report, safe_href, write_report
from tests.warehouse.scenario import claim, land_doc, write_extractions


class Page(HTMLParser):
    """Every element with its attributes, the figure cells and the text of the page."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.cells: dict[tuple[str, str], str] = {}
        self.text: list[str] = []
        self._row = None
        self._cell = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "tr" and "data-region" in attrs:
            self._row = attrs["data-region"]
        if tag == "td" and "data-figure" in attrs:
            self._cell = (self._row, attrs["data-figure"])
            self.cells[self._cell] = ""

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell:
            self.cells[self._cell] += data.strip()

    def tags(self, name):
        return [a for t, a in self.elements if t == name]


@pytest.fixture(scope="module")
def demo_page(demo_db):
    return render_report(demo_db)


def test_run_wrote_the_report(demo_warehouse, demo_page):
    assert (demo_warehouse / "report.html").read_text(encoding="utf-8") == demo_page


def test_latest_night_numbers_match_the_mart(demo_db, demo_page):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        rows = con.execute(
            "SELECT region_code, federal_count, regional_count, foreign_count, media_only_count "
            "FROM fct_nightly_regional_intercepts WHERE weapon_class = 'drone' AND night_ending = "
            "(SELECT max(night_ending) FROM fct_nightly_regional_intercepts WHERE weapon_class = 'drone')"
        ).fetchall()
    finally:
        con.close()
    cells = Page(demo_page).cells
    assert {region for region, _ in cells} == {r[0] for r in rows}
    names = ("federal_count", "regional_count", "foreign_count", "media_only_count")
    for region, *counts in rows:
        for name, count in zip(names, counts, strict=True):
            shown = cells.get((region, name))
            if count is None:
                assert shown in (None, "–"), (region, name)  # no figure is a dash, never 0
            else:
                assert shown == str(count), (region, name)


def test_every_number_links_to_a_drilldown_with_its_quotes(demo_db, demo_page):
    page = Page(demo_page)
    targets = {a["href"][1:] for a in page.tags("a") if a.get("href", "").startswith("#d-")}
    assert targets and targets <= page.ids
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        facts = con.execute(
            "SELECT night_ending, region_code FROM fct_nightly_regional_intercepts "
            "WHERE weapon_class = 'drone'"
        ).fetchall()
        lineage = con.execute(
            "SELECT quote, url FROM fct_intercept_lineage WHERE weapon_class = 'drone'"
        ).fetchall()
        quotes = [r[0] for r in lineage]
        urls = {r[1] for r in lineage}
    finally:
        con.close()
    assert {anchor(n, r) for n, r in facts} <= {d["id"] for d in page.tags("details")}
    text = " ".join(" ".join(page.text).split())
    assert all(" ".join(q.split()) in text for q in quotes)
    assert urls <= {a["href"] for a in page.tags("a")}


def test_conflicts_are_highlighted_with_who_said_what(seed_warehouse):
    page = Page(render_report(seed_warehouse / "intercepts.duckdb"))
    disputed = [a for a in page.tags("tr") if "conflict" in (a.get("class") or "").split()]
    assert [a["data-region"] for a in disputed] == ["RU-BRY"]
    text = " ".join(page.text)
    assert "Governor of Bryansk Region" in text and "disputed" in text


def test_chart_is_inline_svg_with_a_bar_per_night_and_region(demo_db, demo_page):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        n = con.execute(
            "SELECT count(*) FROM fct_nightly_regional_intercepts "
            "WHERE primary_count > 0 AND weapon_class = 'drone'"
        ).fetchone()[0]
    finally:
        con.close()
    page = Page(demo_page)
    assert len(page.tags("svg")) == 1 and len(page.tags("rect")) == n


def test_page_is_self_contained(demo_page):
    page = Page(demo_page)
    assert not page.tags("link") and not page.tags("img") and not page.tags("iframe")
    assert all("src" not in a for a in page.tags("script"))
    assert not re.search(r"""(src|href)=["']//|url\(|@import""", demo_page)
    assert any(a.get("name") == "viewport" for a in page.tags("meta"))


HOSTILE_QUOTE = "<img src=x onerror=alert(1)> 31 – над территорией Брянской области"
HOSTILE_CLAIMANT = "<script>alert('claimant')</script>"
HOSTILE_PUBLISHER = '"><svg onload=alert(2)>'


@pytest.fixture
def hostile_warehouse(tmp_path):
    """A post whose text, claimant, publisher and region name are all markup."""
    t0 = datetime(2025, 7, 20, 4, 0, tzinfo=UTC)
    src = Source(
        id="evil",
        kind="telegram",
        url="http://127.0.0.1/evil",
        publisher=HOSTILE_PUBLISHER,
        claimant_kind="official_federal",
        language="ru",
        timezone="Europe/Moscow",
    )
    version = land_doc(tmp_path, src, "evil/1", HOSTILE_QUOTE, t0, t0)
    write_extractions(
        tmp_path,
        {
            version: [
                claim(
                    version,
                    HOSTILE_QUOTE,
                    HOSTILE_QUOTE,
                    codes=["RU-BRY"],
                    count=31,
                    claimant=HOSTILE_CLAIMANT,
                )
            ]
        },
    )
    regions = pa.Table.from_pylist(
        [
            {
                "code": "RU-BRY",
                "name_en": "<b onmouseover=alert(3)>Bryansk</b>",
                "name_ru": None,
                "name_uk": None,
                "country": "RU",
                "kind": "region",
            }
        ],
        schema=reference_tables([], with_regions=False)["src_regions"].schema,
    )
    build.build(
        tmp_path,
        {
            "src_regions": regions,
            "src_sources": reference_tables([src], with_regions=False)["src_sources"],
        },
    )
    return tmp_path


def test_feed_text_is_escaped_never_markup(hostile_warehouse):
    html = render_report(hostile_warehouse / "intercepts.duckdb")
    page = Page(html)
    assert [t for t, _ in page.elements].count("script") == 1  # ours
    assert not page.tags("img") and len(page.tags("svg")) == 1
    assert not [a for _, a in page.elements if any(k.startswith("on") for k in a)]
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;" in html
    text = "".join(page.text)
    assert HOSTILE_CLAIMANT in text and HOSTILE_PUBLISHER in text  # shown as text


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://t.me/mod_russia/1", "https://t.me/mod_russia/1"),
        ("https://x.example/?a=1&b=<2>", "https://x.example/?a=1&amp;b=&lt;2&gt;"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>1</script>", None),
        (None, None),
    ],
)
def test_only_http_links_become_links(url, href):
    assert safe_href(url) == href


def test_report_is_written_atomically(seed_warehouse):
    out = write_report(seed_warehouse / "intercepts.duckdb")
    assert out.name == "report.html" and out.read_text(encoding="utf-8").startswith(
        "<!doctype html>"
    )
    assert not list(seed_warehouse.glob(".report.html*"))


CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)


# Headless Chromium lays a page out at least 500 px wide whatever --window-size says; a
# 390 px iframe gives the report a phone's viewport. The report copy tells the frame how
# wide its content is (postMessage: file:// frames cannot read each other).
PHONE = """<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}
iframe{border:0;width:390px;height:844px;display:block}</style></head><body><iframe src="report.html"></iframe>
<script>addEventListener("message", function (e) { document.title = "W" + e.data })</script></body></html>"""
PROBE = '<script>parent.postMessage(document.documentElement.scrollWidth + "/" + innerWidth, "*")</script></body>'


def chromium(tmp_path, *args):
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
        "--window-size=390,844",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args], check=True, capture_output=True, timeout=120, text=True
    ).stdout


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)
def test_report_renders_on_a_phone_in_headless_chromium(demo_warehouse, tmp_path):
    """Screenshot at 390x844 (kept as phone.png in the test's tmp folder) and the page's
    width: nothing may force a phone to scroll sideways."""
    html = (demo_warehouse / "report.html").read_text(encoding="utf-8")
    (tmp_path / "report.html").write_text(html.replace("</body>", PROBE), encoding="utf-8")
    phone = tmp_path / "phone.html"
    phone.write_text(PHONE, encoding="utf-8")
    shot = tmp_path / "phone.png"
    chromium(tmp_path, f"--screenshot={shot}", phone.as_uri())
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (390, 844)
    assert len(png) > 20_000  # a rendered page, not a blank one
    dom = chromium(tmp_path, "--dump-dom", phone.as_uri())
    content_width, viewport = map(int, re.search(r"<title>W(\d+)/(\d+)</title>", dom).groups())
    assert viewport == 390
    assert content_width <= viewport
