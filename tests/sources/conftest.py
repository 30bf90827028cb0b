from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sources"


@pytest.fixture
def fixture_bytes():
    """The bytes of a fixture file in tests/fixtures/sources/, as a server would send them."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read
