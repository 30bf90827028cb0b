"""Build the DuckDB warehouse from the landed Parquet with the SQL models in ``sql/``.

A small model runner, on purpose (see docs/performance.md and the README's architecture),
in rooms of its own:

- `models`: discovering ``sql/<layer>/<name>.sql`` and the ``<name>.yml`` beside each, their
  dependency order, what the warehouse records of them (``meta_models``, ``meta_columns``)
  and the fingerprint of the logic (models, reference tables, DuckDB);
- `data_tests`: the tests a model's yml declares, each a query returning offending rows;
- `inputs`: the landed and extracted Parquet a build reads, its listing and fingerprint;
- `stage`: the build's cache of those rows (``state/build_stage.duckdb``), read only from
  files it has not seen, with the per-document models (``incremental: doc_id``);
- `nights`: the per-night models (``incremental: night_ending``), carried from the previous
  build for the nights whose claims did not change;
- `revisions`: what ``fct_figure_revisions`` compares with, copied from the build replaced;
- `runner`: `build`, which runs them in that order and swaps the new file in atomically
  only after every error-severity data test passed.

The names below are the package's public entry points (``from intercepts import build``;
``build.build(warehouse, reference_tables)``).
"""

from intercepts.build.data_tests import TestResult, run_tests
from intercepts.build.inputs import LISTING_SCHEMA, inputs_fingerprint, list_inputs
from intercepts.build.models import LAYERS, BuildError, Model, discover_models, sql_dir
from intercepts.build.revisions import REVISIONS_LISTED
from intercepts.build.runner import DB_NAME, build, load_reference_tables
from intercepts.build.stage import stage_path, staged_models, start_from_stage, update_stage

__all__ = [
    "DB_NAME",
    "LAYERS",
    "LISTING_SCHEMA",
    "REVISIONS_LISTED",
    "BuildError",
    "Model",
    "TestResult",
    "build",
    "discover_models",
    "inputs_fingerprint",
    "list_inputs",
    "load_reference_tables",
    "run_tests",
    "sql_dir",
    "stage_path",
    "staged_models",
    "start_from_stage",
    "update_stage",
]
