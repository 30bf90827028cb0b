"""OpenLineage run events: to a file and to an HTTP endpoint on loopback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from intercepts import lineage


class _Collector(BaseHTTPRequestHandler):
    received: list = []

    def log_message(self, *args):
        return

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, json.loads(body)))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def marquez():
    _Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_stage_emits_start_and_complete_to_a_file(tmp_path):
    target = tmp_path / "lineage.jsonl"
    emitter = lineage.Emitter(str(target))
    docs = lineage.warehouse_dataset(tmp_path, "raw/documents")
    claims = lineage.warehouse_dataset(tmp_path, "claims")
    with lineage.StageRun(
        emitter, "20250720T070000Z-abc123", "intercepts.extract", [docs], [claims]
    ) as stage:
        pass
    events = [json.loads(line) for line in target.read_text().splitlines()]
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
    assert (
        events[0]["run"]["runId"]
        == events[1]["run"]["runId"]
        == lineage.run_uuid("20250720T070000Z-abc123")
    )
    assert events[1]["inputs"] == [
        {"namespace": "file", "name": str((tmp_path / "raw/documents").resolve())}
    ]
    assert events[1]["job"] == {
        "namespace": "intercepts",
        "name": "intercepts.extract",
        "facets": {},
    }
    assert stage.errors == []


def test_failure_is_a_fail_event_with_the_message(tmp_path):
    target = tmp_path / "lineage.jsonl"
    with pytest.raises(RuntimeError):
        with lineage.StageRun(lineage.Emitter(str(target)), "r", "intercepts.build", [], []):
            raise RuntimeError("data tests failed")
    last = json.loads(target.read_text().splitlines()[-1])
    assert last["eventType"] == "FAIL"
    assert last["run"]["facets"]["errorMessage"]["message"] == "data tests failed"


def test_events_are_posted_to_an_openlineage_endpoint(marquez):
    url = f"http://127.0.0.1:{marquez.server_address[1]}"
    source = lineage.source_dataset("https://t.me/s/mod_russia")
    with lineage.StageRun(lineage.Emitter(url), "r1", "intercepts.ingest", [source], []):
        pass
    assert [(p, e["eventType"]) for p, e in _Collector.received] == [
        ("/api/v1/lineage", "START"),
        ("/api/v1/lineage", "COMPLETE"),
    ]
    assert _Collector.received[0][1]["inputs"] == [
        {"namespace": "https://t.me", "name": "/s/mod_russia"}
    ]


def test_a_dead_endpoint_never_fails_the_stage():
    with lineage.StageRun(
        lineage.Emitter("http://127.0.0.1:9"), "r1", "intercepts.ingest", [], []
    ) as stage:
        pass
    assert len(stage.errors) == 2 and "lineage not sent" in stage.errors[0]
