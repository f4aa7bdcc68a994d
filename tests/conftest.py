from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
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


# Argos reads its settings from the environment when first imported: point them at a scratch
# folder before any test imports it, so no test touches the user's packages or the network.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="l10n-tests-argos-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_ARGOS_HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_ARGOS_HOME / "packages")
os.environ["ARGOS_PACKAGE_INDEX"] = (_ARGOS_HOME / "no-index").as_uri() + "/"
atexit.register(shutil.rmtree, _ARGOS_HOME, True)


@pytest.fixture(scope="session")
def tiny_packages(tmp_path_factory) -> dict[str, Path]:
    """Tiny en→zh and en→ko .argosmodel files, built once per test session."""
    from tiny_argos import build

    out = tmp_path_factory.mktemp("argos")
    return {code: build(out, code, seed) for seed, code in enumerate(("zh", "ko"))}


# `slow` (pyproject.toml): more than a second or so on its own. Slow tests carry the mark in their
# own file, except those of test_fuzz.py, which was being changed for issue #24 when the marker
# came in: move them there with `@pytest.mark.slow` (or a module `pytestmark`) next time.
# Seconds: one test alone (`-n 0`) on the 2-core machine.
SLOW_ELSEWHERE = {
    "test_fuzz.py": {  # Hypothesis: tens to hundreds of CLI runs each
        "test_release_files",  # 18-33 s
        "test_translate_keeps_reviewed_translations",  # 16-20 s
        "test_damaged_catalogs",  # 13-23 s
        "test_markdown_release_files",  # 8-12 s
        "test_html_release_files",  # 5-8 s
        "test_word_release_files",  # 7-8 s
        "test_glossary_files",  # 7-11 s
        "test_settings_files",  # 6-10 s
        "test_merge_keeps_reviewed_translations",  # 3-6 s
        "test_huge_lines",  # lines up to 200 KB
    },
}


def pytest_collection_modifyitems(items):
    for item in items:
        names = SLOW_ELSEWHERE.get(item.path.name, ())
        if item.name in names or getattr(item, "originalname", None) in names:
            item.add_marker(pytest.mark.slow)
