"""Project configuration: `l10n.toml`, found by walking up from the current folder.

Options given on the command line win over the file; the file wins over the defaults.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import L10nError

FILE = "l10n.toml"

TEMPLATE = '''# l10n project settings. Command-line options win over these.

# Locales to translate into: zh, ko, or any locale id with an Argos model (ja_JP ...).
targets = ["zh_CN", "ko_KR"]

# auto: reviewed translations from the catalogs first, then Argos Translate where a model is
# installed (`l10n models list`); memory: catalogs only; argos; pseudo: pseudo-localization.
engine = "auto"

# Your own glossary CSVs, layered over the shipped biotech glossary; your rows win.
# Paths are relative to this file.
glossary = []

# Where localized releases are written, relative to this file, and in which formats
# (txt: the source's own layout; md: Markdown; html: a standalone page).
output = "out"
formats = ["txt"]
'''

KEYS = {"targets": list, "engine": str, "glossary": list, "output": str, "formats": list}


@dataclass(frozen=True)
class Config:
    root: Path
    # the folder holding l10n.toml (or the current folder when there is none)
    targets: tuple[str, ...] = ("zh_CN", "ko_KR")
    engine: str = "auto"
    glossary: tuple[Path, ...] = ()
    output: Path | None = None
    formats: tuple[str, ...] = ("txt",)

    @property
    def out(self) -> Path:
        return self.output or self.root / "out"


def find_root(start: Path) -> Path:
    """The folder holding l10n.toml, looking upwards from `start`; else `start` itself."""
    for folder in (start, *start.parents):
        if (folder / FILE).is_file():
            return folder
    return start


def load(root: Path) -> Config:
    path = root / FILE
    if not path.is_file():
        return Config(root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise L10nError(f"is not valid TOML ({error}); compare it with `l10n init`'s template", path,
                        int(line[1]) if line else None)
    except UnicodeDecodeError:
        raise L10nError("is not UTF-8; save it as UTF-8", path)
    for key, value in data.items():
        if key not in KEYS:
            raise L10nError(f"unknown setting {key!r}; known: {', '.join(KEYS)}", path)
        if not isinstance(value, KEYS[key]):
            raise L10nError(f"{key} must be a {KEYS[key].__name__}, not {type(value).__name__}", path)
    return Config(
        root=root,
        targets=tuple(data.get("targets", Config.targets)),
        engine=data.get("engine", Config.engine),
        glossary=tuple(root / p for p in data.get("glossary", ())),
        output=root / data["output"] if "output" in data else None,
        formats=tuple(data.get("formats", Config.formats)),
    )
