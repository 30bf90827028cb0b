"""Source catalogs shipped with the package: curated sources files ready to run.

``CATALOGS`` maps a short name to its bundled file, so that ``--sources real`` means
``intercepts/catalog/real.toml`` wherever the package is installed. Anything that is
not a catalog name is taken as a path.
"""

from __future__ import annotations

from pathlib import Path

CATALOG_DIR = Path(__file__).parent
REAL_SOURCES = CATALOG_DIR / "real.toml"

CATALOGS: dict[str, Path] = {"real": REAL_SOURCES}


def resolve_sources(option: Path | str) -> Path:
    """The sources file an ``--sources`` option names: an existing path as given, else a
    bundled catalog by name (``real``), else the path as given (so the error names it)."""
    path = Path(option)
    if path.exists():
        return path
    return CATALOGS.get(str(option), path)
