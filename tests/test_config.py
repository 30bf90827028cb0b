from __future__ import annotations

import pytest

from intercepts.config import SAMPLE_SOURCES, ConfigError, load_sources

GOOD = """
[[source]]
id = "mod_russia"
kind = "telegram"
url = "https://t.me/s/mod_russia"
publisher = "Ministry of Defence of the Russian Federation"
claimant_kind = "official_federal"
language = "ru"
timezone = "Europe/Moscow"
"""


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_a_sources_file(tmp_path):
    (src,) = load_sources(write(tmp_path, GOOD))
    assert (src.id, src.kind, src.claimant_kind, src.timezone) == (
        "mod_russia",
        "telegram",
        "official_federal",
        "Europe/Moscow",
    )


def test_bundled_samples_cover_every_claimant_kind():
    kinds = {s.claimant_kind for s in load_sources(SAMPLE_SOURCES)}
    assert kinds == {"official_federal", "official_regional", "official_foreign", "media"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "telegram"', 'kind = "gopher"'), "kind 'gopher' is not one of"),
        (
            ('claimant_kind = "official_federal"', 'claimant_kind = "blogger"'),
            "claimant_kind 'blogger'",
        ),
        (('timezone = "Europe/Moscow"\n', ""), "missing key(s) timezone"),
        (('id = "mod_russia"', 'id = "../../etc"'), "id must match"),
    ],
)
def test_bad_entries_name_the_entry_and_key(tmp_path, change, message):
    with pytest.raises(
        ConfigError, match=r"source #1 .*" + message.replace("(", r"\(").replace(")", r"\)")
    ):
        load_sources(write(tmp_path, GOOD.replace(*change)))


def test_duplicate_ids_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="duplicate id"):
        load_sources(write(tmp_path, GOOD + GOOD))


def test_unreadable_toml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read sources file"):
        load_sources(write(tmp_path, "[[source]\nid="))


def test_extraction_settings_come_from_the_environment(monkeypatch, tmp_path):
    from intercepts.config import Settings

    monkeypatch.delenv("INTERCEPTS_EXTRACT_WORKERS", raising=False)
    monkeypatch.delenv("INTERCEPTS_DASK_ADDRESS", raising=False)
    default = Settings.from_env(tmp_path)
    assert (default.extract_workers, default.dask_address) == ("auto", None)
    monkeypatch.setenv("INTERCEPTS_EXTRACT_WORKERS", " 3 ")
    monkeypatch.setenv("INTERCEPTS_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    chosen = Settings.from_env(tmp_path)
    assert (chosen.extract_workers, chosen.dask_address) == (3, "tcp://10.0.0.5:8786")


@pytest.mark.parametrize("value", ["0", "-2", "many", "1.5", ""])
def test_a_bad_number_of_extraction_workers_names_the_variable(monkeypatch, tmp_path, value):
    from intercepts.config import Settings

    monkeypatch.setenv("INTERCEPTS_EXTRACT_WORKERS", value)
    with pytest.raises(ConfigError, match="INTERCEPTS_EXTRACT_WORKERS: expected 'auto'"):
        Settings.from_env(tmp_path)


def test_a_dask_address_without_dask_installed_says_what_to_install(monkeypatch, tmp_path):
    import sys

    from intercepts.config import Settings

    monkeypatch.setenv("INTERCEPTS_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails, as if not installed
    with pytest.raises(ConfigError, match=r"pip install 'intercepts\[scale\]'"):
        Settings.from_env(tmp_path)


@pytest.mark.parametrize(
    "value", ["not an address", "tcp://", "http://127.0.0.1:8786", "tcp://127.0.0.1:port"]
)
def test_a_dask_address_no_client_can_dial_is_refused(monkeypatch, tmp_path, value):
    from intercepts.config import Settings

    monkeypatch.setenv("INTERCEPTS_DASK_ADDRESS", value)
    with pytest.raises(ConfigError, match="INTERCEPTS_DASK_ADDRESS: .* such as tcp://host:8786"):
        Settings.from_env(tmp_path)


def test_listed_by_and_stale_after_days_are_optional_with_a_default(tmp_path):
    (plain,) = load_sources(write(tmp_path, GOOD))
    assert (plain.listed_by, plain.stale_after_days) == (None, 14)
    text = GOOD + 'listed_by = "the Ministry\'s website"\nstale_after_days = 30\n'
    (src,) = load_sources(write(tmp_path, text))
    assert (src.listed_by, src.stale_after_days) == ("the Ministry's website", 30)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('listed_by = ""', "listed_by must be a non-empty string"),
        ("listed_by = 3", "listed_by must be a non-empty string"),
        ("stale_after_days = 0", "stale_after_days must be a whole number of days"),
        ('stale_after_days = "14"', "stale_after_days must be a whole number of days"),
        ("stale_after_days = 2.5", "stale_after_days must be a whole number of days"),
        ("stale_after_days = true", "stale_after_days must be a whole number of days"),
    ],
)
def test_a_bad_listed_by_or_stale_after_days_names_the_entry(tmp_path, line, message):
    with pytest.raises(ConfigError, match=r"source #1 \(mod_russia\): " + message):
        load_sources(write(tmp_path, GOOD + line + "\n"))
