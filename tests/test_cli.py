"""The extract command as a batch tool: a bad file never stops the others, outputs are whole or
absent, parallel runs give the same files, and the CLI imports only what the command needs."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS
from pypdf import PdfReader, PdfWriter

from plan_extract.cli import build_parser, main
from plan_extract.commands import extract as extract_command
from plan_extract.commands.extract import Job, Limits, Outcome, run_jobs

PLAN = PLANS / "conacoes-2023" / "plan.pdf"
PLAN_2024 = PLANS / "plan-2024" / "plan.pdf"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    """The first pages of the 2023 and 2024 plans: real plans, quick to extract."""
    folder = tmp_path_factory.mktemp("small")
    paths = []
    for source, name, pages in ((PLAN, "a.pdf", 4), (PLAN_2024, "b.pdf", 3)):
        writer = PdfWriter()
        for page in PdfReader(source).pages[:pages]:
            writer.add_page(page)
        with (folder / name).open("wb") as handle:
            writer.write(handle)
        paths.append(folder / name)
    return paths[0], paths[1]


@pytest.fixture()
def truncated(tmp_path) -> Path:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(PLAN.read_bytes()[:150_000])
    return path


def test_batch_of_good_and_truncated_writes_the_good_one_and_fails(tmp_path, truncated) -> None:
    """The whole program, as a user runs it: one line for the bad file, the good file's
    outputs, a summary, exit status 1, no traceback."""
    out = tmp_path / "out"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "plan_extract.cli", "extract"),
            *(str(truncated), str(PLAN), "--out", str(out)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{truncated}: error: truncated PDF: no %%EOF marker at the end (150000 bytes)"
    ]
    assert "Traceback" not in done.stdout
    assert done.stdout.splitlines()[-1] == f"1 of 2 files extracted into {out}, 1 failed"
    assert sorted(p.name for p in out.iterdir()) == ["plan.csv", "plan.json"]
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert sum(len(s["activities"]) for s in plan["sections"]) == 40


def test_parallel_jobs_write_the_same_files_as_one_job(tmp_path, small, truncated, capfd) -> None:
    a, b = small
    pdfs = [str(a), str(truncated), str(b)]
    assert main(["extract", *pdfs, "--out", str(tmp_path / "one")]) == 1
    assert main(["extract", *pdfs, "--out", str(tmp_path / "two"), "--jobs", "2"]) == 1
    err = capfd.readouterr().err
    assert err.count(f"{truncated}: error: truncated PDF") == 2
    for name in ("a.json", "a.csv", "a.review.md", "b.json", "b.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == [
        "a.csv",
        "a.json",
        "a.review.md",  # its last row is cut by the end of the file (4 pages of the plan)
        "b.csv",
        "b.json",
    ]


def test_quiet_prints_only_failures(tmp_path, small, truncated, capfd) -> None:
    assert main(["extract", str(small[0]), str(truncated), "--out", str(tmp_path), "-q"]) == 1
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{small[0]}: needs review: 3 findings (first: page 4, cut_text: activity ends "
        "mid-sentence: “…ealizar capacitaciones para la prevención del abuso sexual y”)",
        f"{truncated}: error: truncated PDF: no %%EOF marker at the end (150000 bytes)",
    ]


def test_verbose_prints_limits_and_warnings(tmp_path, small, capfd) -> None:
    a = small[0]
    assert main(["extract", str(a), "--out", str(tmp_path), "-v", "--timeout", "90"]) == 3
    out = capfd.readouterr().out.splitlines()
    assert out[0].startswith("limits: 90 s and 1024 MiB per file, 300 pages")
    assert out[1].startswith(f"{a}: 1 sections, 10 activities → ")
    assert any(line.startswith(f"  {a}: note: ") for line in out[2:])


def test_same_output_name_twice_is_refused_not_overwritten(tmp_path, small, capfd) -> None:
    a, b = small
    copy = tmp_path / "copy" / "a.pdf"
    copy.parent.mkdir()
    shutil.copy(b, copy)
    assert main(["extract", str(a), str(copy), "--out", str(tmp_path / "out")]) == 1
    err = capfd.readouterr().err.splitlines()
    assert f"{copy}: error: output a.json is already that of {a}" in err
    assert [line for line in err if "error" in line] == [
        f"{copy}: error: output a.json is already that of {a}"
    ]
    plan = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    assert plan["document"]["year"] == 2023


def test_write_failure_leaves_no_half_of_the_outputs(tmp_path, small, capfd) -> None:
    out = tmp_path / "out"
    (out / "a.csv").mkdir(parents=True)  # the CSV cannot replace a directory
    assert main(["extract", str(small[0]), "--out", str(out)]) == 1
    err = capfd.readouterr().err
    assert err.startswith(f"{small[0]}: error: cannot write {out / 'a.csv'}")
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"]  # no a.json, no temp file


def test_top_level_debug_flag_reaches_the_command(tmp_path, capfd) -> None:
    pdf = tmp_path / "noise.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(5000) + b"\n%%EOF\n")
    assert main(["--debug", "extract", str(pdf), "--out", str(tmp_path / "out")]) == 1
    assert "Traceback" in capfd.readouterr().err


def test_unexpected_command_failure_is_one_line(tmp_path, capfd, monkeypatch) -> None:
    def broken(_args):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(extract_command, "run", broken)
    assert main(["extract", str(PLAN), "--out", str(tmp_path)]) == 1
    err = capfd.readouterr().err
    assert err == (
        "plan-extract extract: error: RuntimeError: disk on fire second line "
        "(--debug shows the traceback)\n"
    )
    with pytest.raises(RuntimeError):
        main(["--debug", "extract", str(PLAN), "--out", str(tmp_path)])


def test_interrupted_run_leaves_no_worker_behind(tmp_path, small) -> None:
    jobs = [Job(small[1], f"p{i}", limits=Limits()) for i in range(4)]

    def interrupt(_outcome: Outcome) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_jobs(jobs, tmp_path, 2, interrupt)
    assert multiprocessing.active_children() == []
    assert len(list(tmp_path.iterdir())) == 2  # the first file, whole; nothing of the others


def test_progress_bar_on_a_terminal(tmp_path, small, truncated, capsys, monkeypatch) -> None:
    """With both streams on a terminal the lines go above a (transient) progress bar."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert main(["extract", str(truncated), str(small[0]), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{truncated}: error: truncated PDF" in err
    assert f"{small[0]}: 1 sections, 10 activities" in err


def _printed_by(code: str, *args: str) -> str:
    """What `code` prints in a fresh interpreter (run with `args`): the imports of a command
    are only seen from outside the test process, which has imported everything."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_command_line_imports_only_the_command_it_runs() -> None:
    """`extract` must not pay for pandas, pyarrow and openpyxl (other commands' needs)."""
    code = (
        "import sys; from plan_extract.cli import build_parser; "
        "build_parser(['extract', 'x.pdf']); "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'openpyxl', 'camelot') if m in sys.modules))"
    )
    assert _printed_by(code) == "[]"


def test_extract_imports_no_stage_before_its_worker_reads() -> None:
    """The command's process imports the reader only: the stages, the models (pydantic) and
    the review are imported by each worker while its pages are read (`extract_job`)."""
    code = (
        "import sys; from plan_extract.cli import build_parser; "
        "build_parser(['extract', 'x.pdf']); import plan_extract.pdf.pdfium_reader; "
        "print(sorted(m for m in ('plan_extract.pipeline', 'plan_extract.models', "
        "'plan_extract.review', 'plan_extract.export', 'pydantic') if m in sys.modules))"
    )
    assert _printed_by(code) == "[]"


def test_one_file_is_read_by_a_helper_while_its_worker_imports_the_stages(tmp_path, small) -> None:
    """For one file the command's process imports neither the stages nor the reader's
    libraries, and its worker imports the stages while a helper reads the file
    (`page_pool.beside`): the worker never loads pypdf or pdfium, and the plan is read. (The
    command's file is refused at once by --max-pages: what the worker finds does not matter
    there.)"""
    libraries = "('pypdf', 'pypdfium2', 'plan_extract.pipeline', 'pydantic')"
    command = (
        "import sys; from plan_extract.cli import main; "
        "main(['extract', sys.argv[2], '--out', sys.argv[1], '-q', '--max-pages', '1']); "
        f"print(sorted(m for m in {libraries} if m in sys.modules))"
    )
    assert _printed_by(command, str(tmp_path), str(small[1])).split("\n")[-1] == "[]"
    worker = (
        "import sys; from pathlib import Path; "
        "from plan_extract.commands.extract import Job, Limits, extract_job; "
        "from plan_extract.pdf.reader import ReadLimits; "
        "limits = Limits(read=ReadLimits(page_readers=2)); "
        "plan = extract_job(Job(Path(sys.argv[1]), 'b', limits=limits)); "
        f"print(len(plan.sections), sorted(m for m in {libraries} if m in sys.modules))"
    )
    assert _printed_by(worker, str(small[1])) == "1 ['plan_extract.pipeline', 'pydantic']"


def test_the_worker_loads_what_enriching_reads_while_the_file_is_read() -> None:
    """`_import_stages` (the worker's work while a helper reads its file) also loads the
    gazetteer, the target and date grammars and the fuzzy matcher, so that the plan's
    enrichment does not wait for them."""
    code = (
        "import sys; from plan_extract.commands.extract import _import_stages; "
        "from plan_extract import dates, institutions, targets; _import_stages(); "
        "print([f.cache_info().currsize for f in (institutions.default_gazetteer, "
        "targets.grammar, dates.date_grammar)], 'rapidfuzz.process' in sys.modules)"
    )
    assert _printed_by(code) == "[1, 1, 1] True"


def test_a_batch_imports_the_stages_once_for_the_workers_to_come(tmp_path, small) -> None:
    """With files still waiting once the first worker is forked, the command's process
    imports the stages, so that the later workers start with them (each would import them
    again); with one file it never does. (Refused at once by --max-pages: what the workers
    find does not matter here.)"""
    code = (
        "import sys; from plan_extract.cli import main; "
        "main(['extract', *sys.argv[2:], '--out', sys.argv[1], '-q', '--max-pages', '1']); "
        "print('plan_extract.pipeline' in sys.modules)"
    )
    for pdfs, warmed in ((small[:1], "False"), (small, "True")):
        assert _printed_by(code, str(tmp_path), *map(str, pdfs)).split()[-1] == warmed


def test_help_and_unknown_commands_still_list_every_command(capsys) -> None:
    parser = build_parser(["--help"])
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"extract", "schema", "export", "diff", "audit"} <= set(choices)
    with pytest.raises(SystemExit):
        main(["extrct", "x.pdf"])
    assert "invalid choice: 'extrct'" in capsys.readouterr().err


def test_a_batch_keeps_no_output_text_in_memory(tmp_path, small) -> None:
    outcomes = run_jobs([Job(p, p.stem) for p in small], tmp_path, 2, lambda _outcome: None)
    assert sorted(p.name for o in outcomes for p in o.written) == [
        "a.csv",
        "a.json",
        "a.review.md",
        "b.csv",
        "b.json",
    ]
    assert all(o.texts == {} and o.error is None for o in outcomes)


def test_help_and_a_typo_import_no_command() -> None:
    """`plan-extract --help` and a mistyped command list the commands without importing any
    command's module (nor pandas, pdfplumber or pydantic, which they pull in)."""
    code = (
        "import sys; from plan_extract.cli import build_parser; "
        "build_parser(['--help']); build_parser(['extrct', 'x.pdf']); "
        "print(sorted(m for m in sys.modules if m.startswith('plan_extract.commands.') "
        "or m in ('pandas', 'pdfplumber', 'pydantic', 'pypdf', 'pypdfium2')))"
    )
    assert _printed_by(code) == "[]"
