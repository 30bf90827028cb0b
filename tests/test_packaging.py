"""A plain `pip install .` must carry everything used at run time (an editable install hides gaps)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_ships_sql_samples_flows_and_gazetteer(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("intercepts-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    models = {p.relative_to(ROOT / "sql").as_posix() for p in (ROOT / "sql").rglob("*.sql")}
    assert {f"intercepts/_sql/{m}" for m in models} <= names
    for needed in (
        "flows/nightly.py",
        "flows/demo.py",
        "intercepts/samples/sources.toml",
        "intercepts/extract/data/forms.tsv",
        "intercepts/catalog/real.toml",
    ):
        assert needed in names, needed
    snapshots = [n for n in names if n.startswith("intercepts/samples/site/night-")]
    assert len(snapshots) >= 15
