from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import zipfile
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


def unpack(archive, folder):
    """The package folder of `archive` unpacked under `folder`, as an install leaves it."""
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
        return folder / zipped.namelist()[0].split("/")[0]
