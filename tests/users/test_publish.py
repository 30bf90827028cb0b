"""What a run leaves for people: readable log lines, the Prefect artifacts (a markdown
summary and the latest night's table) and the run summary's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from intercepts import build
from intercepts.pipeline import RunSummary
from intercepts.publish import FIGURES_KEY, SUMMARY_KEY, night_figures, summary_markdown

SAMPLE_SOURCE_IDS = {
    "mod_russia",
    "kaluga_governor",
    "kpszsu",
    "tass_en",
    "openwire_kaluga",
    "okskie_vesti",
}


def log_lines(demo_cli_run):
    return demo_cli_run[1].stderr.splitlines()


def test_one_line_per_source_and_stage_with_counts_and_durations(demo_cli_run):
    lines = log_lines(demo_cli_run)
    per_source = [
        line
        for line in lines
        if re.match(r"^\d\d:\d\d:\d\d [a-z0-9_-]+: (ok|failed|not_modified|partial) — ", line)
    ]
    assert {line.split()[1].rstrip(":") for line in per_source} == SAMPLE_SOURCE_IDS
    assert len(per_source) == 3 * len(SAMPLE_SOURCE_IDS)  # the demo replays three mornings
    for stage in ("extract", "build", "publish"):
        [line] = [x for x in lines if re.match(rf"^\d\d:\d\d:\d\d {stage}: ", x)]
        assert re.search(r"\(\d+\.\ds\)$", line), line
    assert all(
        re.search(r"\d+ items, \d+ new, \d+ unchanged \(\d+\.\ds\)", line) for line in per_source
    )


def test_nothing_noisy_from_prefect(demo_cli_run):
    text = demo_cli_run[1].stderr
    assert (
        "| INFO" not in text and "Created task run" not in text and "Finished in state" not in text
    )
    assert not [line for line in log_lines(demo_cli_run) if not re.match(r"^\d\d:\d\d:\d\d ", line)]


def test_run_ends_with_where_the_report_is(demo_cli_run):
    warehouse, result = demo_cli_run
    assert f"report: {(warehouse / 'report.html').resolve().as_uri()}" in " ".join(
        result.stdout.split()
    )


def _artifacts(key):
    with get_client(sync_client=True) as client:
        return client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )


def test_run_published_its_summary_and_figures_as_prefect_artifacts(demo_cli_run):
    [summary] = [a for a in _artifacts(SUMMARY_KEY) if str(demo_cli_run[0]) in (a.data or "")]
    assert summary.type == "markdown" and summary.flow_run_id is not None
    for word in ("**Sources**", "**Documents**", "**Claims**", "**Conflicts**", "**Data tests**"):
        assert word in summary.data
    tables = [a for a in _artifacts(FIGURES_KEY) if a.flow_run_id == summary.flow_run_id]
    assert len(tables) == 1 and tables[0].type == "table"
    assert "RU-BRY" in str(tables[0].data) and "2025-07-20" in str(tables[0].data)


def test_night_figures_are_the_latest_night(demo_db):
    rows = night_figures(demo_db)
    assert {r["night"] for r in rows} == {"2025-07-20"}
    assert rows[0]["region_code"] == "RU-BRY" and rows[0]["intercepted"] == 31
    assert night_figures(Path("/nonexistent/intercepts.duckdb")) == []


@pytest.fixture
def summary():
    return RunSummary(
        run_id="r1",
        warehouse=Path("wh"),
        sources=[
            {
                "source_id": "mod_russia",
                "status": "ok",
                "items_found": 5,
                "new_versions": 2,
                "unchanged": 3,
                "reason": None,
                "elapsed_s": 0.25,
            },
            {
                "source_id": "evil",
                "status": "failed",
                "items_found": 0,
                "new_versions": 0,
                "unchanged": 0,
                "reason": "HTTP 500 <script>x</script> | y",
                "elapsed_s": 1.0,
            },
        ],
        extraction={"versions": 2, "claims": 7, "rejects": 1, "errors": 0},
        build={
            "tests": [
                build.TestResult("m", "t1", "error", 0, []),
                build.TestResult("m", "conflicts", "warn", 2, []),
            ],
            "warnings": [build.TestResult("m", "conflicts", "warn", 2, [])],
        },
    )


def test_summary_markdown_counts(summary):
    text = summary_markdown(summary, conflicts=(2, 1))
    assert "**Sources**: 2 (1 answered, 1 failed: evil)" in text
    assert "**Documents**: 5 fetched, 2 new versions, 3 unchanged" in text
    assert (
        "**Claims**: 7 extracted from 2 new versions (1 rejected to quarantine, 0 extractor errors)"
        in text
    )
    assert "**Conflicts**: 2 disputed night-region figures, 1 in the latest night" in text
    assert "**Data tests**: 1/2 passed, 1 warning(s)" in text


def test_summary_markdown_escapes_what_servers_say(summary):
    text = summary_markdown(summary)
    assert "<script>" not in text and "&lt;script&gt;" in text
    row = next(line for line in text.splitlines() if line.startswith("| evil"))
    assert row.count(" | ") == 6  # the pipe in the reason does not open a column
