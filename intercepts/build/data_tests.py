"""The data tests a model's yml declares, each a query that returns the offending rows.

Column tests (``not_null``, ``unique``) and model tests (``unique`` over columns,
``accepted_values``, ``sql``), with a severity: a failing ``error`` test stops the build and
keeps the previous warehouse; a ``warn`` test is reported and the build goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from intercepts.build.models import BuildError, Model, quote


@dataclass
class TestResult:
    model: str
    name: str
    severity: str
    failures: int
    sample: list

    @property
    def passed(self) -> bool:
        return self.failures == 0


def run_tests(con, model: Model) -> list[TestResult]:
    """Run the data tests declared in the model's yml; each query returns offending rows."""
    results = []
    for name, severity, query in _test_queries(model):
        rows = con.execute(f"SELECT * FROM ({query}) LIMIT 5").fetchall()  # noqa: S608 - test SQL is ours
        n = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0] if rows else 0  # noqa: S608
        results.append(TestResult(model.name, name, severity, n, rows))
    return results


def _test_queries(model: Model):
    """(name, severity, query returning offending rows) for each test in the model's yml.

    Only identifiers from our own yml files reach these strings, each checked by ``quote``;
    no feed data is ever part of a query."""
    t = quote(model.name)
    for col in model.meta.get("columns", []) or []:
        for test in col.get("tests", []) or []:
            c = quote(col["name"])
            if test == "not_null":
                yield f"not_null({col['name']})", "error", f"SELECT * FROM {t} WHERE {c} IS NULL"  # noqa: S608
            elif test == "unique":
                yield (
                    f"unique({col['name']})",
                    "error",
                    f"SELECT {c}, count(*) AS n FROM {t} GROUP BY {c} HAVING count(*) > 1",  # noqa: S608
                )
            else:
                raise BuildError(f"{model.name}: unknown column test {test!r}")
    for test in model.meta.get("tests", []) or []:
        severity = test.get("severity", "error")
        if "unique" in test:
            cols = ", ".join(quote(c) for c in test["unique"])
            yield (
                f"unique({', '.join(test['unique'])})",
                severity,
                f"SELECT {cols}, count(*) AS n FROM {t} GROUP BY {cols} HAVING count(*) > 1",  # noqa: S608
            )
        elif "accepted_values" in test:
            spec = test["accepted_values"]
            c = quote(spec["column"])
            values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in spec["values"])
            yield (
                f"accepted_values({spec['column']})",
                severity,
                f"SELECT {c}, count(*) AS n FROM {t} WHERE {c} IS NOT NULL AND {c} NOT IN ({values}) GROUP BY {c}",  # noqa: S608
            )
        elif "sql" in test:
            yield test["name"], severity, test["sql"]
        else:
            raise BuildError(f"{model.name}: cannot read test {test!r}")
