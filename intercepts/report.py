"""The nightly report: one self-contained HTML page a person would rather read than a table.

``warehouse/report.html``, written after each successful build, holds:

- a stacked bar chart (inline SVG, drawn here) of the headline drone figure per night and
  region;
- the latest night's drone figures side by side (ministry, regional official, foreign
  official, media only, low-high), disputed rows highlighted with who said what, and a line
  naming the other weapon classes claimed over regions that night (guided bombs, missiles);
- for every figure, a drill-down (``#d-<night>-<region>``) to the quotes, publishers and
  links behind it, from ``fct_intercept_lineage``.

No network: CSS and the few lines of script are inline, links to the sources are plain
anchors. Everything read from the feeds (quotes, names, URLs, conflict details) passes
through :func:`html.escape`, and only ``http(s)`` URLs become links: a hostile post can put
text on the page, never markup.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

REPORT_NAME = "report.html"
CHART_NIGHTS = 60  # the chart and the drill-downs cover the most recent nights
CHART_REGIONS = 8  # regions with a colour of their own; the rest are "other regions"
CHARTED_CLASS = "drone"  # the weapon class the chart, the table and the drill-downs show
CLASS_NAMES = {  # weapon_class -> words for the line about the other classes
    "drone": "drones",
    "decoy": "decoy drones",
    "cruise_missile": "cruise missiles",
    "ballistic_missile": "ballistic missiles",
    "anti_ship_missile": "anti-ship missiles",
    "guided_bomb": "guided bombs",
    "mlrs_rocket": "MLRS rockets",
    "aircraft": "aircraft",
    "aerial_target": "aerial targets (type not stated)",
    "missile": "missiles (type not stated)",
    "naval_drone": "naval drones",
}
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")
OTHER_COLOUR = "#9e9e9e"
FIGURES = (  # column in the mart, heading in the table
    ("federal_count", "Ministry"),
    ("regional_count", "Regional official"),
    ("foreign_count", "Foreign official"),
    ("media_only_count", "Media only"),
)


def esc(value) -> str:
    """Text for HTML content or a quoted attribute; None is the empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


def safe_href(url: str | None) -> str | None:
    """``url`` escaped for an href when it is http(s); None otherwise (``javascript:``,
    ``data:`` and the like never become links)."""
    if not url or not re.match(r"^https?://", url.strip(), re.I):
        return None
    return esc(url.strip())


def anchor(night, region_code: str) -> str:
    """The drill-down id of one night and region: letters, digits and dashes only."""
    return "d-" + re.sub(r"[^A-Za-z0-9-]", "_", f"{night}-{region_code}")


@dataclass
class Figure:
    night: str
    region_code: str
    region: str
    counts: dict
    claimants: dict
    primary_count: int | None
    primary_kind: str | None
    low: int | None
    high: int | None
    has_conflict: bool
    conflict_details: list[str]
    n_documents: int
    evidence: list[dict] = field(default_factory=list)


def load_figures(
    db: Path, nights: int = CHART_NIGHTS, weapon_class: str = CHARTED_CLASS
) -> list[Figure]:
    """The nightly regional figures of one weapon class for the most recent ``nights``
    nights, each with the lineage rows behind it, ordered by night and region."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        rows = con.execute(
            """
            WITH recent AS (
                SELECT DISTINCT night_ending FROM fct_nightly_regional_intercepts
                WHERE weapon_class = ?
                ORDER BY night_ending DESC LIMIT ?
            )
            SELECT strftime(night_ending, '%Y-%m-%d'), region_code, coalesce(region_name_en, region_code),
                   federal_count, regional_count, foreign_count, media_only_count,
                   federal_claimant, regional_claimant, foreign_claimant,
                   primary_count, primary_figure_kind, low_count, high_count,
                   has_conflict, conflict_details, n_supporting_documents
            FROM fct_nightly_regional_intercepts JOIN recent USING (night_ending)
            WHERE weapon_class = ?
            ORDER BY night_ending, region_code
            """,
            [weapon_class, nights, weapon_class],
        ).fetchall()
        figures = {}
        for r in rows:
            figures[(r[0], r[1])] = Figure(
                night=r[0],
                region_code=r[1],
                region=r[2],
                counts={
                    "federal_count": r[3],
                    "regional_count": r[4],
                    "foreign_count": r[5],
                    "media_only_count": r[6],
                },
                claimants={"federal_count": r[7], "regional_count": r[8], "foreign_count": r[9]},
                primary_count=r[10],
                primary_kind=r[11],
                low=r[12],
                high=r[13],
                has_conflict=bool(r[14]),
                conflict_details=list(r[15] or []),
                n_documents=r[16],
            )
        lineage = con.execute(
            """
            SELECT strftime(night_ending, '%Y-%m-%d'), region_code, role, claimant, claimant_kind, count, quote,
                   publisher, url, strftime(published_at, '%Y-%m-%d %H:%M'), strftime(fetched_at, '%Y-%m-%d %H:%M'),
                   strftime(window_start, '%Y-%m-%d %H:%M'), strftime(window_end, '%Y-%m-%d %H:%M'), claim_id
            FROM fct_intercept_lineage
            WHERE night_ending >= CAST(? AS DATE) AND weapon_class = ?
            ORDER BY night_ending, region_code, role DESC, claimant, published_at, claim_id
            """,
            [min((f.night for f in figures.values()), default="9999-12-31"), weapon_class],
        ).fetchall()
    finally:
        con.close()
    keys = (
        "role",
        "claimant",
        "claimant_kind",
        "count",
        "quote",
        "publisher",
        "url",
        "published_at",
        "fetched_at",
        "window_start",
        "window_end",
        "claim_id",
    )
    for r in lineage:
        figure = figures.get((r[0], r[1]))
        if figure is not None:
            figure.evidence.append(dict(zip(keys, r[2:], strict=True)))
    return list(figures.values())


def other_classes(db: Path, night: str | None) -> list[tuple[str, int | None, list[str]]]:
    """The weapon classes besides the charted one claimed over regions on ``night``: (class,
    the sum of their headline figures, the regions), by class."""
    if night is None:
        return []
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            """
            SELECT weapon_class, sum(primary_count)::BIGINT,
                   list(coalesce(region_name_en, region_code) ORDER BY region_code)
            FROM fct_nightly_regional_intercepts
            WHERE night_ending = CAST(? AS DATE) AND weapon_class <> ?
            GROUP BY weapon_class ORDER BY weapon_class
            """,
            [night, CHARTED_CLASS],
        ).fetchall()
    finally:
        con.close()


def latest_revisions(db: Path, limit: int = 100) -> tuple[int, list[tuple]]:
    """(how many figures the build in ``db`` revised, the first ``limit`` of them as
    (night, region, weapon class, figure, before, after, cause)), from fct_figure_revisions;
    (0, []) for a warehouse built before the table existed."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """
            SELECT strftime(r.night_ending, '%Y-%m-%d'), coalesce(g.name_en, r.region_code),
                   r.weapon_class, r.figure, r.value_before, r.value_after, r.cause,
                   count(*) OVER () AS n
            FROM fct_figure_revisions r LEFT JOIN dim_region g USING (region_code)
            WHERE r.first_seen_at = (SELECT max(built_at) FROM meta_built_at)
            ORDER BY r.night_ending DESC, r.region_code, r.weapon_class, r.figure LIMIT ?
            """,
            [limit],
        ).fetchall()
        n = rows[0][-1] if rows else 0
        rows = [r[:-1] for r in rows]
        return n, rows
    except duckdb.CatalogException:
        return 0, []
    finally:
        con.close()


def revisions_note(n: int, rows: list[tuple]) -> str:
    """The line saying how many figures this build revised, with the list: what changed in
    figures already published (an edit, a deletion, a late post, a new extractor version)."""
    if not n:
        return '<p class="note revisions">No published figure revised by this build.</p>'
    heading = {fig: name for fig, name in FIGURES}
    items = "".join(
        f"<li>{esc(night)} {esc(region)} {esc(CLASS_NAMES.get(cls, cls))}, "
        f"{esc(heading.get(figure, figure))}: {'none' if before is None else before} → "
        f"{'none' if after is None else after}{f' ({esc(cause)})' if cause else ''}</li>"
        for night, region, cls, figure, before, after, cause in rows
    )
    more = f"<li>… and {n - len(rows)} more (fct_figure_revisions)</li>" if n > len(rows) else ""
    return (
        f'<details class="revisions"><summary>{n} figure{"s" if n != 1 else ""} revised '
        f"by this build</summary><ul>{items}{more}</ul></details>"
    )


def others_note(others: list[tuple[str, int | None, list[str]]]) -> str:
    """One line naming what else was claimed that night (not in the chart or the table)."""
    if not others:
        return ""
    items = "; ".join(
        f"{esc(CLASS_NAMES.get(cls, cls))} {'withheld' if total is None else total} "
        f"({esc(', '.join(regions))})"
        for cls, total, regions in others
    )
    return f'<p class="note others">Also claimed over regions that night, not counted above: {items}.</p>'


# ── the chart ──────────────────────────────────────────────────────────────────────────────
def chart_svg(figures: list[Figure]) -> str:
    """Stacked bars: one bar per night, one segment per region (its headline figure); every
    segment links to its drill-down and names itself in a tooltip."""
    nights = sorted({f.night for f in figures})
    if not nights:
        return '<p class="empty">No nightly figures yet.</p>'
    totals_by_region: dict[str, int] = defaultdict(int)
    names = {}
    for f in figures:
        totals_by_region[f.region_code] += f.primary_count or 0
        names[f.region_code] = f.region
    ranked = sorted(totals_by_region, key=lambda code: (-totals_by_region[code], code))
    coloured = ranked[:CHART_REGIONS]
    colour = {code: PALETTE[n] for n, code in enumerate(coloured)}
    night_totals = defaultdict(int)
    for f in figures:
        night_totals[f.night] += f.primary_count or 0
    top = max(max(night_totals.values()), 1)
    step = _nice_step(top)
    y_max = step * -(-top // step)
    width, height, left, right, top_pad, bottom = 480, 260, 34, 6, 10, 30
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    slot = plot_w / len(nights)
    bar = max(min(slot * 0.7, 48), 1.0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Drone interceptions claimed per night, by region (headline figure)</title>',
    ]
    for tick in range(0, y_max + 1, step):
        y = top_pad + plot_h - plot_h * tick / y_max
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, -(-len(nights) // 8))
    by_night = defaultdict(list)
    for f in figures:
        by_night[f.night].append(f)
    for n, night in enumerate(nights):
        x = left + slot * n + (slot - bar) / 2
        y = top_pad + plot_h
        stack = sorted(by_night[night], key=lambda f: (ranked.index(f.region_code), f.region_code))
        for f in stack:
            if not f.primary_count:
                continue
            h = plot_h * f.primary_count / y_max
            y -= h
            fill = colour.get(f.region_code, OTHER_COLOUR)
            label = (
                f"{f.region}, night ending {f.night}: {f.primary_count} ({f.primary_kind} figure)"
            )
            parts.append(
                f'<a href="#{anchor(f.night, f.region_code)}"><rect x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}" fill="{fill}"><title>{esc(label)}</title></rect></a>'
            )
        if n % label_every == 0 or n == len(nights) - 1:
            parts.append(
                f'<text class="tick" x="{x + bar / 2:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle">{esc(night[5:])}</text>'
            )
    parts.append("</svg>")
    legend = ['<ul class="legend">']
    for code in coloured:
        legend.append(
            f'<li><span class="swatch" style="background:{colour[code]}"></span>{esc(names[code])}</li>'
        )
    if len(ranked) > len(coloured):
        legend.append(
            f'<li><span class="swatch" style="background:{OTHER_COLOUR}"></span>other regions</li>'
        )
    legend.append("</ul>")
    return "".join(parts) + "".join(legend)


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 6:
            return step
    return 10000


# ── the latest night ───────────────────────────────────────────────────────────────────────
def latest_table(figures: list[Figure]) -> str:
    if not figures:
        return '<p class="empty">No nightly figures yet.</p>'
    night = max(f.night for f in figures)
    rows = sorted(
        (f for f in figures if f.night == night),
        key=lambda f: (-(f.primary_count or 0), f.region_code),
    )
    # a kind of figure nobody gave that night gets no column (narrow screens need the room)
    shown = [(c, h) for c, h in FIGURES if any(f.counts[c] is not None for f in rows)]
    head = "".join(f"<th>{esc(h)}</th>" for _, h in shown)
    out = [
        f'<h2 id="latest">Night ending {esc(night)}</h2>',
        '<div class="scroll"><table class="figures"><thead><tr><th>Region</th>'
        f"{head}<th>Range</th><th>Docs</th></tr></thead><tbody>",
    ]
    for f in rows:
        target = anchor(f.night, f.region_code)
        cls = ' class="conflict"' if f.has_conflict else ""
        badge = ' <span class="badge">disputed</span>' if f.has_conflict else ""
        cells = []
        for column, _ in shown:
            value = f.counts[column]
            if value is None:
                cells.append(f'<td class="num none" data-figure="{column}">–</td>')
            else:
                who = f.claimants.get(column)
                title = f' title="{esc(who)}"' if who else ""
                strong = " primary" if column.startswith(f.primary_kind or "-") else ""
                cells.append(
                    f'<td class="num{strong}" data-figure="{column}"><a href="#{target}"{title}>{value}</a></td>'
                )
        spread = "" if f.low is None else (str(f.low) if f.low == f.high else f"{f.low}–{f.high}")
        out.append(
            f'<tr{cls} data-region="{esc(f.region_code)}"><th scope="row"><a href="#{target}">{esc(f.region)}</a>'
            f'{badge}</th>{"".join(cells)}<td class="num">{spread}</td>'
            f'<td class="num"><a href="#{target}">{f.n_documents}</a></td></tr>'
        )
        if f.has_conflict:
            details = "".join(f"<li>{esc(d)}</li>" for d in f.conflict_details)
            out.append(
                f'<tr class="conflict-details"><td colspan="{len(shown) + 3}"><ul>{details}</ul></td></tr>'
            )
    out.append("</tbody></table></div>")
    out.append(
        '<p class="note">Bold: the headline figure (ministry, else regional official, else foreign '
        "official, else media). A dash: no figure given, which is not zero. Tap a number for its sources.</p>"
    )
    return "".join(out)


# ── the drill-downs ────────────────────────────────────────────────────────────────────────
def drilldowns(figures: list[Figure]) -> str:
    out = ['<h2 id="sources">Behind every number</h2>']
    newest_first = sorted(
        sorted(figures, key=lambda f: f.region_code), key=lambda f: f.night, reverse=True
    )
    for f in newest_first:
        summary = ", ".join(
            f"{h.lower()} {f.counts[c]}" for c, h in FIGURES if f.counts[c] is not None
        )
        flag = ' <span class="badge">disputed</span>' if f.has_conflict else ""
        out.append(
            f'<details id="{anchor(f.night, f.region_code)}"{" class=conflict" if f.has_conflict else ""}>'
            f"<summary><b>{esc(f.region)}</b> · night ending {esc(f.night)} · {esc(summary or 'no figure')}"
            f'{flag}</summary><ol class="evidence">'
        )
        for e in f.evidence:
            href = safe_href(e["url"])
            link = (
                f'<a href="{href}" rel="noopener noreferrer nofollow">{esc(e["url"])}</a>'
                if href
                else f'<span class="url">{esc(e["url"])}</span>'
            )
            count = "withheld" if e["count"] is None else e["count"]
            window = (
                f" · window {esc(e['window_start'])}–{esc(e['window_end'])} UTC"
                if e["window_start"]
                else ""
            )
            joint = " · one count over several regions" if e["role"] == "joint" else ""
            out.append(
                f'<li><div class="claim"><b>{esc(e["claimant"])}</b>: <span class="count">{esc(count)}</span>'
                f"{joint}</div><blockquote>{esc(e['quote'])}</blockquote>"
                f'<div class="meta">published by {esc(e["publisher"])} · {esc(e["published_at"])} UTC · '
                f"fetched {esc(e['fetched_at'])} UTC{window}<br>{link}</div></li>"
            )
        out.append("</ol></details>")
    return "".join(out)


CSS = """
:root{--fg:#1b1b1b;--muted:#666;--line:#ddd;--warn:#fff3cd;--warn-edge:#e0a800}
*{box-sizing:border-box}
body{margin:0 auto;max-width:960px;padding:12px;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
h1{font-size:1.35rem;margin:.2em 0}h2{font-size:1.15rem;margin:1.4em 0 .5em}
a{color:#0b57d0}
.lede{color:var(--muted);margin:.2em 0 1em}
.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:var(--line);stroke-width:1}.chart .tick{font-size:13px;fill:var(--muted)}
.chart rect:hover{opacity:.75}
.legend{list-style:none;padding:0;margin:.4em 0;display:flex;flex-wrap:wrap;gap:.3em 1em;font-size:.85rem}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.35em;border-radius:2px;vertical-align:-.05em}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{padding:.45em .5em;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{font-size:.8rem;color:var(--muted);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.primary{font-weight:700}td.none{color:#aaa}
tr.conflict>*{background:var(--warn)}tr.conflict>th{border-left:4px solid var(--warn-edge)}
tr.conflict-details td{background:var(--warn);font-size:.85rem;padding-top:0}
tr.conflict-details ul{margin:0;padding-left:1.2em}
.badge{display:inline-block;font-size:.7rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;background:var(--warn-edge);color:#000;border-radius:3px;padding:0 .35em;margin-left:.3em}
details{border:1px solid var(--line);border-radius:6px;margin:.5em 0;padding:.3em .7em}
details.conflict{border-color:var(--warn-edge)}
details:target{outline:3px solid #0b57d0}
summary{cursor:pointer;padding:.2em 0}
.evidence{padding-left:1.2em;margin:.4em 0}.evidence li{margin:.6em 0}
blockquote{margin:.3em 0;padding:.2em .6em;border-left:3px solid var(--line);color:#333;overflow-wrap:anywhere}
.meta{font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}
.note,.empty,footer{font-size:.85rem;color:var(--muted)}
@media (max-width:600px){body{padding:8px;font-size:15px}th,td{padding:.35em .3em}thead th{font-size:.72rem}}
"""

# Opening the drill-down a link points to (details elements stay closed otherwise).
SCRIPT = """
function openTarget(){var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);
if(el&&el.tagName==='DETAILS'){el.open=true;}}
window.addEventListener('hashchange',openTarget);openTarget();
"""


def render_report(db: Path, nights: int = CHART_NIGHTS) -> str:
    """The whole page as a string (deterministic for a given warehouse)."""
    figures = load_figures(db, nights)
    latest = max((f.night for f in figures), default=None)
    others = other_classes(db, latest)
    lede = (
        "Claims, not truth: each figure is what a ministry, governor or outlet says. "
        "Conflicting figures stay side by side; a missing figure is not zero."
    )
    title = f"Interception claims, night ending {latest}" if latest else "Interception claims"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{esc(title)}</h1><p class="lede">{esc(lede)}</p></header>'
        f'<section><h2 id="chart">Drones per night, by region</h2>{chart_svg(figures)}</section>'
        f"<section>{latest_table(figures)}{others_note(others)}"
        f"{revisions_note(*latest_revisions(db))}</section>"
        f"<section>{drilldowns(figures)}</section>"
        f"<footer>From {esc(db.name)}: fct_nightly_regional_intercepts and fct_intercept_lineage "
        f"(weapon_class = '{CHARTED_CLASS}'), "
        f"the last {len({f.night for f in figures})} night(s). Times UTC.</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def write_report(db: Path, output: Path | None = None) -> Path:
    """Write the report beside the warehouse (``report.html``), atomically."""
    output = output or db.parent / REPORT_NAME
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    tmp.write_text(render_report(db), encoding="utf-8")
    os.replace(tmp, output)
    return output
