"""Per-night incremental models (``incremental: night_ending`` in a model's yml).

A night's rows depend on that night's claims only: a build signs every night's claims, and
under the same logic carries the previous build's rows for the nights whose signature did
not change and computes the others (`Nights`). A whole build of a per-night model over
many claims runs a range of nights at a time, to bound DuckDB's memory.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from intercepts import duck
from intercepts.build.models import BuildError, Model, quote

# A whole build of a per-night model computes about this many claim rows' nights at a time
# per GB of DuckDB's memory cap (at 10M claims in one statement `int_region_figures` outgrew
# 1 GB; 3M a GB fits, and 2M fit under 512MB).
_CLAIMS_PER_GB = 3_000_000


def _claims_per_chunk() -> int:
    return max(1, int(_CLAIMS_PER_GB * duck.memory_limit_bytes() / 10**9))


def _date_literal(night: date) -> str:
    """A DATE literal for a night DuckDB returned from our own table: only a ``datetime.date``
    is formatted (digits and dashes), so nothing from a feed can reach the SQL this way."""
    if type(night) is not date:
        raise BuildError(f"not a date: {night!r}")
    return f"DATE '{night.isoformat()}'"


class Nights:
    """Incremental per-night models (``incremental: night_ending`` in a model's yml).

    Such a model's rows for a night depend only on that night's claims (the rows of
    ``int_claims_enriched``, every version) and on the logic (`logic_fingerprint`). Each
    build records a signature per night (count and sum of row hashes) in
    ``meta_night_signatures``; the next build, under the same logic, copies the previous
    build's rows for nights whose signature is unchanged and computes only the others
    (a new post, a new version of an old post, a re-extraction: each changes the signature
    of the nights it touches). Without a usable previous build, with ``--force`` or
    anything unexpected, the model is built whole. Data tests always run on the whole table.
    """

    def __init__(self, con, previous: Path, logic: str, *, enabled: bool) -> None:
        self.con, self.previous, self.logic = con, previous, logic
        self.enabled = enabled and previous.exists()
        self.ready: bool | None = None  # decided at the first incremental model
        self.why_whole = "forced" if not enabled else "no earlier build"
        self.attached = False
        self.changed: list[date] = []
        self.signed = False  # meta_night_signatures exists
        self.report: dict = {}

    def _prepare(self) -> None:
        con = self.con
        self.ready = False
        has_claims = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND table_name = 'int_claims_enriched'"
        ).fetchone()[0]
        if not has_claims:
            return  # a build of other models (tests): nothing to sign
        con.execute(
            "CREATE TABLE meta_night_signatures AS SELECT night_ending, count(*) AS n_rows, "
            "sum(hash(c)::HUGEINT) AS row_hash_sum FROM int_claims_enriched c GROUP BY night_ending"
        )
        self.signed = True
        con.execute("CREATE TABLE meta_build (logic_fingerprint VARCHAR)")
        con.execute("INSERT INTO meta_build VALUES (?)", [self.logic])
        if not self.enabled:
            return
        try:
            con.execute("ATTACH ? AS prev (READ_ONLY)", [str(self.previous)])
            self.attached = True
            logic = con.execute("SELECT logic_fingerprint FROM prev.meta_build").fetchall()
        except duckdb.Error as exc:
            # an older build without signatures, or the file held in a way that refuses us
            self.why_whole = f"earlier build unreadable: {str(exc).splitlines()[0]}"
            return
        if logic != [(self.logic,)]:
            self.why_whole = "models, reference tables or DuckDB changed since the earlier build"
            return
        con.execute(
            "CREATE TEMP TABLE changed_nights AS "
            "SELECT coalesce(n.night_ending, p.night_ending) AS night_ending "
            "FROM meta_night_signatures n FULL JOIN prev.meta_night_signatures p "
            "ON n.night_ending = p.night_ending "
            "WHERE n.n_rows IS DISTINCT FROM p.n_rows OR n.row_hash_sum IS DISTINCT FROM p.row_hash_sum"
        )
        changed = [
            r[0]
            for r in con.execute(
                "SELECT night_ending FROM changed_nights WHERE night_ending IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
        nights = con.execute(
            "SELECT count(*) FROM meta_night_signatures WHERE night_ending IS NOT NULL"
        ).fetchone()[0]
        if len(changed) > max(nights // 2, 50):
            self.why_whole = f"{len(changed)} of {nights} nights changed"
            return
        self.changed = changed
        self.ready = True

    def _in_list(self) -> str:
        """The changed nights as a list of DATE literals. DuckDB pushes a constant list down
        to the scan of the claims (0.08 s for 9 nights at 1M) but not a subquery or a bound
        parameter (1.2-6 s). Only ``datetime.date`` values DuckDB returned from our own
        table are formatted here (digits and dashes); nothing else reaches the SQL."""
        return ", ".join(_date_literal(night) for night in self.changed)

    def create(self, m: Model) -> None:
        if self.ready is None:
            self._prepare()
        name = quote(m.name)
        if self.ready:
            try:
                self._carry(m, name)
                return
            except duckdb.Error as exc:
                self.con.execute(f"DROP TABLE IF EXISTS {name}")
                self.report[m.name] = {"built": "whole", "why": str(exc).splitlines()[0]}
        else:
            self.report[m.name] = {"built": "whole", "why": self.why_whole}
        self._whole(m, name)

    def _whole(self, m: Model, name: str) -> None:
        """The model over every night; past `_claims_per_chunk` claims, a range of nights
        at a time (its aggregates keep their lists in memory: at 10M claims in one statement
        they outgrew a 1 GB DuckDB limit). A per-night model has no rows without a night
        (its yml tests night_ending not_null)."""
        ranges = self._night_ranges() if self.signed else []
        if len(ranges) <= 1:
            self.con.execute(f"CREATE TABLE {name} AS {m.sql}")
            return
        for i, (lo, hi) in enumerate(ranges):
            verb = f"CREATE TABLE {name} AS" if i == 0 else f"INSERT INTO {name}"
            span = f"BETWEEN {_date_literal(lo)} AND {_date_literal(hi)}"
            in_range = f"SELECT night_ending FROM meta_night_signatures WHERE night_ending {span}"  # noqa: S608 - typed dates
            with self._only_nights(in_range):
                self.con.execute(
                    f"{verb} SELECT * FROM ({m.sql}) WHERE night_ending {span}"  # noqa: S608 - our model SQL, typed dates
                )
        self.report[m.name]["night_ranges"] = len(ranges)

    @contextmanager
    def _only_nights(self, query: str):
        """``build_nights`` holds the nights ``query`` returns for the statements inside: a
        model that reads it (``nights := (SELECT list(night_ending) FROM build_nights)``)
        computes only those nights. A filter outside the model reaches its inputs only
        when DuckDB can push it through every step, which a macro of materialised CTEs
        stops (``fct_nightly_regional_intercepts``: 1.1 s for 9 nights of 1M, 0.07 s this
        way), and then a range of nights does not bound its memory either. Empty: every
        night."""
        self.con.execute(f"INSERT INTO build_nights {query}")  # noqa: S608 - our SQL, typed dates
        try:
            yield
        finally:
            self.con.execute("DELETE FROM build_nights")

    def _night_ranges(self) -> list[tuple[date, date]]:
        """Consecutive ranges of nights holding about `_claims_per_chunk` claim rows each."""
        per_chunk = _claims_per_chunk()
        rows = self.con.execute(
            "SELECT night_ending, n_rows FROM meta_night_signatures "
            "WHERE night_ending IS NOT NULL ORDER BY night_ending"
        ).fetchall()
        ranges, lo, held = [], None, 0
        for night, n in rows:
            lo = lo or night
            held += n
            if held >= per_chunk:
                ranges.append((lo, night))
                lo, held = None, 0
        if lo is not None:
            ranges.append((lo, rows[-1][0]))
        return ranges

    def _carry(self, m: Model, name: str) -> None:
        con = self.con
        changed = "SELECT night_ending FROM changed_nights WHERE night_ending IS NOT NULL"
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM prev.{name} "  # noqa: S608 - our model names
            f"WHERE night_ending IS NOT NULL AND night_ending NOT IN ({changed})"
        )
        carried = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: S608
        if self.changed:  # a model marked incremental has a not_null test on night_ending
            # build_nights for the models that read it, the IN list for those whose own
            # scan it reaches (fct_region_figures, over the int_region_figures table)
            with self._only_nights(changed):
                con.execute(
                    f"INSERT INTO {name} SELECT * FROM ({m.sql}) "  # noqa: S608 - our model SQL, typed dates
                    f"WHERE night_ending IN ({self._in_list()})"
                )
        total = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: S608
        self.report[m.name] = {
            "built": "incremental",
            "nights_recomputed": len(self.changed),
            "rows_carried": carried,
            "rows_recomputed": total - carried,
        }

    def finish(self) -> None:
        if self.ready is None:
            self._prepare()  # no incremental model: still record the signatures
        self.detach()

    def detach(self) -> None:
        if self.attached:
            self.con.execute("DETACH prev")
            self.attached = False
