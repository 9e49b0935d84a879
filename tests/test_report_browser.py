"""The review pages in a real browser: headless Chromium (Debian's `chromium`) driven by
Selenium through Debian's `chromium-driver`.

Outside CI these tests skip, with the reason, where the browser is missing; in CI (env
CI=true) they fail instead (`conftest.missing`), since `.ci/run` installs it. Screenshots are
kept under tests/artifacts/browser/ (gitignored; PLAN_EXTRACT_ARTIFACTS moves them).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import DATA as DATA_DIR
from conftest import PLANS, missing, require_module
from plan_cases import CASES, extracted, plan_of, same_case, same_pdf

from plan_extract.diff import diff_plans, word_diff
from plan_extract.export import plan_json
from plan_extract.models import CONTRACT_FIELDS, TEXT_FIELDS, Finding
from plan_extract.report.diff_page import write_diff_page, write_transcription_page
from plan_extract.report.plan_report import write_report
from plan_extract.transcription import audit_transcription, read_sheet

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1600,1000",
)
ARTIFACTS = Path(
    os.environ.get("PLAN_EXTRACT_ARTIFACTS", Path(__file__).parent / "artifacts" / "browser")
)
PDF_2023 = PLANS / "conacoes-2023" / "plan.pdf"
PDF_2024 = PLANS / "plan-2024" / "plan.pdf"


def _missing() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not shutil.which(path):
            return f"{path} is missing (.ci/run installs it: apt-get install -y {package})"
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test process, shared by every test of this module: each
    test opens its own page, and a browser started again for each group of tests that xdist
    sends to a worker (the tests join their PDF's group, `same_case`) cost seconds each."""
    require_module("selenium")
    reason = _missing()
    if reason:
        missing(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="plan-extract-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def open_page(driver, path: Path, fragment: str = "") -> None:
    driver.get(path.resolve().as_uri() + fragment)
    assert driver.execute_script("return document.body.dataset.ready") is not None
    assert console_errors(driver) == []


LANDING_TIMEOUT_S = 10.0
"""How long a click on a list link may take to land on its section: the page marks it in its
`hashchange` handler, a task the browser runs after the click returns (slow under load)."""


def click_to_land(driver, target: str):
    """Click the list link to section `target` and wait until the page has marked it `landed`;
    the section element. Reading the class right after the click raced the `hashchange` task."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.CSS_SELECTOR, f'a[data-target="{target}"]').click()
    section = driver.find_element(By.ID, target)
    WebDriverWait(driver, LANDING_TIMEOUT_S).until(
        lambda _: "landed" in (section.get_attribute("class") or "").split()
    )
    return section


def in_view(driver, element, container: str | None = None) -> bool:
    """Whether the element's box overlaps the visible part of its scrolling container."""
    return driver.execute_script(
        """const r = arguments[0].getBoundingClientRect();
        const c = arguments[1] ? document.querySelector(arguments[1]).getBoundingClientRect()
                               : {top: 0, bottom: innerHeight};
        return r.bottom > c.top && r.top < c.bottom;""",
        element,
        container,
    )


def shown(value) -> str:
    """How the record panel prints a value."""
    if value is None or value == "" or value == []:
        return "—"
    return " · ".join(value) if isinstance(value, list) else str(value)


ON_THE_2023_PLAN = same_case("plan-2023")
"""The tests of the 2023 plan's pages run in its PDF's group (`plan_cases.same_case`), where
the plan is extracted once and its report drawn once (`report_2023`)."""


@pytest.fixture(scope="session")
def report_2023(tmp_path_factory) -> tuple[Path, dict]:
    """The 2023 report with one review finding added (the plan itself has none): a
    `needs_review` plan, as a finding of the review makes it."""
    plan = extracted("plan-2023").model_copy(deep=True)
    _, activity = plan.activities()[5]
    plan.review.findings.append(
        Finding(
            check="word_accounting",
            severity="warning",
            activity_id=activity.activity_id,
            field="verification",
            page=activity.provenance["verification"][-1].page,
            message="test finding: a word of this cell may be missing",
        )
    )
    plan.review.status = "needs_review"
    out = tmp_path_factory.mktemp("report")
    path = write_report(plan, PDF_2023, out, "plan-2023")
    return path, json.loads(plan_json(plan))


def split_activity(plan_json_data: dict) -> tuple[int, str, list[int]]:
    """The first activity with a row cell (not a spanning one) printed on two pages."""
    position = 0
    for section in plan_json_data["sections"]:
        for activity in section["activities"]:
            for name in ("activity", *TEXT_FIELDS[3:]):
                pages = sorted({p["page"] for p in activity["provenance"].get(name, [])})
                if len(pages) > 1:
                    return position, name, pages
            position += 1
    raise AssertionError("the 2023 plan has cells cut by page breaks")


@ON_THE_2023_PLAN
def test_choose_an_activity_cut_by_a_page_break(browser, report_2023):
    from selenium.webdriver.common.by import By

    path, data = report_2023
    open_page(browser, path)
    position, name, pages = split_activity(data)
    browser.find_element(By.CSS_SELECTOR, f'li.act[data-activity="{position}"]').click()
    lit = browser.find_elements(By.CSS_SELECTOR, f'.piece.hl[data-field="{name}"]')
    assert sorted(int(e.get_attribute("data-page")) for e in lit) == pages
    # Each piece links to its other part, and the chosen activity is scrolled into view.
    for piece in lit:
        assert piece.find_elements(By.CSS_SELECTOR, ".link")
    assert any(
        in_view(browser, e, "#pages") for e in browser.find_elements(By.CSS_SELECTOR, ".piece.hl")
    )
    # Every piece of the activity, on every page, is highlighted, and nothing else.
    activity = [a for s in data["sections"] for a in s["activities"]][position]
    expected = {(f, p["page"]) for f, pieces in activity["provenance"].items() for p in pieces}
    got = {
        (e.get_attribute("data-field"), int(e.get_attribute("data-page")))
        for e in browser.find_elements(By.CSS_SELECTOR, ".piece.hl")
    }
    assert got == expected
    # The record shown is the JSON's.
    record = {k: v for k, v in activity.items() if k != "provenance"}
    compared: list[str] = []
    for field, value in record.items():
        row = f'#record-fields tr[data-field="{field}"] td'
        for cell in browser.find_elements(By.CSS_SELECTOR, row):
            assert cell.text == shown(value), field
            compared.append(field)
    assert compared == list(CONTRACT_FIELDS)
    shown_json = browser.execute_script("return document.getElementById('record-json').textContent")
    assert json.loads(shown_json) == record
    browser.save_screenshot(str(ARTIFACTS / "report-split-activity.png"))
    assert console_errors(browser) == []


@ON_THE_2023_PLAN
def test_open_findings(browser, report_2023):
    from selenium.webdriver.common.by import By

    path, data = report_2023
    open_page(browser, path)
    items = browser.find_elements(By.CSS_SELECTOR, "li.finding")
    assert items[0].get_attribute("data-source") == "review"  # the review's findings first
    assert {i.get_attribute("data-source") for i in items[1:]} == {"audit"}
    activities = [a for s in data["sections"] for a in s["activities"]]
    # The review finding lands on its activity's cell, on its page.
    items[0].click()
    finding = data["review"]["findings"][0]
    focus = browser.find_elements(By.CSS_SELECTOR, ".piece.focus")
    assert focus and {e.get_attribute("data-field") for e in focus} == {finding["field"]}
    assert finding["page"] in {int(e.get_attribute("data-page")) for e in focus}
    assert any(in_view(browser, e, "#pages") for e in focus)
    record = browser.find_element(By.ID, "record-id").text
    assert record == finding["activity_id"]
    browser.save_screenshot(str(ARTIFACTS / "report-review-finding.png"))
    # An audit finding about a field lands on that field of its activity, on its page.
    for item in items[1:]:
        index = int(item.get_attribute("data-finding"))
        entry = browser.execute_script(f"return DATA.findings[{index}]")
        if entry["activity"] is None or not entry["field"]:
            continue
        item.click()
        focus = browser.find_elements(By.CSS_SELECTOR, ".piece.focus")
        assert {e.get_attribute("data-field") for e in focus} == {entry["field"]}
        assert entry["page"] == min(int(e.get_attribute("data-page")) for e in focus)
        assert any(in_view(browser, e, "#pages") for e in focus)
        shown_id = browser.find_element(By.ID, "record-id").text
        assert shown_id == activities[entry["activity"]]["activity_id"]
        assert entry["check"] in item.text
        browser.save_screenshot(str(ARTIFACTS / "report-audit-finding.png"))
        break
    else:
        raise AssertionError("the 2023 plan has audit findings about a field")
    assert console_errors(browser) == []


@ON_THE_2023_PLAN
def test_search_filters_the_activities(browser, report_2023):
    from selenium.webdriver.common.by import By

    path, data = report_2023
    open_page(browser, path)
    activities = [a for s in data["sections"] for a in s["activities"]]
    word = "Ecompa"
    browser.find_element(By.ID, "search").send_keys(word)
    visible = browser.find_elements(By.CSS_SELECTOR, "li.act:not(.hidden)")
    expected = [
        n for n, a in enumerate(activities)
        if any(word.lower() in str(v).lower() for k, v in a.items() if isinstance(v, str))
    ]  # fmt: skip
    assert expected and [int(e.get_attribute("data-activity")) for e in visible] == expected


@pytest.fixture(scope="session")
def diff_page(tmp_path_factory):
    diff = diff_plans(extracted("plan-2023"), extracted("plan-2024"))
    path = write_diff_page(diff, PDF_2023, PDF_2024, tmp_path_factory.mktemp("diff"))
    return path, diff


@ON_THE_2023_PLAN
def test_open_a_diff_change(browser, diff_page):
    from selenium.webdriver.common.by import By

    path, diff = diff_page
    open_page(browser, path)
    index, change = next(
        (k, c) for k, c in enumerate(diff.changes) if c.kind == "changed" and "target" in c.fields
    )
    section = click_to_land(browser, f"change-{index}")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", section)
    assert abs(top) < 2  # scrolled to the top of the window
    field = section.find_element(By.CSS_SELECTOR, '.field[data-field="target"]')
    for side, activity in (("old", change.old), ("new", change.new)):
        figures = field.find_elements(By.CSS_SELECTOR, f".side.{side} figure.crop")
        pages = sorted({p.page for p in activity.provenance["target"]})
        assert [int(f.get_attribute("data-page")) for f in figures] == pages
        assert field.find_elements(By.CSS_SELECTOR, f".side.{side} mark.hit")
    ops = word_diff(change.old.target, change.new.target, diff.rollover_years)
    changed_new = " ".join(op.new for op in ops if op.op != "equal" and op.new)
    inserted = " ".join(e.text for e in field.find_elements(By.CSS_SELECTOR, ".side.new ins"))
    assert inserted == changed_new
    # Rollover-only fields are folded away.
    for details in section.find_elements(By.CSS_SELECTOR, "details.rollover"):
        assert details.get_attribute("open") is None
    browser.save_screenshot(str(ARTIFACTS / "diff-change.png"))
    assert console_errors(browser) == []


LAYOUT_VARIANTS = sorted(name for name, (pdf, _) in CASES.items() if pdf.parent.name == "variants")
"""The 2023 plan as other producers and page layouts print it (tests/data/.../variants)."""


DOUBTFUL_LAYOUT = PLANS / "docx" / "docx-legal-box-group-header-flat-justified.pdf"
"""A Word layout printed by LibreOffice that still extracts wrongly (the undecidable
'Paniamor-' / 'Programa' line end; docx-letter-unbordered-bottom-sparse, the layout this was
before, is exact since the merged cells' alignment is read from blocks side by side): its
review page must open as cleanly, with its findings."""


@pytest.mark.parametrize(
    "name",
    [
        *(pytest.param(name, marks=same_case(name)) for name in LAYOUT_VARIANTS),
        pytest.param(DOUBTFUL_LAYOUT.stem, marks=same_pdf("docx", DOUBTFUL_LAYOUT.stem)),
    ],
)
def test_reports_of_other_layouts_open_cleanly(browser, name, tmp_path):
    """Other layouts and producers: the page opens with every activity listed and every piece
    drawn, and no console error; a doubtful one as well."""
    from selenium.webdriver.common.by import By

    if name == DOUBTFUL_LAYOUT.stem:
        pdf = DOUBTFUL_LAYOUT
        plan = plan_of(pdf)
        assert plan.review.status == "needs_review"
    else:
        pdf = CASES[name][0]
        plan = extracted(name)
    path = write_report(plan, pdf, tmp_path, name)
    open_page(browser, path)
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.act")) == len(plan.activities())
    pieces = {
        (piece.page, name)
        for _, activity in plan.activities()
        for name, printed in activity.provenance.items()
        for piece in printed
    }
    drawn = {
        (int(e.get_attribute("data-page")), e.get_attribute("data-field"))
        for e in browser.find_elements(By.CSS_SELECTOR, ".piece")
    }
    assert pieces == drawn
    browser.find_element(By.CSS_SELECTOR, 'li.act[data-activity="0"]').click()
    assert browser.find_elements(By.CSS_SELECTOR, ".piece.hl")
    browser.save_screenshot(str(ARTIFACTS / f"report-{name}.png"))
    assert console_errors(browser) == []


@ON_THE_2023_PLAN
def test_open_a_transcription_difference(browser, tmp_path):
    from selenium.webdriver.common.by import By

    plan = extracted("plan-2023")
    sheet = read_sheet(DATA_DIR / "transcription-2023-five-edits.csv", {})
    report = audit_transcription(plan, sheet)
    path = write_transcription_page(report, plan, PDF_2023, tmp_path)
    open_page(browser, path)
    last = len(report.differences) - 1
    section = click_to_land(browser, f"difference-{last}")
    assert in_view(browser, section)
    difference = report.differences[last]
    figure = section.find_element(By.CSS_SELECTOR, ".side.old figure.crop")
    assert int(figure.get_attribute("data-page")) == difference.page
    assert section.find_element(By.CSS_SELECTOR, ".side.new .text").text == difference.sheet
    browser.save_screenshot(str(ARTIFACTS / "transcription-difference.png"))
    assert console_errors(browser) == []
