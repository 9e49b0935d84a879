from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PLANS = DATA / "plans"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
