"""Typed configuration: the sources file and the run settings.

One `Settings` object is built at the edge (CLI or flow parameters plus environment)
and passed down; nothing deeper reads the environment.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

KINDS = ("rss", "atom", "html", "telegram", "json")
CLAIMANT_KINDS = ("official_federal", "official_regional", "official_foreign", "media")
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
DEFAULT_STALE_AFTER_DAYS = 14

SAMPLES_DIR = Path(__file__).parent / "samples"
SAMPLE_SOURCES = SAMPLES_DIR / "sources.toml"


class ConfigError(ValueError):
    """The sources file or a setting is invalid; the message names the entry and key."""


@dataclass(frozen=True)
class Source:
    id: str  # safe as a path segment: [a-z0-9_-]
    kind: str
    url: str
    publisher: str
    claimant_kind: str
    language: str
    timezone: str
    comment: str = ""
    checked: bool = True  # False: the URL could not be verified from here
    # ISO 3166-2 code of the region a regional official speaks for: the extractor files the
    # source's statements that name no place ("над районом сбиты 4 беспилотника") under it
    region: str | None = None
    # where the source's name comes from (a reference list, the channel's own title): the
    # provenance a person checks before trusting an unverified entry
    listed_by: str | None = None
    # `sources check` calls the source stale when its newest post is older than this
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    base_url: str | None = None  # what "{sample_base}" in url stands for (the bundled samples)

    @property
    def fetch_url(self) -> str:
        """The URL to request. Records keep ``url`` as configured, so the samples' loopback
        port never leaks into the warehouse and re-runs give identical rows."""
        if self.base_url is None:
            return self.url
        return self.url.replace("{sample_base}", self.base_url)

    def with_base(self, base_url: str) -> Source:
        return replace(self, base_url=base_url)


@dataclass(frozen=True)
class Settings:
    warehouse: Path = Path("warehouse")
    user_agent: str = "intercepts/0.1 (+https://github.com/intercepts/intercepts; claims research)"
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 20.0
    max_response_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff_factor_s: float = 0.5
    # worker processes for extraction: "auto" (one per core once enough is unread) or a number
    extract_workers: int | str = "auto"
    # a running Dask scheduler ("tcp://host:8786") to extract on instead of local processes
    dask_address: str | None = None

    @classmethod
    def from_env(cls, warehouse: Path | str | None = None) -> Settings:
        """Settings from INTERCEPTS_* environment variables; arguments win."""
        env = os.environ
        return cls(
            warehouse=Path(warehouse or env.get("INTERCEPTS_WAREHOUSE", "warehouse")),
            user_agent=env.get("INTERCEPTS_USER_AGENT", cls.user_agent),
            connect_timeout_s=float(env.get("INTERCEPTS_CONNECT_TIMEOUT", cls.connect_timeout_s)),
            read_timeout_s=float(env.get("INTERCEPTS_READ_TIMEOUT", cls.read_timeout_s)),
            max_response_bytes=int(env.get("INTERCEPTS_MAX_BYTES", cls.max_response_bytes)),
            retries=int(env.get("INTERCEPTS_RETRIES", cls.retries)),
            extract_workers=parse_workers(env.get("INTERCEPTS_EXTRACT_WORKERS", "auto")),
            dask_address=_dask_address(env.get("INTERCEPTS_DASK_ADDRESS")),
        )


def _dask_address(value: str | None) -> str | None:
    """``INTERCEPTS_DASK_ADDRESS``, refused at once when Dask is not installed to use it or
    the address is not one a Dask client can dial."""
    if not value:
        return None
    dask_client()
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(value.strip())
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as exc:
        raise ConfigError(
            f"INTERCEPTS_DASK_ADDRESS: {exc}; expected a scheduler's address such as "
            f"tcp://host:8786, got {value!r}"
        ) from None
    return value.strip()


def dask_client():
    """Dask's ``distributed.Client`` class, or a ConfigError saying what to install."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError(
            "INTERCEPTS_DASK_ADDRESS is set but Dask's distributed is not installed: "
            "pip install 'intercepts[scale]'"
        ) from exc
    return Client


def parse_workers(value: str) -> int | str:
    """``INTERCEPTS_EXTRACT_WORKERS``: "auto" or a whole number of at least 1."""
    text = value.strip().lower()
    if text == "auto":
        return "auto"
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(
            f"INTERCEPTS_EXTRACT_WORKERS: expected 'auto' or a whole number of at least 1, "
            f"got {value!r}"
        )
    return int(text)


def load_sources(path: Path | str) -> list[Source]:
    """Read a sources TOML file with one ``[[source]]`` table per source.

    Raises ConfigError naming the entry and the key when something is missing or wrong.
    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read sources file: {exc}") from exc
    entries = doc.get("source")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[source]] tables found")
    sources: list[Source] = []
    seen: set[str] = set()
    required = ("id", "kind", "url", "publisher", "claimant_kind", "language", "timezone")
    for n, entry in enumerate(entries, start=1):
        where = f"{path}: source #{n} ({entry.get('id', '?')})"
        missing = [k for k in required if not entry.get(k)]
        if missing:
            raise ConfigError(f"{where}: missing key(s) {', '.join(missing)}")
        if not _ID.match(entry["id"]):
            raise ConfigError(f"{where}: id must match {_ID.pattern}")
        if entry["id"] in seen:
            raise ConfigError(f"{where}: duplicate id")
        if entry["kind"] not in KINDS:
            raise ConfigError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        if entry["claimant_kind"] not in CLAIMANT_KINDS:
            raise ConfigError(
                f"{where}: claimant_kind {entry['claimant_kind']!r} is not one of {', '.join(CLAIMANT_KINDS)}"
            )
        region = entry.get("region")
        from intercepts.extract.gazetteer import known_region

        if region is not None and not known_region(region):
            raise ConfigError(
                f"{where}: region {region!r} is not an ISO 3166-2 code of a Russian or "
                "Ukrainian region (e.g. RU-BEL, UA-63)"
            )
        listed_by = entry.get("listed_by")
        if listed_by is not None and not (isinstance(listed_by, str) and listed_by.strip()):
            raise ConfigError(f"{where}: listed_by must be a non-empty string, got {listed_by!r}")
        stale_after_days = entry.get("stale_after_days", DEFAULT_STALE_AFTER_DAYS)
        if (
            not isinstance(stale_after_days, int)
            or isinstance(stale_after_days, bool)
            or stale_after_days < 1
        ):
            raise ConfigError(
                f"{where}: stale_after_days must be a whole number of days of at least 1, "
                f"got {stale_after_days!r}"
            )
        seen.add(entry["id"])
        sources.append(
            Source(
                id=entry["id"],
                kind=entry["kind"],
                url=entry["url"],
                publisher=entry["publisher"],
                claimant_kind=entry["claimant_kind"],
                language=entry["language"],
                timezone=entry["timezone"],
                comment=entry.get("comment", ""),
                checked=bool(entry.get("checked", True)),
                region=region,
                listed_by=listed_by,
                stale_after_days=stale_after_days,
            )
        )
    return sources
