"""Every field of every activity, section and document against the hand-verified truth."""

from __future__ import annotations

import re
import unicodedata

import pytest
from plan_cases import case_params, extracted, rotated, same_case, truth

from plan_extract.models import CONTRACT_FIELDS


def norm(value: object) -> str:
    return re.sub(
        r"\s+", " ", unicodedata.normalize("NFC", "" if value is None else str(value))
    ).strip()


@pytest.mark.parametrize("name", case_params())
def test_every_activity_field_matches_truth(name: str) -> None:
    plan, expected = extracted(name), truth(name)
    assert [s.name for s in plan.sections] == [s["name"] for s in expected["sections"]]
    differences = []
    for section, want_section in zip(plan.sections, expected["sections"], strict=True):
        assert len(section.activities) == len(want_section["activities"]), section.name
        for i, (got, want) in enumerate(
            zip(section.activities, want_section["activities"], strict=False)
        ):
            for field in CONTRACT_FIELDS:
                if norm(getattr(got, field)) != norm(want[field]):
                    got_value = getattr(got, field)
                    wanted = want[field]
                    differences.append(f"{section.name} #{i} {field}: {got_value!r} != {wanted!r}")
    print("\n".join(differences))
    assert not differences, f"{len(differences)} fields differ:\n" + "\n".join(differences[:20])


@pytest.mark.parametrize("name", case_params())
def test_sections_metadata_matches_truth(name: str) -> None:
    plan, expected = extracted(name), truth(name)
    for got, want in zip(plan.sections, expected["sections"], strict=True):
        assert norm(got.heading_as_printed) == norm(want["heading_as_printed"])
        assert norm(got.general_objective) == norm(want["general_objective"])
        assert got.columns_as_printed == want["columns_as_printed"]
        if want["signature"] is None:
            assert got.signature is None
        else:
            assert got.signature is not None
            assert (got.signature.signer, got.signature.signed_at) == (
                want["signature"]["signer"],
                want["signature"]["signed_at"],
            )


@pytest.mark.parametrize("name", case_params())
def test_document_metadata_matches_truth(name: str) -> None:
    assert extracted(name).document.model_dump() == truth(name)["document"]


@pytest.mark.parametrize("name", case_params())
def test_nothing_inside_a_table_is_lost(name: str) -> None:
    assert extracted(name).unassigned == []


@same_case("plan-2023")
def test_provenance_points_at_the_printed_pieces() -> None:
    plan = extracted("plan-2023")
    activity = next(a for _, a in plan.activities() if a.activity_number == "2.2.3")
    pieces = activity.provenance["activity"]
    assert {p.page for p in pieces} == {3, 4}  # the row is cut by the page break
    assert " ".join(p.text for p in pieces).startswith("2.2.3. Promover")
    assert activity.pages == [3, 4]


@same_case("plan-2023")
def test_pages_stored_rotated_read_as_printed() -> None:
    """A landscape table kept as a portrait page with /Rotate reads the same as the original."""
    got = [a.contract() for _, a in rotated("plan-2023").activities()]
    want = [a.contract() for _, a in extracted("plan-2023").activities()]
    assert got == want and len(got) == 40
