"""The README's questions and the docs' work as written: every SQL block of the README's
"Using it" section and of the docs pages with queries answers on the demo warehouse, the
SQLAlchemy snippet connects, and every command they show exists."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from typer.main import get_command

from intercepts.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# the docs pages whose SQL runs on the demo warehouse (operations.md reads exported files)
DOCS_WITH_SQL = ("queries.md", "reconciliation.md")


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Using it\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def documents() -> str:
    docs = "\n".join((ROOT / "docs" / name).read_text(encoding="utf-8") for name in DOCS_WITH_SQL)
    return section() + "\n" + docs


def blocks(lang: str, text: str | None = None) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", documents() if text is None else text, flags=re.S)


SQL = blocks("sql")
# the demo's pages are all fetched when it runs, so what was known at a past time is empty there;
# it builds once, so no published figure was revised
MAY_BE_EMPTY = ("_as_of(", "fct_figure_revisions")


def test_a_dozen_questions():
    assert len(blocks("sql", section())) >= 3
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
    [query] = [q for q in SQL if "_as_of(TIMESTAMPTZ" in q]
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        later = re.sub(r"TIMESTAMPTZ '[^']+'", "now()", query)
        assert con.execute(later).fetchall()
    finally:
        con.close()


def test_the_sqlalchemy_snippet_connects_read_only(demo_db, capsys):
    [snippet] = blocks("python", (ROOT / "docs" / "operations.md").read_text(encoding="utf-8"))
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
    text = README.read_text(encoding="utf-8") + "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")
    )
    shown = set(re.findall(r"intercepts (\w[\w-]*)", text))
    assert {"serve", "backfill", "docs", "sql"} <= shown
    assert shown <= commands, shown - commands


def test_the_documentation_table_lists_every_docs_page():
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("\n## Documentation\n") :]
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in table, page.name


def test_the_readme_is_a_guide_not_a_notebook():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300
