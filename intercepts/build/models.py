"""The models in ``sql/``: one SELECT per ``<layer>/<name>.sql``, its ``<name>.yml`` beside it.

Layers ``staging`` (views), ``intermediate`` and ``marts`` (tables; ``materialized: view`` in
the yml makes a view); a file that starts with ``CREATE`` defines a table macro of the same
name instead (``fct_nightly_regional_intercepts_as_of(t)``). The yml states the grain in one
sentence, describes each column and lists the data tests (`intercepts.build.data_tests`).
Dependencies are read from the SQL: a model that names another runs after it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa
import yaml

LAYERS = ("staging", "intermediate", "marts")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class BuildError(RuntimeError):
    """A model failed or an error-severity data test found rows; the old build stays."""


def sql_dir() -> Path:
    """``sql/`` of a source checkout, else the copy shipped inside the wheel."""
    checkout = Path(__file__).resolve().parents[2] / "sql"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("intercepts") / "_sql"))


@dataclass
class Model:
    name: str
    layer: str
    sql: str
    meta: dict = field(default_factory=dict)
    depends_on: set[str] = field(default_factory=set)

    @property
    def materialization(self) -> str:
        if strip_comments(self.sql).lstrip().upper().startswith("CREATE"):
            return "MACRO"  # a table macro (e.g. `..._as_of(t)`), created by its own statement
        if self.meta.get("materialized") == "view":
            return "VIEW"  # e.g. the bi_* views: stable names over the marts, no copy of the data
        if self.meta.get("materialized") == "table":
            return "TABLE"  # a staging model read by many (stg_extract__claims: unnest once)
        return "VIEW" if self.layer == "staging" else "TABLE"


def discover_models(root: Path | None = None) -> list[Model]:
    """All models in dependency order (layer order breaks ties)."""
    root = root or sql_dir()
    models: dict[str, Model] = {}
    for layer in LAYERS:
        for path in sorted((root / layer).glob("*.sql")):
            meta_path = path.with_suffix(".yml")
            meta = (
                yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            )
            models[path.stem] = Model(
                path.stem, layer, path.read_text(encoding="utf-8"), meta or {}
            )
    for m in models.values():
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", strip_comments(m.sql)))
        m.depends_on = {w for w in words if w in models and w != m.name}
    ordered: list[Model] = []
    done: set[str] = set()

    def visit(m: Model, stack: tuple[str, ...]) -> None:
        if m.name in done:
            return
        if m.name in stack:
            raise BuildError(f"dependency cycle: {' -> '.join(stack + (m.name,))}")
        for dep in sorted(m.depends_on, key=lambda d: (LAYERS.index(models[d].layer), d)):
            visit(models[dep], stack + (m.name,))
        done.add(m.name)
        ordered.append(m)

    for m in sorted(models.values(), key=lambda m: (LAYERS.index(m.layer), m.name)):
        visit(m, ())
    return ordered


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def quote(ident: str) -> str:
    if not _IDENT.match(ident):
        raise BuildError(f"not an identifier in a model's yml: {ident!r}")
    return f'"{ident}"'


def record_metadata(con, models: list[Model]) -> None:
    con.execute(
        "CREATE TABLE meta_models (model VARCHAR, layer VARCHAR, materialization VARCHAR, grain VARCHAR, description VARCHAR)"
    )
    con.execute(
        "CREATE TABLE meta_columns (model VARCHAR, column_name VARCHAR, data_type VARCHAR, description VARCHAR)"
    )
    for m in models:
        con.execute(
            "INSERT INTO meta_models VALUES (?, ?, ?, ?, ?)",
            [
                m.name,
                m.layer,
                m.materialization.lower(),
                m.meta.get("grain"),
                m.meta.get("description"),
            ],
        )
        described = {c["name"]: c.get("description") for c in m.meta.get("columns", []) or []}
        for col, dtype in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [m.name],
        ).fetchall():
            con.execute(
                "INSERT INTO meta_columns VALUES (?, ?, ?, ?)",
                [m.name, col, dtype, described.get(col)],
            )


def logic_fingerprint(models: list[Model], reference_tables: dict[str, pa.Table]) -> str:
    """Everything besides the claims that a model's rows depend on: the models' SQL and yml
    and the reference tables, and the DuckDB that runs them. Rows of an earlier build are
    reused only under the same one."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for m in models:
        digest.update(
            m.name.encode() + m.sql.encode() + repr(sorted(m.meta.items(), key=str)).encode()
        )
    for name in sorted(reference_tables):
        digest.update(name.encode() + repr(reference_tables[name].to_pydict()).encode())
    return digest.hexdigest()
