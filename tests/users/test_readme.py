"""The README's "Using it" section works as written: every SQL block answers on the demo
warehouse, the SQLAlchemy snippet connects, and every command it shows exists."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from typer.main import get_command

from intercepts.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Using it\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", section(), flags=re.S)


SQL = blocks("sql")
# the demo's pages are all fetched when it runs, so what was known at a past time is empty there
MAY_BE_EMPTY = ("_as_of(",)


def test_a_dozen_questions():
    assert len(SQL) >= 12


@pytest.mark.parametrize("query", SQL, ids=[f"q{n + 1}" for n in range(len(SQL))])
def test_every_query_answers_on_the_demo_warehouse(demo_db, query):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        rows = con.execute(query).fetchall()
    finally:
        con.close()
    if not any(marker in query for marker in MAY_BE_EMPTY):
        assert rows, query


def test_the_as_of_question_answers_after_the_fetch(demo_db):
    [query] = [q for q in SQL if "_as_of(" in q]
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        later = re.sub(r"TIMESTAMPTZ '[^']+'", "now()", query)
        assert con.execute(later).fetchall()
    finally:
        con.close()


def test_the_sqlalchemy_snippet_connects_read_only(demo_db, capsys):
    [snippet] = blocks("python")
    code = snippet.replace("/data/intercepts/intercepts.duckdb", str(demo_db))
    namespace: dict = {}
    try:
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    finally:
        # duckdb-engine opens the file with its own settings: until the pool lets go, a plain
        # duckdb.connect to the same file in this process is refused
        namespace["engine"].dispose()
    assert "Bryansk Region" in capsys.readouterr().out


def test_every_command_shown_exists():
    commands = set(get_command(app).commands)
    shown = set(re.findall(r"intercepts (\w[\w-]*)", section()))
    assert {"serve", "backfill", "docs", "sql"} <= shown
    assert shown <= commands, shown - commands
