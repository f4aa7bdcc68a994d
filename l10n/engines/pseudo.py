"""Pseudo-localization: accented, bracketed, about 30% longer, placeholders untouched.

Deterministic, offline and instant: for checking layouts, round trips and that nothing a
reviewer needs is lost, before any real model is installed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from l10n.protect import TOKEN_PATTERN

ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
GROWTH = 0.3


def pseudo(text: str) -> str:
    """`[Ẋéĺĺŝɱàŕţ ƒûñðéð ZX0 ~~~]`: every letter accented except inside placeholders."""
    parts, at = [], 0
    for token in TOKEN_PATTERN.finditer(text):
        parts += [text[at:token.start()].translate(ACCENTS), token[0]]
        at = token.end()
    parts.append(text[at:].translate(ACCENTS))
    body = "".join(parts)
    return f"[{body} {'~' * max(1, math.ceil(len(text) * GROWTH) - 3)}]"


class PseudoTranslator:
    name = "pseudo"
    model = "pseudo"

    def translate(self, texts: Sequence[str]) -> list[str]:
        return [pseudo(text) for text in texts]
