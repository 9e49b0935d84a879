"""The item numbering of a section ("2.3.1" under objective "2.3" under action "2"): its parts,
and the first sightings that do not count on from their siblings (1, 2, 3 ... in reading
order). `audit` reports every such step as a source anomaly; `review` takes a skipped number
high in the hierarchy as evidence that rows may be lost."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plan_extract.models import Activity, Section

ITEM_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")


def number_parts(number: str | None) -> tuple[int, ...] | None:
    if not number or not ITEM_NUMBER.match(number):
        return None
    return tuple(int(p) for p in number.split("."))


def dotted(parts: tuple[int, ...]) -> str:
    return ".".join(map(str, parts))


@dataclass(frozen=True)
class SiblingStep:
    """A number's first sighting in its section that is not one more than the highest of its
    siblings (same prefix) seen before it: smaller (out of order) or skipping numbers (a gap).
    A repeated number is neither."""

    row: int
    """1-based position of the activity within its section."""
    activity: Activity
    field: str
    number: tuple[int, ...]
    before: int
    """The highest sibling number seen before (0: the first of its prefix)."""

    @property
    def prefix(self) -> tuple[int, ...]:
        return self.number[:-1]

    @property
    def is_gap(self) -> bool:
        return self.number[-1] > self.before + 1

    @property
    def missing(self) -> list[str]:
        return [dotted((*self.prefix, k)) for k in range(self.before + 1, self.number[-1])]

    @property
    def where(self) -> str:
        """`comes after 3.1` / `is the first of 3` (of `the section` for a top-level number)."""
        if self.before:
            return f"comes after {dotted((*self.prefix, self.before))}"
        return f"is the first of {dotted(self.prefix) if self.prefix else 'the section'}"


def sibling_steps(section: Section, name: str) -> list[SiblingStep]:
    """Every number of field `name` whose first sighting does not count on from its siblings;
    merged-cell numbers (objective, action) repeat on every row, so only their first sighting
    counts; activity numbers are each their own."""
    firsts: list[tuple[int, Activity, tuple[int, ...]]] = []
    known: set[str] = set()
    for row, activity in enumerate(section.activities, start=1):
        value = getattr(activity, name)
        parts = number_parts(value)
        if parts is None:
            continue
        if name != "activity_number":
            if value in known:
                continue
            known.add(value)
        firsts.append((row, activity, parts))
    last: dict[tuple[int, ...], int] = {}
    steps = []
    for row, activity, parts in firsts:
        prefix, n = parts[:-1], parts[-1]
        previous = last.get(prefix, 0)
        if n != previous and n != previous + 1:  # a repeat is a duplicate, not a step
            steps.append(SiblingStep(row, activity, name, parts, previous))
        last[prefix] = max(previous, n)
    return steps
