"""Project configuration: `l10n.toml`, found by walking up from the current folder.

Options given on the command line win over the file; the file wins over the defaults.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
import urllib.parse
from dataclasses import dataclass, field, fields
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

# The largest file l10n reads (a release, a catalog, a glossary), in megabytes (MiB); bigger
# files are refused before they are read. A press release is a few kilobytes.
max_file_mb = 64

# Machine translation over HTTP: engine = "openai", "deepl" or "libretranslate" (or --engine).
# With engine = "auto", an HTTP engine is used only where no Argos model is installed, and only
# when named here: auto_http = "openai". Keys are read from the environment variable that
# api_key_env names, never from this file.
auto_http = ""

# Tables come last: in TOML, every setting after a [table] line belongs to that table.

# The East Asian font of localized Word releases (Latin text keeps the source's fonts).
# [fonts]
# zh_CN = "Microsoft YaHei"
# ko_KR = "Malgun Gothic"

# [engines.argos]                        # Argos Translate's models, run by CTranslate2
# device = "auto"                        # auto (a CUDA GPU where there is one), cpu or cuda
# compute_type = "auto"                  # auto, int8, int8_float16, float16, float32 ...
#
# [engines.openai]                       # any OpenAI-compatible chat-completions server
# base_url = "https://api.openai.com/v1" # Ollama: "http://localhost:11434/v1"
# model = "gpt-4o-mini"
# api_key_env = "OPENAI_API_KEY"         # "" for a local server that needs no key
# temperature = 0.2
# batch = 20                             # sentences per request
# concurrency = 4                        # requests at once
# timeout = 120                          # seconds a request may take, its whole reply included
# price_per_1k_tokens = 0.5              # what you pay, for `translate --estimate`'s cost
#
# [engines.deepl]
# api_key_env = "DEEPL_AUTH_KEY"
# url = ""                               # "" picks api-free.deepl.com for a :fx key, else api.deepl.com
# formality = "more"                     # default, more or less (where the target language has it)
# price_per_1m_characters = 25           # what you pay, for `translate --estimate`'s cost
#
# [engines.libretranslate]
# url = "http://localhost:5000"
# api_key_env = ""                       # the server's key, if it asks for one
# batch = 16
#
# [style]                                # house style, told to LLM engines (openai) per locale
# all = "Write for investors: short sentences."
# zh_CN = "公司名首次出现时使用全称。"
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
    "auto_http": (str, '"openai"'),
    "engines": (dict, "[engines.openai]"),
    "style": (dict, '{ all = "Keep sentences short.", zh_CN = "..." }'),
}
NOT_EMPTY = ("targets", "formats")  # lists that mean nothing to do when empty
# Strings where "" means none: `auto_http = ""` is "no HTTP engine behind auto", as the template writes it.
MAY_BE_EMPTY = ("auto_http",)


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
    auto_http: str = ""
    # the HTTP engine `auto` falls back to where no Argos model is installed; "" for none (offline)
    engines: Engines = field(default_factory=lambda: Engines())
    # the settings of the HTTP engines ([engines.openai], [engines.deepl], [engines.libretranslate])
    style: tuple[tuple[str, str], ...] = ()
    # [style]: the house style LLM engines are told, ("all" or a locale id, instructions)

    def style_for(self, locale: str) -> str:
        """The house style for `locale`: the instructions for all locales, then the locale's own."""
        given = dict(self.style)
        return "\n".join(filter(None, (given.get("all", "").strip(), given.get(locale, "").strip())))

    @property
    def out(self) -> Path:
        return self.output or self.root / "out"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


# --- HTTP engines ----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenAISettings:
    """[engines.openai]: any OpenAI-compatible chat-completions server."""

    base_url: str = "https://api.openai.com/v1"
    # the API root that /chat/completions hangs from: Azure's https://NAME.openai.azure.com/openai/v1,
    # Ollama's http://localhost:11434/v1, vLLM's and llama.cpp's http://HOST:8000/v1 ...
    model: str = "gpt-4o-mini"
    # the model (Azure: the deployment) name
    api_key_env: str = "OPENAI_API_KEY"
    # the environment variable holding the key; "" for a server that needs none
    temperature: float = 0.2
    batch: int = 20
    # sentences per request
    concurrency: int = 4
    # requests in flight at once
    timeout: float = 120.0
    # seconds a request may take
    retries: int = 4
    # further attempts after a 429, a 5xx, a timeout or a dropped connection
    json_mode: bool = True
    # ask for `response_format: {"type": "json_object"}`; off for a server that rejects it
    price_per_1k_tokens: float | None = None
    # what the server bills per 1,000 tokens, prompt and reply alike, for --estimate's cost; None: no cost


@dataclass(frozen=True)
class DeepLSettings:
    """[engines.deepl]: the DeepL API, free or pro."""

    api_key_env: str = "DEEPL_AUTH_KEY"
    url: str = ""
    # "" picks https://api-free.deepl.com for a key ending in :fx, else https://api.deepl.com
    formality: str = ""
    # default | more | less: asked for where the target language has it, ignored elsewhere
    glossary: bool = True
    # send the glossary as a DeepL glossary where the language pair allows it
    batch: int = 50
    concurrency: int = 4
    timeout: float = 30.0
    retries: int = 4
    price_per_1m_characters: float | None = None
    # what DeepL bills per million characters, for --estimate's cost; None: no cost


@dataclass(frozen=True)
class LibreTranslateSettings:
    """[engines.libretranslate]: a LibreTranslate server."""

    url: str = "http://localhost:5000"
    api_key_env: str = ""
    # the environment variable holding the server's API key, when it asks for one
    batch: int = 16
    concurrency: int = 4
    timeout: float = 60.0
    retries: int = 4


@dataclass(frozen=True)
class ArgosSettings:
    """[engines.argos]: where CTranslate2 runs the Argos models."""

    device: str = "auto"
    # auto: a CUDA GPU where CTranslate2 sees one, else the CPU; cpu; cuda
    compute_type: str = "auto"
    # the weights' type as CTranslate2 computes (auto: the fastest the device supports): int8,
    # int8_float32, int8_float16, int8_bfloat16, int16, float16, bfloat16, float32, default


@dataclass(frozen=True)
class Engines:
    openai: OpenAISettings = OpenAISettings()
    deepl: DeepLSettings = DeepLSettings()
    libretranslate: LibreTranslateSettings = LibreTranslateSettings()
    argos: ArgosSettings = ArgosSettings()


HTTP_ENGINES = ("openai", "deepl", "libretranslate")
ENGINE_TABLES = (*HTTP_ENGINES, "argos")
# the values CTranslate2 takes (ctranslate2.Translator's device and compute_type), checked here so a
# typo is one line naming l10n.toml's line, not CTranslate2's ValueError at the first sentence
DEVICES = ("auto", "cpu", "cuda")
COMPUTE_TYPES = ("auto", "default", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16",
                 "bfloat16", "float32")
FORMALITY = ("default", "more", "less", "prefer_more", "prefer_less")
_CHOICES = {"formality": FORMALITY, "device": DEVICES, "compute_type": COMPUTE_TYPES}
# settings that take one of a few words ("" also for formality: the server's default)
_URL_KEYS = ("base_url", "url")
# (lowest, highest) of the numeric settings; None: no bound on that side
_BOUNDS = {"temperature": (0.0, 2.0), "batch": (1, 1000), "concurrency": (1, 64), "timeout": (0.001, 3600.0),
           "retries": (0, 20), "price_per_1k_tokens": (0.0, None), "price_per_1m_characters": (0.0, None)}


def _table_line(text: str, table: str, key: str | None = None) -> int | None:
    """The line of the `[table]` header, or of `key` inside that table, for error messages."""
    dotted = r"[ \t]*\.[ \t]*".join(re.escape(part) for part in table.split("."))
    header = re.search(rf"^[ \t]*\[[ \t]*{dotted}[ \t]*\]", text, re.MULTILINE)
    if header is None:  # an inline table: engines = { openai = { ... } }
        return _line(text, key) if key else _line(text, table.split(".")[0])
    line = text.count("\n", 0, header.start()) + 1
    if key is None:
        return line
    rest = text[header.end():]
    following = re.search(r"^[ \t]*\[", rest, re.MULTILINE)
    body = rest[:following.start()] if following else rest
    found = re.search(rf'^[ \t]*["\']?{re.escape(key)}["\']?[ \t]*=', body, re.MULTILINE)
    return line + body.count("\n", 0, found.start()) if found else line


def url_problem(value: str) -> str | None:
    """Why `value` is no http(s) URL l10n can send requests to, or None."""
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "names no host"
    if parts.username or parts.password:
        return "must not hold a user name or password; keys go in the environment variable api_key_env names"
    if parts.query or parts.fragment:
        return "must not hold a query (?...) or fragment (#...)"
    return None


def _engine(name: str, value: object, path: Path, text: str):
    """The settings of one [engines.NAME] table, or an L10nError naming the key and line."""
    kind = {"openai": OpenAISettings, "deepl": DeepLSettings, "libretranslate": LibreTranslateSettings,
            "argos": ArgosSettings}[name]
    table = f"engines.{name}"
    if not isinstance(value, dict):
        raise L10nError(f"{table} must be a table, not {type(value).__name__}; write it as [{table}] with its "
                        "settings on the lines below", path, _table_line(text, table))
    known = {f.name: f for f in fields(kind)}
    found = {}
    for key, item in value.items():
        line = _table_line(text, table, key)
        if key not in known:
            raise L10nError(f"unknown setting {key!r} in [{table}]; known: {', '.join(known)}", path, line)
        default = known[key].default
        where = f"{table}.{key}"
        if isinstance(default, bool):
            if not isinstance(item, bool):
                raise L10nError(f"{where} must be true or false, not {json.dumps(item, default=str)}", path, line)
        elif key in _BOUNDS:  # a number; a price has no default (None: no price set)
            whole = isinstance(default, int)
            if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item) or \
                    (whole and not isinstance(item, int)):
                what = "a whole number" if whole else "a number"
                raise L10nError(f"{where} must be {what}, not {json.dumps(item, default=str)}; write it like "
                                f"{key} = {default if default is not None else 0.5}", path, line)
            low, high = _BOUNDS[key]
            if high is None and item < low:
                raise L10nError(f"{where} must be {low:g} or more, not {item:g}", path, line)
            if high is not None and not low <= item <= high:
                raise L10nError(f"{where} must be from {low:g} to {high:g}, not {item:g}", path, line)
            item = int(item) if whole else float(item)
        else:
            if not isinstance(item, str):
                raise L10nError(f"{where} must be a quoted string, not {json.dumps(item, default=str)}; write it "
                                f'like {key} = "{default or "..."}"', path, line)
            item = item.strip()
            if key in _URL_KEYS and (item or key == "base_url" or name == "libretranslate"):
                problem = url_problem(item)
                if problem:
                    raise L10nError(f"{where} {json.dumps(item)} is not a URL l10n can use: it {problem}", path, line)
            if key == "model" and not item:
                raise L10nError(f"{where} must name a model (Azure: the deployment)", path, line)
            if key == "api_key_env" and item and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", item):
                raise L10nError(f"{where} must be the name of an environment variable (like DEEPL_AUTH_KEY), "
                                "not the key itself: keys never go into l10n.toml", path, line)
            if key in _CHOICES and (item or key != "formality") and item not in _CHOICES[key]:
                raise L10nError(f"{where} must be one of {', '.join(_CHOICES[key])}, not {json.dumps(item)}", path, line)
        found[key] = item
    return kind(**found)


def _engines(value: dict, path: Path, text: str) -> Engines:
    for name in value:
        if name not in ENGINE_TABLES:
            raise L10nError(f"unknown engine {name!r} in [engines]; known: {', '.join(ENGINE_TABLES)}", path,
                            _table_line(text, f"engines.{name}"))
    return Engines(**{name: _engine(name, table, path, text) for name, table in value.items()})


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
        if not item.strip() and key not in MAY_BE_EMPTY:
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
    except RecursionError:  # tomllib recurses once per nesting level: [[[[...]]]] or {a={a={...}}}
        raise L10nError("nests arrays or tables too deeply to be settings; compare it with `l10n init`'s template",
                        path) from None
    except UnicodeDecodeError:
        raise L10nError("is not UTF-8; save it as UTF-8", path)
    except OSError as error:
        raise L10nError(f"cannot be read ({error.strerror or error}); check its permissions, or that it exists", path)
    for key, value in data.items():
        if key not in KEYS:
            raise L10nError(f"unknown setting {key!r}; known: {', '.join(KEYS)}", path, _line(text, key))
        if key == "engines":
            if not isinstance(value, dict):
                raise L10nError(f"engines must be a table, not {type(value).__name__}; write the settings under "
                                f"[engines.openai], [engines.deepl] or [engines.libretranslate]", path, _line(text, key))
            data[key] = _engines(value, path, text)
            continue
        data[key] = _check(key, value, path, text)
        if key == "style":
            data[key] = _style(value, path, text)
    if data.get("auto_http", "") not in ("", *HTTP_ENGINES):
        raise L10nError(f"auto_http must be one of {', '.join(HTTP_ENGINES)}, or \"\" for none, not "
                        f"{json.dumps(data['auto_http'])}", path, _line(text, "auto_http"))
    return Config(
        root=root,
        targets=tuple(data.get("targets", Config.targets)),
        engine=data.get("engine", Config.engine),
        glossary=tuple(root / p for p in data.get("glossary", ())),
        output=root / data["output"] if "output" in data else None,
        formats=tuple(data.get("formats", Config.formats)),
        fonts=tuple(data.get("fonts", {}).items()),
        max_file_mb=data.get("max_file_mb", Config.max_file_mb),
        auto_http=data.get("auto_http", ""),
        engines=data.get("engines", Engines()),
        style=data.get("style", ()),
    )


def _style(value: dict[str, str], path: Path, text: str) -> tuple[tuple[str, str], ...]:
    """[style] with its keys as locale ids (`zh` is zh_CN), `all` as it is; a key that names no
    locale is an L10nError at its line."""
    from l10n.locale import resolve

    found = []
    for key, instructions in value.items():
        try:
            found.append((key if key == "all" else resolve(key), instructions))
        except L10nError as error:
            raise L10nError(f"[style] {key}: {error.message}; its keys are `all` and locales", path,
                            _line(text, key)) from None
    return tuple(found)
