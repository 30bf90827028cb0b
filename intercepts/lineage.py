"""Dataset lineage as OpenLineage run events, sent through the OpenLineage Python client.

Row-level lineage lives in the marts (fct_intercept_lineage); this module tells lineage
tools (Marquez and any OpenLineage backend) which datasets each stage of a run read and
wrote. Each stage (``intercepts.ingest``, ``intercepts.extract``, ``intercepts.build``) is a
job with its own run: START, then COMPLETE or FAIL, both carrying a parent-run facet that
points at the pipeline run (``intercepts.run``, its UUID derived from our run id, so it
is stable and shared by every stage of one run).

Datasets are named as the OpenLineage naming spec says: files and folders as namespace
``file`` and their absolute path; warehouse tables as namespace ``duckdb://<absolute path of
the .duckdb file>`` and name ``<database>.<schema>.<table>`` (``intercepts.main.fct_claims``);
a source as ``scheme://host`` and its path. Every mart the build writes carries a schema
facet (names, DuckDB types, the yml's descriptions), its description, its row count, and,
where its SQL is one SELECT over one table (the ``bi_*`` views), column lineage.

Where the events go is the OpenLineage client's own configuration, read once per run
(:meth:`Emitter.from_env`): ``OPENLINEAGE_URL`` (+ ``OPENLINEAGE_API_KEY``,
``OPENLINEAGE_ENDPOINT``), an ``openlineage.yml`` named by ``OPENLINEAGE_CONFIG`` or found in
the working directory or ``~/.openlineage/`` (http, file, console, kafka... transports), or
``OPENLINEAGE__TRANSPORT__*`` variables; ``OPENLINEAGE_NAMESPACE`` names the jobs'
namespace (default ``intercepts``); ``OPENLINEAGE_DISABLED=true`` turns it off. The older
``INTERCEPTS_OPENLINEAGE_URL`` is an alias, used only when none of those is set: an
``http(s)://`` URL (events POSTed to ``/api/v1/lineage``) or a file path (one JSON event a
line, appended). Nothing set: no events. A lineage backend that is down never fails the
run: the first failed event is returned as one warning and the run's later events are
not attempted (each would wait out the client's retries again).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import (
    InputDataset,
    Job,
    OutputDataset,
    Run,
    RunEvent,
    RunState,
)
from openlineage.client.facet_v2 import (
    column_lineage_dataset,
    documentation_dataset,
    error_message_run,
    job_type_job,
    output_statistics_output_dataset,
    parent_run,
    schema_dataset,
)
from openlineage.client.uuid import generate_new_uuid

PRODUCER = "https://github.com/intercepts/intercepts"
NAMESPACE = "intercepts"  # the jobs' namespace unless OPENLINEAGE_NAMESPACE says otherwise
PARENT_JOB = "intercepts.run"
ALIAS_VARIABLE = "INTERCEPTS_OPENLINEAGE_URL"
_RUN_NS = uuid.UUID("5f0c6c1e-8d1f-4c5e-9a57-1d2b0f6b7e11")


@dataclass(frozen=True)
class Dataset:
    namespace: str
    name: str
    facets: dict = field(default_factory=dict, compare=False)  # dataset facets, by key
    row_count: int | None = field(default=None, compare=False)  # an output's rows, when known


def run_uuid(run_id: str) -> str:
    """The pipeline run's UUID (the stages' parent): the same for every event of a run."""
    return str(uuid.uuid5(_RUN_NS, run_id))


def source_dataset(url: str) -> Dataset:
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    return Dataset(f"{scheme}://{host}", "/" + path)


def file_dataset(path: Path) -> Dataset:
    """A local file or folder: namespace ``file``, name its absolute path (naming spec)."""
    return Dataset("file", str(path.resolve()))


def warehouse_dataset(warehouse: Path, relative: str) -> Dataset:
    return file_dataset(warehouse / relative)


def table_dataset(db: Path, table: str) -> Dataset:
    """A table or view in a DuckDB file: ``duckdb://<path>`` and ``<database>.main.<table>``."""
    db = db.resolve()
    return Dataset(f"duckdb://{db}", f"{db.stem}.main.{table}")


# --- what the build wrote -------------------------------------------------------------


def select_column_sources(
    sql: str,
) -> tuple[str, dict[str, tuple[list[str], bool]], list[str]] | None:
    """Column lineage of a model that is one SELECT over one table, read from DuckDB's own
    parse tree: ``(table, {output column: (input columns, is a plain copy)}, columns the
    WHERE reads)``. None for any other shape (CTEs, joins, subqueries, ``*``): their lineage
    is left at the dataset level rather than guessed.

    ``SELECT night_ending AS night, array_to_string(conflict_details, '; ') AS dispute_details
    FROM fct_nightly_regional_intercepts`` gives ``("fct_nightly_regional_intercepts",
    {"night": (["night_ending"], True), "dispute_details": (["conflict_details"], False)}, [])``.
    """
    con = duckdb.connect()
    try:
        tree = json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0])
    except duckdb.Error:
        return None
    finally:
        con.close()
    if tree.get("error") or len(tree.get("statements", [])) != 1:
        return None
    node = tree["statements"][0]["node"]
    source = node.get("from_table") or {}
    if (
        node.get("type") != "SELECT_NODE"
        or node.get("cte_map", {}).get("map")
        or source.get("type") != "BASE_TABLE"
    ):
        return None
    columns: dict[str, tuple[list[str], bool]] = {}
    try:
        for expression in node["select_list"]:
            refs = _column_refs(expression)
            if expression.get("class") == "STAR":
                return None
            is_copy = expression.get("class") == "COLUMN_REF"
            name = expression.get("alias") or (expression["column_names"][-1] if is_copy else "")
            if name:
                columns[name] = (list(dict.fromkeys(refs)), is_copy)
        filtered = list(dict.fromkeys(_column_refs(node.get("where_clause"))))
    except _NotOneTable:
        return None
    return source["table_name"], columns, filtered


class _NotOneTable(Exception):
    pass


def _column_refs(expression) -> list[str]:
    refs: list[str] = []

    def walk(x) -> None:
        if isinstance(x, dict):
            if x.get("class") == "SUBQUERY":
                raise _NotOneTable
            if x.get("class") == "COLUMN_REF":
                refs.append(x["column_names"][-1])
                return
            for value in x.values():
                walk(value)
        elif isinstance(x, list):
            for value in x:
                walk(value)

    walk(expression)
    return refs


def _column_lineage(db: Path, sql: str, known: set[str]):
    parsed = select_column_sources(sql)
    if parsed is None or parsed[0] not in known:
        return None
    table, columns, filtered = parsed
    upstream = table_dataset(db, table)

    def field_of(column: str, kind: str, subtype: str) -> column_lineage_dataset.InputField:
        return column_lineage_dataset.InputField(
            namespace=upstream.namespace,
            name=upstream.name,
            field=column,
            transformations=[column_lineage_dataset.Transformation(type=kind, subtype=subtype)],
        )

    return column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            out: column_lineage_dataset.Fields(
                inputFields=[
                    field_of(c, "DIRECT", "IDENTITY" if is_copy else "TRANSFORMATION") for c in refs
                ]
            )
            for out, (refs, is_copy) in columns.items()
            if refs
        },
        dataset=[field_of(c, "INDIRECT", "FILTER") for c in filtered],
    )


def mart_datasets(db: Path, models) -> list[Dataset]:
    """The marts a build of ``models`` writes, by name only (a START event's outputs)."""
    return [
        table_dataset(db, m.name)
        for m in models
        if m.layer == "marts" and m.materialization != "MACRO"
    ]


def mart_outputs(db: Path, models, row_counts: dict | None = None) -> list[Dataset]:
    """Every mart table and view in the built file ``db`` with its facets: schema (from the
    warehouse's own catalog, ``meta_columns``), documentation (the yml's description), row
    count (``row_counts``, from the build) and, where cheap, column lineage."""
    row_counts = row_counts or {}
    sql_of = {m.name: m.sql for m in models}
    con = duckdb.connect(str(db), read_only=True)
    try:
        marts = con.execute(
            "SELECT model, description FROM meta_models WHERE layer = 'marts' "
            "AND materialization IN ('table', 'view') ORDER BY model"
        ).fetchall()
        columns: dict[str, list] = {}
        for model, column, data_type, description in con.execute(
            "SELECT c.model, c.column_name, c.data_type, c.description FROM meta_columns c "
            "JOIN meta_models m USING (model) WHERE m.layer = 'marts'"
        ).fetchall():  # meta_columns keeps each model's column order
            columns.setdefault(model, []).append(
                schema_dataset.SchemaDatasetFacetFields(
                    name=column, type=data_type, description=description
                )
            )
    finally:
        con.close()
    known = set(sql_of)  # an upstream that is a model of the same file (a mart, an int_ table)
    outputs = []
    for mart, description in marts:
        facets: dict = {"schema": schema_dataset.SchemaDatasetFacet(fields=columns.get(mart, []))}
        if description:
            facets["documentation"] = documentation_dataset.DocumentationDatasetFacet(
                description=description.strip()
            )
        lineage = _column_lineage(db, sql_of.get(mart, ""), known) if mart in sql_of else None
        if lineage is not None:
            facets["columnLineage"] = lineage
        base = table_dataset(db, mart)
        outputs.append(Dataset(base.namespace, base.name, facets, row_counts.get(mart)))
    return outputs


# --- events -----------------------------------------------------------------------------


def event(
    kind: str,
    stage_run: str,
    run_id: str,
    job: str,
    inputs: list[Dataset],
    outputs: list[Dataset],
    *,
    namespace: str = NAMESPACE,
    error: str | None = None,
) -> RunEvent:
    """One run event of a stage job; ``stage_run`` is the stage run's UUID, ``run_id`` ours."""
    run_facets: dict = {
        "parent": parent_run.ParentRunFacet(
            run=parent_run.Run(runId=run_uuid(run_id)),
            job=parent_run.Job(namespace=namespace, name=PARENT_JOB),
        )
    }
    if error:
        run_facets["errorMessage"] = error_message_run.ErrorMessageRunFacet(
            message=error[:2000], programmingLanguage="python"
        )
    return RunEvent(
        eventType=RunState[kind],
        eventTime=datetime.now(UTC).isoformat(),
        run=Run(runId=stage_run, facets=run_facets),
        job=Job(
            namespace=namespace,
            name=job,
            facets={
                "jobType": job_type_job.JobTypeJobFacet(
                    processingType="BATCH", integration="INTERCEPTS", jobType="TASK"
                )
            },
        ),
        inputs=[InputDataset(namespace=d.namespace, name=d.name, facets=d.facets) for d in inputs],
        outputs=[
            OutputDataset(
                namespace=d.namespace,
                name=d.name,
                facets=d.facets,
                outputFacets=(
                    {}
                    if d.row_count is None
                    else {
                        "outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(
                            rowCount=d.row_count
                        )
                    }
                ),
            )
            for d in outputs
        ],
        producer=PRODUCER,
    )


def standard_configuration() -> bool:
    """Whether the OpenLineage client would find a configuration of its own (its rules)."""
    if os.environ.get("OPENLINEAGE_URL") or any(k.startswith("OPENLINEAGE__") for k in os.environ):
        return True
    candidates = [
        os.environ.get("OPENLINEAGE_CONFIG"),
        os.path.join(os.getcwd(), "openlineage.yml"),
        os.path.join(os.path.expanduser("~/.openlineage"), "openlineage.yml"),
    ]
    return any(p and os.path.isfile(p) for p in candidates)


def alias_transport(target: str) -> dict:
    """The client transport ``INTERCEPTS_OPENLINEAGE_URL`` stands for."""
    if target.startswith(("http://", "https://")):
        return {"type": "http", "url": target, "endpoint": "api/v1/lineage"}
    path = Path(target.removeprefix("file://"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return {"type": "file", "log_file_path": str(path), "append": True}


def _client(config: dict | None = None) -> OpenLineageClient:
    before = set(os.environ)
    try:
        return OpenLineageClient(config=config)
    finally:
        # the client copies OPENLINEAGE_URL into OPENLINEAGE__TRANSPORT__* variables of this
        # process; its configuration is read by now, and left behind they would outlive it
        for key in set(os.environ) - before:
            del os.environ[key]


@contextmanager
def _quiet_retries():
    """urllib3 logs a warning per retry of the client's HTTP transport (five for a backend
    that is down); the one warning a run gets is ours. Events are sent between stages, when
    no fetch of this process is using urllib3."""
    retries = logging.getLogger("urllib3.connectionpool")
    level = retries.level
    retries.setLevel(logging.ERROR)
    try:
        yield
    finally:
        retries.setLevel(level)


class Emitter:
    """Sends a run's events through an OpenLineage client; no client means lineage is off."""

    def __init__(
        self,
        client: OpenLineageClient | None,
        namespace: str = NAMESPACE,
        problem: str | None = None,
    ):
        self.client = client
        self.namespace = namespace
        self.problem = problem  # a configuration that could not be used: one warning
        self.down = False
        self.unsent = 0

    @classmethod
    def from_env(cls) -> Emitter:
        namespace = os.environ.get("OPENLINEAGE_NAMESPACE") or NAMESPACE
        if os.environ.get("OPENLINEAGE_DISABLED", "").strip().lower() == "true":
            return cls(None, namespace)
        alias = os.environ.get(ALIAS_VARIABLE)
        try:
            if standard_configuration():
                return cls(_client(), namespace)
            if alias:
                return cls(_client({"transport": alias_transport(alias)}), namespace)
        except Exception as exc:  # noqa: BLE001 - a bad lineage configuration never stops the run
            return cls(None, namespace, problem=f"lineage off, its configuration failed: {exc}")
        return cls(None, namespace)

    @classmethod
    def from_config(cls, config: dict, namespace: str = NAMESPACE) -> Emitter:
        """A client configured as ``openlineage.yml`` would be (``{"transport": {...}}``)."""
        return cls(_client(config), namespace)

    def emit(self, evt: RunEvent) -> str | None:
        """Send one event; returns an error message instead of raising."""
        if self.problem:
            problem, self.problem = self.problem, None
            return problem
        if self.client is None:
            return None
        if self.down:
            self.unsent += 1
            return None
        try:
            with _quiet_retries():
                self.client.emit(evt)
        except Exception as exc:  # noqa: BLE001 - any transport's failure: lineage never fails the run
            self.down = True
            return (
                f"lineage not sent ({self.client.transport.kind} transport): {str(exc)[:300]}; "
                "no further lineage events this run"
            )
        return None


class StageRun:
    """START now, COMPLETE or FAIL when the block ends: ``with StageRun(...) as stage: ...``.

    ``stage.outputs`` may be replaced inside the block (the build's marts, with their
    schemas, are known only once it has built them)."""

    def __init__(
        self, emitter: Emitter, run_id: str, job: str, inputs: list[Dataset], outputs: list[Dataset]
    ):
        self.emitter, self.run_id, self.job = emitter, run_id, job
        self.inputs, self.outputs = inputs, outputs
        self.stage_run = str(generate_new_uuid())
        self.errors: list[str] = []

    def _send(self, kind: str, error: str | None = None) -> None:
        problem = self.emitter.emit(
            event(
                kind,
                self.stage_run,
                self.run_id,
                self.job,
                self.inputs,
                self.outputs,
                namespace=self.emitter.namespace,
                error=error,
            )
        )
        if problem:
            self.errors.append(problem)

    def __enter__(self) -> StageRun:
        self._send("START")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._send("FAIL" if exc else "COMPLETE", error=str(exc) if exc else None)
