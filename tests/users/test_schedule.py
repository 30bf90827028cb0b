"""`intercepts serve` and prefect.yaml: the nightly flow on a Moscow-time cron schedule.
Nothing here starts a runner: the deployment objects and the file are checked as built."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import yaml
from prefect import Flow
from typer.testing import CliRunner

from intercepts import schedule
from intercepts.cli import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("day_bulletins", "cron"), [(False, "30 8 * * *"), (True, "30 8,14,20 * * *")]
)
def test_deployment_runs_the_nightly_flow_on_moscow_time(tmp_path, day_bulletins, cron):
    deployment = schedule.build_deployment(
        tmp_path / "sources.toml", tmp_path / "wh", day_bulletins=day_bulletins
    )
    assert deployment.entrypoint == schedule.FLOW_ENTRYPOINT
    [entry] = deployment.schedules
    assert (entry.schedule.cron, entry.schedule.timezone) == (cron, "Europe/Moscow")
    assert entry.active


def test_deployment_parameters_are_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deployment = schedule.build_deployment("sources.toml", "wh")
    assert deployment.parameters == {
        "sources_file": str(tmp_path / "sources.toml"),
        "warehouse": str(tmp_path / "wh"),
    }


def test_morning_run_comes_after_the_morning_bulletin():
    minute, hour, *_ = schedule.MORNING_CRON.split()
    assert (int(hour), int(minute)) >= (8, 0)


def _flow(entrypoint: str) -> Flow:
    path, name = entrypoint.split(":")
    assert (ROOT / path).is_file(), path
    return getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)


def test_prefect_yaml_names_the_flow_and_the_schedules_of_serve():
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in config["deployments"]}
    assert set(deployments) == {"nightly", "nightly-day-bulletins"}
    expected = {
        "nightly": schedule.MORNING_CRON,
        "nightly-day-bulletins": schedule.DAY_BULLETINS_CRON,
    }
    for name, deployment in deployments.items():
        assert deployment["entrypoint"] == schedule.FLOW_ENTRYPOINT
        flow = _flow(deployment["entrypoint"])
        assert isinstance(flow, Flow) and flow.name == "intercepts-nightly"
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment["parameters"]) <= accepted
        assert (ROOT / deployment["parameters"]["sources_file"]).is_file()
        [entry] = deployment["schedules"]
        assert (entry["cron"], entry["timezone"]) == (expected[name], schedule.TIMEZONE)
        assert (
            deployment["work_pool"]["job_variables"]["env"]["PREFECT_LOGGING_EXTRA_LOGGERS"]
            == "intercepts"
        )


def test_serve_refuses_an_invalid_sources_file_before_serving(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]]\nid = 'x'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--sources", str(bad)])
    assert result.exit_code == 2
    assert "missing key" in result.output


def test_serve_help_names_the_schedule():
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert (
        "08:30" in result.output
        and "Europe/Moscow" in result.output
        and "--day-bulletins" in result.output
    )
