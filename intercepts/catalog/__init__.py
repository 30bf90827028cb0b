"""Source catalogs shipped with the package: curated sources files ready to run.

``CATALOGS`` maps a short name to its bundled file, so that ``--sources real`` means
``intercepts/catalog/real.toml`` wherever the package is installed. A catalog name may
carry a subset after a colon, chosen by role or by region, without copying the file:

* ``real:federal``, ``real:regional``, ``real:ukraine``, ``real:media``: the sources of one
  role (:data:`ROLES`, by their ``claimant_kind``);
* ``real:RU-BEL`` (any ISO 3166-2 code some source of the catalog has as its ``region``):
  the sources that speak for that region.

Anything that is not a catalog name is taken as a path to a sources file.
"""

from __future__ import annotations

from pathlib import Path

from intercepts.config import ConfigError, Source, load_sources

CATALOG_DIR = Path(__file__).parent
REAL_SOURCES = CATALOG_DIR / "real.toml"

CATALOGS: dict[str, Path] = {"real": REAL_SOURCES}

# A role is the claimant kind of its sources. "ukraine" is official_foreign: in this
# project the foreign officials are the Ukrainian ones (the Air Force, the General Staff,
# the oblast military administrations); the Russian-installed heads of Crimea and
# Sevastopol are regional officials of the Russian side, whatever their ISO code.
ROLES: dict[str, str] = {
    "federal": "official_federal",
    "regional": "official_regional",
    "ukraine": "official_foreign",
    "media": "media",
}


def resolve_sources(option: Path | str) -> Path:
    """The sources file an ``--sources`` option names: an existing path as given, else a
    bundled catalog by name (``real``, and ``real:<subset>`` names its file too), else the
    path as given (so the error names it)."""
    path = Path(option)
    if path.exists():
        return path
    name = str(option).split(":", 1)[0]
    return CATALOGS.get(name, path)


def select_sources(option: Path | str) -> list[Source]:
    """The sources an ``--sources`` option names: every source of a file (an existing path,
    or a catalog by name), or a catalog's subset ``<catalog>:<role or region>``.

    Raises ConfigError for a subset no source of the catalog belongs to, listing the valid
    names; a file that does not exist is the ConfigError of :func:`load_sources`."""
    path = Path(option)
    if path.exists():
        return load_sources(path)
    name, _, subset = str(option).partition(":")
    if name not in CATALOGS:
        return load_sources(path)
    sources = load_sources(CATALOGS[name])
    if not subset:
        return sources
    if subset in ROLES:
        chosen = [s for s in sources if s.claimant_kind == ROLES[subset]]
    else:
        chosen = [s for s in sources if s.region == subset]
    if not chosen:
        raise ConfigError(
            f"--sources {option}: no such subset of the {name!r} catalog; valid names: "
            + ", ".join(subset_names(name))
        )
    return chosen


def subset_names(name: str = "real") -> list[str]:
    """Every name ``--sources`` accepts for catalog ``name``: the whole catalog, its roles,
    then its regions in code order (``real``, ``real:federal``, ..., ``real:RU-BEL``, ...)."""
    regions = sorted({s.region for s in load_sources(CATALOGS[name]) if s.region})
    return [name] + [f"{name}:{role}" for role in ROLES] + [f"{name}:{r}" for r in regions]


def sources_parameter(option: Path | str) -> str:
    """What a deployment stores for ``--sources``: a catalog name (with its subset) as is,
    so the installed package's file is read at run time; a file as its absolute path."""
    path = Path(option)
    if not path.exists() and str(option).split(":", 1)[0] in CATALOGS:
        return str(option)
    return str(path.resolve())
