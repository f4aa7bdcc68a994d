"""Project configuration: `l10n.toml`, found by walking up from the current folder.

Options given on the command line win over the file; the file wins over the defaults.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import L10nError

FILE = "l10n.toml"
MAX_SETTINGS_BYTES = 1 << 20  # l10n.toml is a few lines: a bigger file is not one

TEMPLATE = '''# l10n project settings. Command-line options win over these.

# Locales to translate into: zh, ko, or any locale id with an Argos model (ja_JP ...).
targets = ["zh_CN", "ko_KR"]

# auto: reviewed translations from the catalogs first, then Argos Translate where a model is
# installed (`l10n models list`); memory: catalogs only; argos; pseudo: pseudo-localization.
engine = "auto"

# Your own glossary CSVs, layered over the shipped biotech glossary; your rows win.
# Paths are relative to this file.
glossary = []

# Where localized releases are written, relative to this file ("." is this folder; an absolute
# path works too), and in which formats: same (the release's own: a .docx as Word, a .md as
# Markdown ...), txt, md, html (a standalone page), docx (Word releases only).
output = "out"
formats = ["same"]

# The East Asian font of localized Word releases (Latin text keeps the source's fonts).
# [fonts]
# zh_CN = "Microsoft YaHei"
# ko_KR = "Malgun Gothic"

# The largest file l10n reads (a release, a catalog, a glossary), in megabytes (MiB); bigger
# files are refused before they are read. A press release is a few kilobytes.
# max_file_mb = 64
'''

# Each setting: its TOML type, and how to write it (quoted by the error messages).
# The largest max_file_mb: no file l10n reads is worth holding more than 16 GiB in memory.
LARGEST_MB = 16_384

KEYS = {
    "targets": (list, '["zh_CN", "ko_KR"]'),
    "engine": (str, '"auto"'),
    "glossary": (list, '["terms.csv"]'),
    "output": (str, '"out"'),
    "formats": (list, '["same", "html"]'),
    "fonts": (dict, '{ zh_CN = "SimSun" }'),
    "max_file_mb": (float, "64"),
}
NOT_EMPTY = ("targets", "formats")  # lists that mean nothing to do when empty


@dataclass(frozen=True)
class Config:
    root: Path
    # the folder holding l10n.toml (or the current folder when there is none)
    targets: tuple[str, ...] = ("zh_CN", "ko_KR")
    engine: str = "auto"
    glossary: tuple[Path, ...] = ()
    output: Path | None = None
    formats: tuple[str, ...] = ("same",)
    fonts: tuple[tuple[str, str], ...] = ()
    # (locale, East Asian font) for Word releases
    max_file_mb: float = 64.0
    # the largest input file l10n reads (release, catalog, glossary), in MiB; bigger ones are refused

    @property
    def out(self) -> Path:
        return self.output or self.root / "out"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def find_root(start: Path) -> Path:
    """The folder holding l10n.toml, looking upwards from `start`; else `start` itself."""
    for folder in (start, *start.parents):
        if (folder / FILE).exists():  # a folder of that name is found too, and `load` says what is wrong
            return folder
    return start


def _line(text: str, key: str) -> int | None:
    """The line that sets `key`, for error messages (tomllib keeps no positions)."""
    found = re.search(rf'^[ \t]*["\']?{re.escape(key)}["\']?[ \t]*=', text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _check(key: str, value: object, path: Path, text: str) -> object:
    """`value` if it is what `key` takes, else an L10nError that says how to write it."""
    kind, example = KEYS[key]
    fix = f"write it like {key} = {example}"
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or \
                not 0 < value <= LARGEST_MB:
            raise L10nError(f"{key} must be a number of megabytes above 0 and at most {LARGEST_MB:,}, not "
                            f"{json.dumps(value, default=str)}; {fix}", path, _line(text, key))
        return float(value)
    if not isinstance(value, kind):
        raise L10nError(f"{key} must be a {kind.__name__}, not {type(value).__name__}; {fix}", path, _line(text, key))
    if key in NOT_EMPTY and not value:
        raise L10nError(f"{key} must not be empty; {fix}, or leave it out for the default", path, _line(text, key))
    for item in value if kind is list else value.values() if kind is dict else [value]:
        if not isinstance(item, str):
            shape = "a table of quoted strings" if kind is dict else "a list of quoted strings"
            raise L10nError(f"{key} must be {shape}, not one holding {json.dumps(item, default=str)}; "
                            f"{fix}", path, _line(text, key))
        if not item.strip():
            raise L10nError(f"{key} must not {'hold' if kind is list else 'be'} an empty string; {fix}", path,
                            _line(text, key))
    return value


def load(root: Path) -> Config:
    path = root / FILE
    if not path.exists() and not path.is_symlink():
        return Config(root)
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file (a broken link?)"
        raise L10nError(f"is {what}, not a settings file; move it away (`l10n init` writes a fresh one)", path)
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise L10nError("is over 1 MiB, too big for a settings file; is it the right file?", path)
        text = path.read_text(encoding="utf-8-sig")  # -sig: Windows editors may start the file with a BOM
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise L10nError(f"is not valid TOML ({error}); compare it with `l10n init`'s template", path,
                        int(line[1]) if line else None)
    except UnicodeDecodeError:
        raise L10nError("is not UTF-8; save it as UTF-8", path)
    except OSError as error:
        raise L10nError(f"cannot be read ({error.strerror or error}); check its permissions, or that it exists", path)
    for key, value in data.items():
        if key not in KEYS:
            raise L10nError(f"unknown setting {key!r}; known: {', '.join(KEYS)}", path, _line(text, key))
        data[key] = _check(key, value, path, text)
    return Config(
        root=root,
        targets=tuple(data.get("targets", Config.targets)),
        engine=data.get("engine", Config.engine),
        glossary=tuple(root / p for p in data.get("glossary", ())),
        output=root / data["output"] if "output" in data else None,
        formats=tuple(data.get("formats", Config.formats)),
        fonts=tuple(data.get("fonts", {}).items()),
        max_file_mb=data.get("max_file_mb", Config.max_file_mb),
    )
