"""OpenLineage run events through the OpenLineage client: configured the standard way
(OPENLINEAGE_URL, openlineage.yml, OPENLINEAGE_CONFIG, OPENLINEAGE__* variables) or by the
INTERCEPTS_OPENLINEAGE_URL alias, posted to a loopback backend or written to a file, with
the marts of a real build as outputs."""

from __future__ import annotations

import json
import logging
import os
import socket

import duckdb
import pytest
import yaml
from openlineage.client.serde import Serde

from intercepts import build, lineage
from intercepts.exports import exportable_marts
from tests.warehouse.conftest import seed_warehouse  # noqa: F401 - a real build, by hand

RUN_ID = "20250720T070000Z-abc123"
ENDPOINT = "/api/v1/lineage"


@pytest.fixture
def env(monkeypatch, tmp_path):
    """No lineage configuration from the machine: no OPENLINEAGE_* variables, a working
    directory and a home without openlineage.yml."""
    for key in list(os.environ):
        if key.startswith("OPENLINEAGE") or key == lineage.ALIAS_VARIABLE:
            monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.fixture
def marquez(http):
    http.route(ENDPOINT, status=201)
    return http


def received(server) -> list[tuple[str, dict, dict]]:
    return [(path, headers, json.loads(body)) for path, headers, body in server.posts]


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed on exit: nothing listens there


def extract_stage(emitter, tmp_path, fail: Exception | None = None) -> lineage.StageRun:
    documents = lineage.warehouse_dataset(tmp_path, "raw/documents")
    claims = lineage.warehouse_dataset(tmp_path, "claims")
    with lineage.StageRun(emitter, RUN_ID, "intercepts.extract", [documents], [claims]) as stage:
        if fail:
            raise fail
    return stage


def test_openlineage_url_gets_start_and_complete_with_the_marts(env, marquez, seed_warehouse):  # noqa: F811
    env.setenv("OPENLINEAGE_URL", marquez.base_url)
    env.setenv("OPENLINEAGE_API_KEY", "s3cret")
    env.setenv("OPENLINEAGE_NAMESPACE", "intercepts-prod")
    db, models = seed_warehouse / "intercepts.duckdb", build.discover_models()
    claims = lineage.warehouse_dataset(seed_warehouse, "claims")
    emitter = lineage.Emitter.from_env()
    with lineage.StageRun(
        emitter, RUN_ID, "intercepts.build", [claims], lineage.mart_datasets(db, models)
    ) as stage:
        stage.outputs = lineage.mart_outputs(db, models, {"fct_claims": 7})
    events = received(marquez)
    assert [(path, e["eventType"]) for path, _, e in events] == [
        (ENDPOINT, "START"),
        (ENDPOINT, "COMPLETE"),
    ]
    assert {h["Authorization"] for _, h, _ in events} == {"Bearer s3cret"}
    start, complete = (e for _, _, e in events)
    assert start["run"]["runId"] == complete["run"]["runId"]
    assert complete["job"]["namespace"] == "intercepts-prod"
    assert complete["job"]["name"] == "intercepts.build"
    parent = complete["run"]["facets"]["parent"]
    assert parent["run"]["runId"] == lineage.run_uuid(RUN_ID)
    assert (parent["job"]["namespace"], parent["job"]["name"]) == (
        "intercepts-prod",
        "intercepts.run",
    )
    assert [(i["namespace"], i["name"]) for i in complete["inputs"]] == [
        ("file", str((seed_warehouse / "claims").resolve()))
    ]
    con = duckdb.connect(str(db), read_only=True)
    try:
        marts = exportable_marts(con)
        schemas = {
            m: con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [m],
            ).fetchall()
            for m in marts
        }
    finally:
        con.close()
    namespace = f"duckdb://{db.resolve()}"
    assert {(o["namespace"], o["name"]) for o in start["outputs"]} == {
        (namespace, f"intercepts.main.{m}") for m in marts
    }  # START names what the build will write; COMPLETE adds what it is
    assert all("schema" not in o["facets"] for o in start["outputs"])
    outputs = {o["name"].removeprefix("intercepts.main."): o for o in complete["outputs"]}
    assert set(outputs) == set(marts)
    for mart, output in outputs.items():
        assert output["namespace"] == namespace
        fields = output["facets"]["schema"]["fields"]
        assert [(f["name"], f["type"]) for f in fields] == schemas[mart], mart
    claim_id = next(
        f for f in outputs["fct_claims"]["facets"]["schema"]["fields"] if f["name"] == "claim_id"
    )
    assert claim_id.get("description")  # the yml's words travel with the schema
    assert outputs["fct_claims"]["outputFacets"]["outputStatistics"]["rowCount"] == 7
    assert stage.errors == []


def test_the_bi_views_carry_column_lineage_to_their_fact_tables(seed_warehouse):  # noqa: F811
    db, models = seed_warehouse / "intercepts.duckdb", build.discover_models()
    outputs = lineage.mart_outputs(db, models)
    evt = lineage.event(
        "COMPLETE", "0190a5b4-0000-7000-8000-000000000000", RUN_ID, "b", [], outputs
    )
    by_name = {o["name"]: o for o in json.loads(Serde.to_json(evt))["outputs"]}
    regional = by_name["intercepts.main.bi_nightly_regional"]["facets"]["columnLineage"]
    fact = lineage.table_dataset(db, "fct_nightly_regional_intercepts")

    def sources(column):
        return [
            (f["namespace"], f["name"], f["field"], f["transformations"][0]["subtype"])
            for f in regional["fields"][column]["inputFields"]
        ]

    assert sources("night") == [(fact.namespace, fact.name, "night_ending", "IDENTITY")]
    assert sources("dispute_details") == [
        (fact.namespace, fact.name, "conflict_details", "TRANSFORMATION")
    ]
    claims = by_name["intercepts.main.bi_claims"]["facets"]["columnLineage"]
    assert [(f["field"], f["transformations"][0]["subtype"]) for f in claims["dataset"]] == [
        ("is_latest_version", "FILTER")
    ]
    # a mart built from CTEs and joins keeps dataset-level lineage only
    assert "columnLineage" not in by_name["intercepts.main.fct_nightly_totals"]["facets"]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "SELECT a AS b, c, upper(d) AS e, a + c AS f FROM t WHERE g AND NOT h",
            (
                "t",
                {
                    "b": (["a"], True),
                    "c": (["c"], True),
                    "e": (["d"], False),
                    "f": (["a", "c"], False),
                },
                ["g", "h"],
            ),
        ),
        ("-- a comment first\nSELECT x.a FROM t x", ("t", {"a": (["a"], True)}, [])),
        ("SELECT * FROM t", None),
        ("WITH w AS (SELECT a FROM t) SELECT a FROM w", None),
        ("SELECT t.a, u.b FROM t JOIN u USING (k)", None),
        ("SELECT a, (SELECT max(b) FROM u) AS m FROM t", None),
        ("SELECT 1 AS one FROM (SELECT a FROM t)", None),
        ("this is not SQL", None),
    ],
)
def test_column_lineage_is_read_only_from_one_select_over_one_table(sql, expected):
    assert lineage.select_column_sources(sql) == expected


def test_file_transport_named_by_openlineage_config(env, tmp_path):
    events = tmp_path / "lineage" / "events.jsonl"
    events.parent.mkdir()
    config = tmp_path / "conf" / "openlineage.yml"
    config.parent.mkdir()
    config.write_text(
        yaml.safe_dump(
            {"transport": {"type": "file", "log_file_path": str(events), "append": True}}
        ),
        encoding="utf-8",
    )
    env.setenv("OPENLINEAGE_CONFIG", str(config))
    stage = extract_stage(lineage.Emitter.from_env(), tmp_path)
    written = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert [(e["job"]["name"], e["eventType"]) for e in written] == [
        ("intercepts.extract", "START"),
        ("intercepts.extract", "COMPLETE"),
    ]
    assert written[1]["outputs"][0]["name"] == str((tmp_path / "claims").resolve())
    assert stage.errors == []


def test_console_transport_from_openlineage_variables(env, tmp_path, caplog):
    env.setenv("OPENLINEAGE__TRANSPORT__TYPE", "console")
    with caplog.at_level(logging.INFO, logger="openlineage.client.transport.console"):
        extract_stage(lineage.Emitter.from_env(), tmp_path)
    logged = [json.loads(r.getMessage()) for r in caplog.records if r.name.endswith("console")]
    assert [e["eventType"] for e in logged] == ["START", "COMPLETE"]


def test_a_failed_stage_is_a_fail_event_with_the_message(env, tmp_path):
    events = tmp_path / "events.jsonl"
    emitter = lineage.Emitter.from_config(
        {"transport": {"type": "file", "log_file_path": str(events), "append": True}}
    )
    with pytest.raises(RuntimeError):
        extract_stage(emitter, tmp_path, fail=RuntimeError("data tests failed"))
    last = json.loads(events.read_text(encoding="utf-8").splitlines()[-1])
    assert last["eventType"] == "FAIL"
    assert last["run"]["facets"]["errorMessage"]["message"] == "data tests failed"


def test_a_down_backend_costs_one_warning_and_no_more_attempts(env, tmp_path):
    (tmp_path / "openlineage.yml").write_text(  # found in the working directory
        yaml.safe_dump(
            {
                "transport": {
                    "type": "http",
                    "url": f"http://127.0.0.1:{dead_port()}",
                    "retry": {"total": 0},
                }
            }
        ),
        encoding="utf-8",
    )
    emitter = lineage.Emitter.from_env()
    first = extract_stage(emitter, tmp_path)  # the stage itself ran and returned
    second = extract_stage(emitter, tmp_path)
    assert len(first.errors) == 1 and "lineage not sent (http transport)" in first.errors[0]
    assert second.errors == [] and emitter.unsent == 3


def test_a_backend_that_refuses_the_event_is_a_warning(env, http, tmp_path):
    http.route(ENDPOINT, status=400, body=b"bad event")
    env.setenv("OPENLINEAGE_URL", http.base_url)
    stage = extract_stage(lineage.Emitter.from_env(), tmp_path)
    assert len(stage.errors) == 1 and "400" in stage.errors[0]


def test_a_configuration_the_client_cannot_use_is_a_warning(env, tmp_path):
    env.setenv("OPENLINEAGE_URL", "not a url")
    stage = extract_stage(lineage.Emitter.from_env(), tmp_path)
    assert len(stage.errors) == 1 and stage.errors[0].startswith("lineage off")


def test_the_alias_posts_to_an_http_backend(env, marquez, tmp_path):
    env.setenv(lineage.ALIAS_VARIABLE, marquez.base_url)
    extract_stage(lineage.Emitter.from_env(), tmp_path)
    assert [(p, e["eventType"]) for p, _, e in received(marquez)] == [
        (ENDPOINT, "START"),
        (ENDPOINT, "COMPLETE"),
    ]


def test_the_alias_appends_to_a_file(env, tmp_path):
    events = tmp_path / "deep" / "lineage.jsonl"
    env.setenv(lineage.ALIAS_VARIABLE, str(events))
    emitter = lineage.Emitter.from_env()
    extract_stage(emitter, tmp_path)
    extract_stage(emitter, tmp_path)
    kinds = [json.loads(line)["eventType"] for line in events.read_text().splitlines()]
    assert kinds == ["START", "COMPLETE", "START", "COMPLETE"]


def test_the_standard_configuration_wins_over_the_alias(env, marquez, tmp_path):
    env.setenv("OPENLINEAGE_URL", marquez.base_url)
    env.setenv(lineage.ALIAS_VARIABLE, str(tmp_path / "alias.jsonl"))
    extract_stage(lineage.Emitter.from_env(), tmp_path)
    assert len(received(marquez)) == 2 and not (tmp_path / "alias.jsonl").exists()


def test_nothing_configured_or_disabled_sends_nothing(env, marquez, tmp_path):
    assert lineage.Emitter.from_env().client is None
    env.setenv("OPENLINEAGE_URL", marquez.base_url)
    env.setenv("OPENLINEAGE_DISABLED", "true")
    assert extract_stage(lineage.Emitter.from_env(), tmp_path).errors == []
    assert marquez.posts == []


def test_the_client_leaves_the_environment_as_it_found_it(env, marquez):
    env.setenv("OPENLINEAGE_URL", marquez.base_url)
    before = dict(os.environ)
    lineage.Emitter.from_env()
    assert dict(os.environ) == before


def test_source_and_table_names_follow_the_naming_spec(tmp_path):
    assert lineage.source_dataset("https://t.me/s/mod_russia") == lineage.Dataset(
        "https://t.me", "/s/mod_russia"
    )
    db = tmp_path / "intercepts.duckdb"
    assert lineage.table_dataset(db, "fct_claims") == lineage.Dataset(
        f"duckdb://{db.resolve()}", "intercepts.main.fct_claims"
    )
    assert lineage.file_dataset(tmp_path / "claims") == lineage.Dataset(
        "file", str((tmp_path / "claims").resolve())
    )
