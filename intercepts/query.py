"""Ad hoc SQL over the warehouse, read-only, as a table, CSV, JSON or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "json", "parquet")


class QueryError(RuntimeError):
    pass


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: it never blocks, and is never blocked by, the nightly build
    (the build writes a new file and swaps it in)."""
    return duckdb.connect(str(db), read_only=True)


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def run_query(db: Path, query: str, fmt: str, output: Path | None, console: Console) -> None:
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    con = connect(db)
    try:
        if fmt == "parquet":
            if output is None:
                raise QueryError("--format parquet needs --output FILE")
            import pyarrow.parquet as pq

            try:
                table = con.sql(query).to_arrow_table()
            except duckdb.Error as exc:
                raise QueryError(str(exc)) from exc
            pq.write_table(table, output)
            console.print(f"wrote {output}")
            return
        try:
            cursor = con.execute(query)
        except duckdb.Error as exc:
            raise QueryError(str(exc)) from exc
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    finally:
        con.close()
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "csv":
            writer = csv.writer(out)
            writer.writerow(columns)
            writer.writerows([[_plain(v) for v in r] for r in rows])
        elif fmt == "json":
            for r in rows:
                out.write(
                    json.dumps(
                        {c: _plain(v) for c, v in zip(columns, r, strict=True)},
                        ensure_ascii=False,
                        default=str,
                    )
                    + "\n"
                )
        else:
            table = Table(*columns)
            for r in rows:
                table.add_row(*("" if v is None else str(_plain(v)) for v in r))
            (Console(file=out) if output else console).print(table)
    finally:
        if output:
            out.close()


def shell(db: Path, console: Console) -> None:
    """A minimal interactive shell: one statement per line, `.tables`, `.quit`."""
    con = connect(db)
    console.print(f"connected read-only to {db}; end with .quit")
    try:
        while True:
            try:
                line = input("intercepts> ").strip()
            except EOFError:
                break
            if not line:
                continue
            if line in (".quit", ".exit"):
                break
            if line == ".tables":
                line = "SELECT table_name, table_type FROM information_schema.tables ORDER BY 1"
            try:
                cursor = con.execute(line)
                columns = [d[0] for d in cursor.description or []]
                table = Table(*columns)
                for r in cursor.fetchmany(200):
                    table.add_row(*("" if v is None else str(_plain(v)) for v in r))
                console.print(table)
            except duckdb.Error as exc:
                console.print(f"error: {exc}")
    finally:
        con.close()
