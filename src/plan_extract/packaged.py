"""The package's data files (`plan_extract/data/`): vocabularies and tables kept as data, in
one place, read the one way."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def data_json(name: str) -> Any:
    """The JSON file `name` of `plan_extract/data/`, read as UTF-8. Callers cache what they
    build from it."""
    return json.loads((resources.files("plan_extract") / "data" / name).read_text("utf-8"))
