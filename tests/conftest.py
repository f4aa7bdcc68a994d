from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"
RELEASES = sorted((DATA / "releases").glob("*.txt"))


def expected(release: Path) -> dict:
    """The reviewed segmentation of a fixture release: units as [line, kind, text], dropped as [line, reason]."""
    return json.loads(release.with_suffix(".expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed() -> Path:
    return SEED
