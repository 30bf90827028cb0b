"""Dataset-level lineage as OpenLineage run events, for Marquez and friends.

Row-level lineage lives in the marts (fct_intercept_lineage); this module tells lineage
tools which datasets each stage of a run read and wrote. Events follow the OpenLineage
spec (https://openlineage.io/spec): one START and one COMPLETE (or FAIL) per stage job,
all sharing the run's UUID (derived from our run id, so it is stable).

Where the events go is configuration, read once by the flow:
``INTERCEPTS_OPENLINEAGE_URL`` = ``http(s)://host:port`` (POSTed to ``/api/v1/lineage``)
or a file path / ``file://`` URL (one JSON event a line, appended). Unset: no events.
A lineage endpoint that is down never fails the run: the error is returned and logged.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

PRODUCER = "https://github.com/intercepts/intercepts"
SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent"
NAMESPACE = "intercepts"
_RUN_NS = uuid.UUID("5f0c6c1e-8d1f-4c5e-9a57-1d2b0f6b7e11")


@dataclass(frozen=True)
class Dataset:
    namespace: str  # e.g. "file" for the warehouse, the URL's scheme://host for a source
    name: str

    def to_json(self) -> dict:
        return {"namespace": self.namespace, "name": self.name}


def run_uuid(run_id: str) -> str:
    return str(uuid.uuid5(_RUN_NS, run_id))


def source_dataset(url: str) -> Dataset:
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    return Dataset(f"{scheme}://{host}", "/" + path)


def warehouse_dataset(warehouse: Path, relative: str) -> Dataset:
    return Dataset("file", str((warehouse / relative).resolve()))


def event(
    event_type: str,
    run_id: str,
    job: str,
    inputs: list[Dataset],
    outputs: list[Dataset],
    when: datetime | None = None,
    error: str | None = None,
) -> dict:
    run: dict = {"runId": run_uuid(run_id), "facets": {}}
    if error:
        run["facets"]["errorMessage"] = {
            "_producer": PRODUCER,
            "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json",
            "message": error[:2000],
            "programmingLanguage": "python",
        }
    return {
        "eventType": event_type,
        "eventTime": (when or datetime.now(UTC)).isoformat(),
        "run": run,
        "job": {"namespace": NAMESPACE, "name": job, "facets": {}},
        "inputs": [d.to_json() for d in inputs],
        "outputs": [d.to_json() for d in outputs],
        "producer": PRODUCER,
        "schemaURL": SCHEMA_URL,
    }


class Emitter:
    """Sends events to the configured target; ``None`` target means lineage is off."""

    def __init__(self, target: str | None, timeout_s: float = 5.0):
        self.target = target
        self.timeout_s = timeout_s

    @classmethod
    def from_env(cls) -> Emitter:
        return cls(os.environ.get("INTERCEPTS_OPENLINEAGE_URL") or None)

    def emit(self, evt: dict) -> str | None:
        """Send one event; returns an error message instead of raising."""
        if not self.target:
            return None
        try:
            if self.target.startswith(("http://", "https://")):
                resp = requests.post(
                    self.target.rstrip("/") + "/api/v1/lineage", json=evt, timeout=self.timeout_s
                )
                if resp.status_code >= 300:
                    return f"lineage endpoint answered HTTP {resp.status_code}"
            else:
                path = Path(self.target.removeprefix("file://"))
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(evt, ensure_ascii=False) + "\n")
        except (OSError, requests.RequestException) as exc:
            return f"lineage not sent: {exc}"
        return None


class StageRun:
    """START now, COMPLETE or FAIL when the block ends: ``with StageRun(...) as stage: ...``."""

    def __init__(
        self, emitter: Emitter, run_id: str, job: str, inputs: list[Dataset], outputs: list[Dataset]
    ):
        self.emitter, self.run_id, self.job, self.inputs, self.outputs = (
            emitter,
            run_id,
            job,
            inputs,
            outputs,
        )
        self.errors: list[str] = []

    def _send(self, kind: str, error: str | None = None) -> None:
        problem = self.emitter.emit(
            event(kind, self.run_id, self.job, self.inputs, self.outputs, error=error)
        )
        if problem:
            self.errors.append(problem)

    def __enter__(self) -> StageRun:
        self._send("START")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._send("FAIL" if exc else "COMPLETE", error=str(exc) if exc else None)
