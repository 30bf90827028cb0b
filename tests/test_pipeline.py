"""``pipeline.extract_claims``: extraction where the settings say, on local cores or on a
Dask cluster, with the same files either way."""

from __future__ import annotations

import socket

import pytest

from intercepts import pipeline
from intercepts.config import Settings
from tests.support.claims import claim_files, twin_histories

distributed = pytest.importorskip("distributed")


@pytest.fixture
def two_warehouses(tmp_path):
    return twin_histories(tmp_path, ("one", "other"), 200, seed=7)


def test_local_settings_extract_on_this_machine(two_warehouses):
    one, other = two_warehouses
    first = pipeline.extract_claims(Settings(warehouse=one, extract_workers=1), "r1")
    second = pipeline.extract_claims(Settings(warehouse=other, extract_workers=2), "r1")
    assert (first["workers"], second["workers"]) == (1, 2)
    assert "dask" not in first and pipeline.where_extracted(second) == "in 2 processes"
    assert claim_files(one) == claim_files(other)


def test_a_dask_address_extracts_on_that_cluster(two_warehouses):
    """A real scheduler on loopback: the workers get the batches' slices, the files are
    those of one process, and the run says where it extracted."""
    one, other = two_warehouses
    pipeline.extract_claims(Settings(warehouse=one, extract_workers=1), "r1")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        settings = Settings(warehouse=other, dask_address=cluster.scheduler_address)
        stats = pipeline.extract_claims(settings, "r1")
    assert stats["dask"] == cluster.scheduler_address and stats["versions"] >= 200
    assert not pipeline.fell_back_from_dask(stats)
    assert pipeline.where_extracted(stats) == f"on the Dask cluster at {cluster.scheduler_address}"
    assert claim_files(one) == claim_files(other)


def test_an_unreachable_cluster_extracts_locally_and_says_so(two_warehouses, monkeypatch):
    one, other = two_warehouses
    pipeline.extract_claims(Settings(warehouse=one, extract_workers=1), "r1")
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(pipeline, "_DASK_CONNECT_S", 1)
    settings = Settings(warehouse=other, dask_address=f"tcp://127.0.0.1:{port}")
    stats = pipeline.extract_claims(settings, "r1")
    assert stats["dask"].startswith("unreachable, extracted locally")
    assert pipeline.fell_back_from_dask(stats)
    assert pipeline.where_extracted(stats).startswith("Dask unreachable")
    assert claim_files(one) == claim_files(other)


def test_nothing_pending_does_not_wait_on_the_cluster(two_warehouses, monkeypatch):
    one, _ = two_warehouses
    pipeline.extract_claims(Settings(warehouse=one, extract_workers=1), "r1")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(pipeline, "_DASK_CONNECT_S", 1)
    stats = pipeline.extract_claims(
        Settings(warehouse=one, dask_address=f"tcp://127.0.0.1:{port}"), "r2"
    )
    assert stats["versions"] == 0 and "dask" not in stats  # never tried to connect
    assert pipeline.where_extracted(stats) == "nothing to read"
