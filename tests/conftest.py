from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

DATA = Path(__file__).parent / "data"
PLANS = DATA / "plans"
TRUTH_2023 = PLANS / "conacoes-2023" / "truth.json"
TRUTH_2024 = PLANS / "plan-2024" / "truth.json"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def variant_pdf(tmp_path_factory) -> Callable[[str], Path]:
    """A registered variant of tests/variants.py rendered once per test process: the readers'
    agreement test and the variants' truth tests read the same PDF (grouped per variant,
    `plan_cases.same_pdf`, so that the one worker running them renders it once)."""
    from variants import REGISTRY, FontMissing, load_truth, render_variant

    folder = tmp_path_factory.mktemp("variants")

    @cache
    def render(name: str) -> Path:
        try:
            return render_variant(name, load_truth(REGISTRY[name]), folder / f"{name}.pdf")
        except FontMissing as exc:
            missing(str(exc))

    return render


def in_ci() -> bool:
    """CI runs with CI=true; there `make` installs every font and tool the tests use."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing(reason: str) -> NoReturn:
    """A font or tool this test needs is not installed: a failure in CI (a silent skip there
    would let a whole family of tests stop running), a skip with the reason elsewhere."""
    if in_ci():
        pytest.fail(
            f"{reason} (CI=true: `make fonts` and the dev extras provide it)", pytrace=False
        )
    pytest.skip(reason)


def require_module(name: str) -> ModuleType:
    """Import a test-only dependency, or report it `missing`."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        missing(f"{name} is not installed ({exc})")
