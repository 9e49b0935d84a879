"""The test suite's own guard: a font or tool a test needs fails the run in CI (CI=true),
where `make` installs everything, and only skips, with its reason, elsewhere."""

from __future__ import annotations

import pytest
from conftest import missing, require_module


def test_missing_requirement_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="is not installed"):
        missing("DejaVuSans.ttf is not installed")


def test_missing_requirement_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="is not installed"):
        missing("DejaVuSans.ttf is not installed")


def test_require_module_imports_or_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    assert require_module("json").dumps([1]) == "[1]"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no_such_module_here"):
        require_module("no_such_module_here")


@pytest.mark.xdist_group("tooling:grouping")
def test_xdist_keeps_the_tests_of_one_group_together(request: pytest.FixtureRequest) -> None:
    """Under `--dist loadgroup` xdist schedules by the '@group' suffix it adds to a grouped
    test's node id; when that suffix is lost (pytest 9.2 with pytest-xdist 3.8,
    pytest-dev/pytest-xdist#1386) nothing fails, but every worker extracts the same PDFs again
    (tests/plan_cases.py) and the suite takes twice as long. Outside xdist there is nothing
    to check."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by xdist with --dist loadgroup")
    assert request.node.nodeid.endswith("@tooling:grouping")
