from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PLANS = DATA / "plans"
TRUTH_2023 = PLANS / "conacoes-2023" / "truth.json"
TRUTH_2024 = PLANS / "plan-2024" / "truth.json"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
