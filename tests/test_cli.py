"""The `intercepts` command line: extract and eval on the corpus, and every command documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from intercepts.cli import app

ROOT = Path(__file__).parent.parent
SEED = Path(__file__).parent / "fixtures" / "seed_article.txt"


def seed_document() -> dict:
    text = SEED.read_text(encoding="utf-8")  # the seed article, as shared/corpus has it
    return {
        "doc_id": "seed",
        "text": text,
        "published_at": "2025-07-20T06:30:00+00:00",
        "publisher": "news outlet",
        "language": "en",
        "timezone": "Europe/Moscow",
    }


def test_extract_reads_json_lines_and_writes_claims():
    lines = json.dumps(seed_document()) + "\n" + "{not json\n"
    result = CliRunner().invoke(app, ["extract"], input=lines)
    assert result.exit_code == 0
    claims = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    claims = [c for c in claims if "claim_id" in c]
    kaluga = [c for c in claims if c["region_codes"] == ["RU-KLU"]]
    assert kaluga and kaluga[0]["count"] == 3 and kaluga[0]["night_ending"] == "2025-07-20"
    joint = [c for c in claims if c["scope"] == "regions"]
    assert [(c["region_codes"], c["count"]) for c in joint] == [(["RU-BRY", "UA-43"], 10)]
    assert all(c["extractor_version"] for c in claims)


def test_eval_prints_precision_recall_f1(tmp_path):
    annotated = dict(
        seed_document(),
        claims=[
            {
                "scope": "region",
                "region_codes": ["RU-KLU"],
                "count": 3,
                "night_ending": "2025-07-20",
            }
        ],
    )
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(annotated) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "F1" in result.stdout and "R=1.000" in result.stdout


COMMANDS = sorted(get_command(app).commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command):
    cli = get_command(app)
    assert cli.commands[command].help, command
    assert f"intercepts {command}" in (ROOT / "README.md").read_text(encoding="utf-8"), command


@pytest.mark.parametrize("command", [["build"], ["backfill", "--from", "2025-07-19"]])
def test_a_bad_setting_is_a_configuration_error_not_a_traceback(command, tmp_path, monkeypatch):
    monkeypatch.setenv("INTERCEPTS_EXTRACT_WORKERS", "lots")
    result = CliRunner().invoke(app, [*command, "--warehouse", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "INTERCEPTS_EXTRACT_WORKERS: expected 'auto'" in result.output
    assert not (tmp_path / "raw").exists()  # refused before anything was fetched or landed
