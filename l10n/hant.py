"""Traditional Chinese for Taiwan (zh_TW) and Hong Kong (zh_HK), from reviewed Simplified Chinese.

OpenCC's phrase-level configs (`s2twp` for Taiwan, `s2hk` for Hong Kong) convert the characters
and the market's everyday vocabulary. They are written for general and software text, and
over-convert a regulatory one: `程序` (a procedure) becomes software's `程式`, `数据` becomes
`資料`, `项目` becomes `專案`. Two tables win over OpenCC's phrases, leftmost-longest: the
glossary's own zh_TW/zh_HK targets of the unit's terms (the controlled names and terms), then the
pharmaceutical layer (`glossary/hant.csv`: Taiwan TFDA/MOHW and Hong Kong Department of Health
usage, each row with its source). The text is cut at their Simplified forms and only the pieces
between them go through OpenCC. Quotation marks become 「」 and 『』.

`leftovers` finds Simplified characters left in a Traditional text, from a table derived from
OpenCC's own character dictionary (`glossary/hant-simplified.txt`): the characters that are not
among their own Traditional forms (这 → 這), so that those both scripts write (里, 后, 台, 制) are
never flagged, nor a regional form a market writes (Taiwan's 床 for 牀).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from l10n.errors import L10nError
from l10n.locale import quotes
from l10n.model import Term

CONFIGS = {"zh_TW": "s2twp", "zh_HK": "s2hk"}
# The OpenCC config of each Traditional locale: phrase-level, with the market's vocabulary.
SOURCE = "zh_CN"
# The locale whose reviewed translations and machine drafts are converted.
FROM_REVIEWED = f"reviewed {SOURCE}"
# what a draft converted from a reviewed translation says it came from (`opencc s2twp from reviewed zh_CN`)
COLUMNS = ("zh_CN", "zh_TW", "zh_HK", "note", "source")
LAYER = Path(str(resources.files("l10n.shipped").joinpath("hant.csv")))
SIMPLIFIED = Path(str(resources.files("l10n.shipped").joinpath("hant-simplified.txt")))


def config(locale: str) -> str | None:
    """The OpenCC config that makes `locale` from Simplified Chinese, or None for another locale."""
    return CONFIGS.get(locale)


@functools.cache
def layer(path: Path = LAYER) -> tuple[dict[str, str], ...]:
    """The pharmaceutical layer: Simplified → the target, one dict per locale of CONFIGS (in its order)."""
    text = path.read_text(encoding="utf-8")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, [])
    if tuple(header) != COLUMNS:
        raise L10nError(f"the header row must be {','.join(COLUMNS)}", path, 1)
    tables: tuple[dict[str, str], ...] = tuple({} for _ in CONFIGS)
    for line, row in enumerate(rows, start=2):
        if len(row) != len(COLUMNS) or not all(cell.strip() for cell in row):
            raise L10nError(f"needs {len(COLUMNS)} filled fields ({','.join(COLUMNS)})", path, line)
        for table, target in zip(tables, row[1:3]):
            table[row[0]] = target
    return tables


def _pairs(terms: Iterable[Term], locale: str) -> dict[str, str]:
    """The glossary's Simplified targets of `terms` → their targets in `locale`; an admitted
    alternative (`全球首个|全球首例`) → the alternative in the same place, else the preferred one."""
    pairs: dict[str, str] = {}
    for term in terms:
        simplified, traditional = term.accepted(SOURCE), term.accepted(locale)
        if term.kind == "dnt" or not traditional[0]:
            continue
        for n, form in enumerate(simplified):
            if form:
                pairs.setdefault(form, traditional[n] if n < len(traditional) else traditional[0])
    return pairs


@functools.lru_cache(maxsize=256)
def _table(locale: str, terms: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern[str]]:
    table = {**layer()[list(CONFIGS).index(locale)], **dict(terms)}
    # longest first: at one position a regex alternation takes the first alternative that matches
    return table, re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))


@functools.cache
def _opencc(name: str):
    import opencc

    return opencc.OpenCC(name)


def convert(text: str, locale: str, terms: Iterable[Term] = ()) -> str:
    """`text`, Simplified Chinese, in `locale` (zh_TW or zh_HK): the glossary's targets of `terms`
    and the pharmaceutical layer where their Simplified forms stand, OpenCC between them."""
    name = config(locale)
    if name is None:
        raise L10nError(f"no conversion from Simplified Chinese into {locale}; use zh_TW or zh_HK")
    table, pattern = _table(locale, tuple(sorted(_pairs(terms, locale).items())))
    converter = _opencc(name)
    parts, at = [], 0
    for found in pattern.finditer(text):
        parts += [converter.convert(text[at:found.start()]), table[found[0]]]
        at = found.end()
    parts.append(converter.convert(text[at:]))
    return quotes("".join(parts))


@functools.cache
def simplified_table(path: Path = SIMPLIFIED) -> dict[str, str]:
    """Each Simplified character no Traditional standard writes → its Traditional form."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def leftovers(text: str) -> list[str]:
    """The Simplified characters of `text` that no Traditional text writes, each once, in order."""
    table = simplified_table()
    return list(dict.fromkeys(char for char in text if char in table))
