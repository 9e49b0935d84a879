"""Year-over-year diff: pairing, rollover folding, outputs, and the 2023 -> 2024 expectation."""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

from conftest import PLANS, TRUTH_2023, TRUTH_2024
from plan_cases import extracted, same_case

from plan_extract.cli import main
from plan_extract.diff import (
    PlanDiff,
    compare_values,
    diff_plans,
    markdown_word_diff,
    pair_activities,
    render_markdown,
    shift_years,
    word_diff,
)
from plan_extract.models import CONTRACT_FIELDS, Activity, Plan

EXPECTED_2024 = PLANS / "plan-2024" / "expected-diff-from-2023.json"


def load(path: Path) -> Plan:
    return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))


def folded(text: str | None) -> str | None:
    """Activity text as the acceptance check compares it: years folded, whitespace collapsed."""
    if text is None:
        return None
    return re.sub(r"\s+", " ", re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", "YYYY", text)).strip()


def change_keys(diff: PlanDiff) -> Counter:
    keys = Counter()
    for c in diff.changes:
        old = folded(c.old.activity) if c.old else None
        new = folded(c.new.activity) if c.new else None
        keys[(c.kind, c.section, old, new, frozenset(c.fields))] += 1
    return keys


def expected_keys(path: Path) -> Counter:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Counter(
        (
            c["kind"],
            c["section"],
            folded(c["old_activity"]),
            folded(c["new_activity"]),
            frozenset(c["fields"]),
        )
        for c in data["changes"]
    )


# --- values -----------------------------------------------------------------------------------


def test_compare_values_separates_rollover_from_change() -> None:
    assert compare_values("al cuarto trimestre 2023.", "al cuarto trimestre 2024.", 1) == "rollover"
    # A data year may stay while the deadline moves: still only a rollover.
    assert compare_values("datos del 2022, al 2023", "datos del 2022, al 2024", 1) == "rollover"
    assert compare_values("al cuarto trimestre 2023", "al cuarto trimestre 2025", 1) == "changed"
    assert compare_values("al cuarto trimestre 2023", "al cuarto trimestre 2024", 0) == "changed"
    assert compare_values("seis talleres 2023", "ocho talleres 2024", 1) == "changed"
    assert compare_values("  a\n b ", "a b", 1) == "same"
    assert compare_values(None, "", 1) == "same"
    # 2000 is a quantity here, not a year that must move.
    assert compare_values("2000 personas al 2023", "2000 personas al 2024", 1) == "rollover"


def test_word_diff_highlights_only_changed_words() -> None:
    ops = word_diff(
        "Al menos seis capacitaciones, al 2023.", "Al menos ocho capacitaciones, al 2024.", 1
    )
    assert [(o.op, o.old, o.new) for o in ops if o.op != "equal"] == [("replace", "seis", "ocho")]
    assert markdown_word_diff(ops) == "Al menos ~~seis~~ **ocho** capacitaciones, al 2024."
    strict = [o for o in word_diff("trimestre 2023.", "trimestre 2024.") if o.op != "equal"]
    assert [(o.old, o.new) for o in strict] == [("2023.", "2024.")]


# --- the 2023 -> 2024 plans -------------------------------------------------------------------


def test_2024_truth_diff_is_exactly_the_expected_changes() -> None:
    diff = diff_plans(load(TRUTH_2023), load(TRUTH_2024))
    assert diff.rollover_years == 1
    assert change_keys(diff) == expected_keys(EXPECTED_2024)
    assert diff.section_changes == [] and diff.document_changes == []
    assert diff.summary() == {
        "added": 2,
        "removed": 1,
        "changed": 5,
        "unchanged": 34,
        "section_changes": 0,
        "document_changes": 0,
    }
    # Every deadline moved: the rollover tally accounts for them instead of the change list.
    assert diff.rollover.by_field["target"] >= 30
    assert diff.rollover.section_fields == 2  # two signature dates
    assert diff.rollover.document_fields == 3  # title, year, approval


def test_renumbered_activity_is_one_change_naming_activity_number() -> None:
    diff = diff_plans(load(TRUTH_2023), load(TRUTH_2024))
    renumbered = [c for c in diff.changes if "activity_number" in c.fields]
    assert len(renumbered) == 1
    change = renumbered[0]
    assert (change.old.activity_number, change.new.activity_number) == ("4.1.6", "4.1.7")
    assert change.old.activity.startswith("Desarrollar Módulo “Ecompa”")


def test_strict_years_reports_rollovers_as_changes() -> None:
    diff = diff_plans(load(TRUTH_2023), load(TRUTH_2024), strict_years=True)
    assert diff.strict_years
    assert diff.summary()["changed"] > 30
    fields = {(d.section, d.field) for d in diff.section_changes}
    assert ("Subcomisión de Promoción y Prevención", "signature.signed_at") in fields
    assert {d.field for d in diff.document_changes} == {"title", "year", "approval"}
    meeting = next(
        c for c in diff.changes if c.old and c.old.activity.startswith("Realizar reuniones")
    )
    assert set(meeting.fields) == {"indicator", "target", "verification"}
    # The real edits are still there and still paired as one change each.
    assert sum(c.kind == "removed" for c in diff.changes) == 1
    assert sum(c.kind == "added" for c in diff.changes) == 2


def test_same_plan_has_no_changes() -> None:
    diff = diff_plans(load(TRUTH_2023), load(TRUTH_2023))
    assert diff.changes == [] and diff.section_changes == [] and diff.document_changes == []
    assert diff.rollover_years == 0 and diff.unchanged == 40


def test_reverse_diff_swaps_added_and_removed() -> None:
    diff = diff_plans(load(TRUTH_2024), load(TRUTH_2023))
    assert diff.rollover_years == -1
    counts = Counter(c.kind for c in diff.changes)
    assert counts == {"changed": 5, "added": 1, "removed": 2}


# --- a year the matcher has not seen ----------------------------------------------------------


def rolled(plan: Plan, years: int) -> Plan:
    """The plan as next-next year's would print it: every year moved forward."""
    text = shift_years(plan.model_dump_json(), years)
    return Plan.model_validate(json.loads(text))


def find(plan: Plan, section_prefix: str, number: str, start: str = "") -> Activity:
    hits = [
        a
        for s, a in plan.activities()
        if s.name.startswith(section_prefix)
        and a.activity_number == number
        and a.activity.startswith(start)
    ]
    assert len(hits) == 1, (section_prefix, number, start)
    return hits[0]


def synthetic_next_plan() -> tuple[Plan, Plan, Counter]:
    """2023 plan and an edited plan two years later, with the changes a test should find."""
    old = load(TRUTH_2023)
    new = rolled(old, 2)
    promo, defensa = "Subcomisión de Promoción", "Subcomisión de Defensa"
    expect: Counter = Counter()

    def key(kind: str, section: str, a: Activity | None, b: Activity | None, fields: set[str]):
        name = next(s.name for s in old.sections if s.name.startswith(section))
        return (
            kind,
            name,
            folded(a.activity) if a else None,
            folded(b.activity) if b else None,
            frozenset(fields),
        )

    # moved to another objective (and renumbered there)
    a = find(old, promo, "2.3.5")
    b = find(new, promo, "2.3.5")
    b.objective_number, b.objective, b.activity_number = (
        "2.2",
        find(new, promo, "2.2.1").objective,
        "2.2.5",
    )
    expect[key("changed", promo, a, b, {"objective_number", "objective", "activity_number"})] += 1
    # a few words of the activity edited
    a = find(old, promo, "4.1.3")
    b = find(new, promo, "4.1.3")
    b.activity = b.activity.replace("Desarrollar", "Implementar")
    expect[key("changed", promo, a, b, {"activity"})] += 1
    # the activity text rewritten entirely; number and everything else kept
    a = find(old, defensa, "3.1.2")
    b = find(new, defensa, "3.1.2")
    b.activity = (
        "Organizar un foro nacional sobre la respuesta judicial a la explotación sexual comercial."
    )
    expect[key("changed", defensa, a, b, {"activity"})] += 1
    # a target quantity and a verification edited, in the same activity
    a = find(old, promo, "2.2.2")
    b = find(new, promo, "2.2.2")
    b.target = b.target.replace("Al menos 2", "Al menos 5")
    b.verification = "Listas de asistencia y fotografías."
    expect[key("changed", promo, a, b, {"target", "verification"})] += 1
    # the duplicate 4.1.6 fixed by renumbering the second one
    a = find(old, promo, "4.1.6", "Desarrollar Módulo “Ecompa”")
    b = find(new, promo, "4.1.6", "Desarrollar Módulo “Ecompa”")
    b.activity_number = "4.1.7"
    expect[key("changed", promo, a, b, {"activity_number"})] += 1
    # two activities removed, one added
    for section, number in ((promo, "2.3.1"), (defensa, "1.3.1")):
        gone = find(new, section, number)
        for s in new.sections:
            if gone in s.activities:
                s.activities.remove(gone)
        expect[key("removed", section, find(old, section, number), None, set())] += 1
    added = Activity(
        strategic_action_number="3",
        strategic_action=find(new, promo, "3.1.1").strategic_action,
        objective_number="3.1",
        objective=find(new, promo, "3.1.1").objective,
        activity_number="3.1.4",
        activity="Elaborar un mapa de riesgo comunal de ESCNNA con los Subsistemas Locales.",
        collaborators="PANI",
        responsible="Subcomisión de Trabajo de Promoción y Prevención.",
        indicator="Mapa de riesgo elaborado.",
        target="Un mapa de riesgo al tercer trimestre 2025.",
        verification="Documento del mapa.",
    )
    section = next(s for s in new.sections if s.name.startswith(promo))
    index = section.activities.index(find(new, promo, "3.1.3")) + 1
    section.activities.insert(index, added)
    expect[key("added", promo, None, added, set())] += 1
    return old, new, expect


def test_unseen_year_edits_are_each_one_change() -> None:
    old, new, expect = synthetic_next_plan()
    diff = diff_plans(old, new)
    assert diff.rollover_years == 2
    assert change_keys(diff) == expect
    assert diff.section_changes == [] and diff.document_changes == []


def test_pairing_prefers_same_number_among_identical_texts() -> None:
    base = dict(
        activity="Reunión de seguimiento.", responsible="ST", target="Diez reuniones al 2023."
    )
    old = [Activity(activity_number="1.1.1", **base), Activity(activity_number="1.1.2", **base)]
    new = [Activity(activity_number="1.1.2", **base), Activity(activity_number="1.1.1", **base)]
    assert sorted((i, j) for i, j, _ in pair_activities(old, new)) == [(0, 1), (1, 0)]


def test_replaced_activity_is_not_paired_with_its_replacement() -> None:
    old = load(TRUTH_2023)
    new = load(TRUTH_2024)
    diff = diff_plans(old, new)
    removed = [c.old.activity_number for c in diff.changes if c.kind == "removed"]
    added = [c.new.activity_number for c in diff.changes if c.kind == "added"]
    assert removed == ["2.3.8"] and added == ["2.3.10", None]


# --- outputs ----------------------------------------------------------------------------------


def test_markdown_groups_by_section_with_word_highlights() -> None:
    md = render_markdown(diff_plans(load(TRUTH_2023), load(TRUTH_2024)))
    sections = [line for line in md.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Subcomisión de Promoción y Prevención",
        "## Subcomisión de Atención Integral a la Víctima",
        "## Subcomisión de Defensa y Protección de Derechos",
    ]
    assert "Al menos ~~seis~~ **ocho** capacitaciones" in md
    assert "### Changed 4.1.6 → 4.1.7:" in md
    assert "### Removed 2.3.8:" in md
    assert "- **responsible**: ~~Grupo Warnath~~ **Patronato Nacional de la Infancia (PANI)**" in md


def test_cli_writes_json_markdown_and_csv(tmp_path: Path) -> None:
    code = main(["diff", str(TRUTH_2023), str(TRUTH_2024), "--out", str(tmp_path)])
    assert code == 0
    data = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert data["old"]["year"] == 2023 and data["new"]["year"] == 2024
    assert data["rollover_years"] == 1
    assert data["section_changes"] == []
    assert len(data["changes"]) == 8
    # diff.json compares with the expectation file the way the acceptance check reads it
    assert Counter(
        (
            c["kind"],
            c["section"],
            folded(c["old_activity"]),
            folded(c["new_activity"]),
            frozenset(c["fields"]),
        )
        for c in data["changes"]
    ) == expected_keys(EXPECTED_2024)
    assert all((c["old"] or {}).get("activity") == c["old_activity"] for c in data["changes"])
    change = next(c for c in data["changes"] if c["fields"] == ["target"])
    assert set(change) >= {"kind", "section", "old", "new", "fields"}
    assert change["old"]["activity_number"] == "2.3.7" and "pages" in change["old"]
    with (tmp_path / "diff.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # one row per changed field (5 changes, 6 fields) + one per added/removed activity
    assert len(rows) == 6 + 3
    target = next(r for r in rows if r["field"] == "target")
    assert "seis" in target["old_value"] and "ocho" in target["new_value"]
    assert (tmp_path / "diff.md").read_text(encoding="utf-8").startswith("# Diff:")


def test_cli_strict_years(tmp_path: Path) -> None:
    assert (
        main(["diff", str(TRUTH_2023), str(TRUTH_2024), "--out", str(tmp_path), "--strict-years"])
        == 0
    )
    data = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert data["strict_years"] is True
    assert len(data["section_changes"]) == 2
    assert len(data["changes"]) > 30


@same_case("plan-2023")  # the plan's group: extracted once (plan_cases)
def test_2024_pdf_diff_is_exactly_the_expected_changes() -> None:
    """End to end from the two PDFs (extraction, then diff)."""
    diff = diff_plans(extracted("plan-2023"), extracted("plan-2024"))
    assert change_keys(diff) == expected_keys(EXPECTED_2024)
    assert all(c.new.pages for c in diff.changes if c.new)


def test_replacement_reusing_the_old_number_is_remove_and_add() -> None:
    """The last activity of an objective removed and a new one numbered in its place."""
    old = load(TRUTH_2023)
    new = rolled(old, 1)
    section = next(s for s in new.sections if s.name.startswith("Subcomisión de Promoción"))
    index = section.activities.index(find(new, "Subcomisión de Promoción", "2.3.9"))
    replaced = section.activities[index]
    section.activities[index] = replaced.model_copy(
        update={
            "activity": "Elaborar una guía práctica para la detección temprana de ESCNNA dirigida "
            "al personal docente de centros educativos.",
            "collaborators": "MEP",
            "responsible": "Subcomisión de Trabajo de Promoción y Prevención.",
            "indicator": "Guía elaborada y validada.",
            "target": "Una guía validada al tercer trimestre 2024.",
            "verification": "Documento de la guía y acta de validación.",
        }
    )
    diff = diff_plans(old, new)
    assert [(c.kind, (c.old or c.new).activity_number) for c in diff.changes] == [
        ("removed", "2.3.9"),
        ("added", "2.3.9"),
    ]


EDIT_WORDS = [
    "nuevo",
    "distinto",
    "regional",
    "nacional",
    "integral",
    "comunitario",
    "virtual",
    "presencial",
]


def random_edits(seed: int) -> tuple[Plan, Plan, Counter]:  # noqa: C901 - one branch per edit kind
    """A rolled-over plan with 3-8 random edits, and the change keys they must produce."""
    rnd = random.Random(seed)
    old = load(TRUTH_2023)
    years = rnd.choice([1, 2, 3])
    new = rolled(old, years)
    origin = {
        id(a): (si, ai) for si, s in enumerate(new.sections) for ai, a in enumerate(s.activities)
    }
    pool = [(si, a) for si, s in enumerate(new.sections) for a in s.activities]
    added: list[int] = []
    touched: set[int] = set()
    for _ in range(rnd.randint(3, 8)):
        si, a = rnd.choice(pool)
        if id(a) in touched:
            continue
        touched.add(id(a))
        section = new.sections[si]
        op = rnd.choice(["remove", "add", "renumber", "move", "field", "word", "rewrite"])
        if op == "remove":
            section.activities.remove(a)
        elif op == "add":  # an activity of another section, filed under this objective
            other = rnd.choice([x for sj, x in pool if sj != si and id(x) not in touched])
            touched.add(id(other))
            fresh = other.model_copy(
                update={
                    "strategic_action_number": a.strategic_action_number,
                    "strategic_action": a.strategic_action,
                    "objective_number": a.objective_number,
                    "objective": a.objective,
                    "activity_number": f"{a.objective_number}.9" if a.objective_number else None,
                }
            )
            section.activities.insert(section.activities.index(a) + 1, fresh)
            added.append(id(fresh))
        elif op == "renumber" and a.activity_number:
            head, _, last = a.activity_number.rpartition(".")
            a.activity_number = f"{head}.{int(last) + 5}"
        elif op == "move":
            others = sorted(
                {(x.objective_number or "", x.objective) for x in section.activities}
                - {(a.objective_number or "", a.objective)}
            )
            if others:
                a.objective_number, a.objective = rnd.choice(others)
                a.activity_number = f"{a.objective_number}.8" if a.activity_number else None
        elif op == "field":
            name = rnd.choice(
                ["collaborators", "responsible", "indicator", "target", "verification"]
            )
            words = getattr(a, name).split() or ["vacío"]
            words[rnd.randrange(len(words))] = rnd.choice(EDIT_WORDS)
            setattr(a, name, " ".join(words))
        elif op == "word":
            words = a.activity.split()
            words[rnd.randrange(len(words))] = rnd.choice(EDIT_WORDS)
            a.activity = " ".join(words)
        elif op == "rewrite":
            a.activity = f"Ejecutar {' '.join(rnd.sample(EDIT_WORDS, 5))} con la comisión."
    expect: Counter = Counter()
    kept: set[tuple[int, int]] = set()
    for s in new.sections:
        for a in s.activities:
            if id(a) in added:
                expect[("added", s.name, None, folded(a.activity), frozenset())] += 1
                continue
            si, ai = origin[id(a)]
            kept.add((si, ai))
            was = old.sections[si].activities[ai]
            fields = {
                f
                for f in CONTRACT_FIELDS
                if compare_values(getattr(was, f), getattr(a, f), years) == "changed"
            }
            if fields:
                expect[
                    ("changed", s.name, folded(was.activity), folded(a.activity), frozenset(fields))
                ] += 1
    for si, s in enumerate(old.sections):
        for ai, a in enumerate(s.activities):
            if (si, ai) not in kept:
                expect[("removed", s.name, folded(a.activity), None, frozenset())] += 1
    return old, new, expect


def test_random_edits_of_unseen_years_are_recovered() -> None:
    failures = []
    for seed in range(150):
        old, new, expect = random_edits(seed)
        got = change_keys(diff_plans(old, new))
        if got != expect:
            failures.append((seed, got - expect, expect - got))
    assert failures == []
