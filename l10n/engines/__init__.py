"""Engines turn units into drafts, behind one interface.

A machine translator (`argos`, `pseudo`) is anything with a `name`, a `model` and a
`translate(texts) -> texts` for one target locale, batched. `machine_drafts` wraps it in the
protection every MT engine needs: mask the protected spans, translate, restore and verify, and
fall back deterministically when the engine lost or duplicated a span.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from l10n import inline
from l10n.model import Draft, Match
from l10n.protect import mask, spans, unmask

# Span kinds whose text must appear verbatim in any translation; glossary `term`s and `name`s
# appear as their approved target instead.
LITERAL = frozenset({"tag", "email", "url", "ticker", "code", "phone", "number", "dnt"})


class MachineTranslator(Protocol):
    name: str
    # engine name as the catalog records it: `argos`, `pseudo`
    model: str
    # the model's id and version, for the reviewer

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translations of `texts`, in order, in one batched call."""
        ...


def machine_drafts(translator: MachineTranslator, texts: Sequence[str], matches: Sequence[list[Match]],
                   locale: str) -> list[Draft]:
    """Drafts for `texts` (with their glossary matches), every protected span accounted for.

    When MT loses, duplicates or mangles a placeholder, the text is translated again without
    masking and without its inline tags; that draft is kept if every literal span (email, code,
    do-not-translate term ...) is in it, with a note to check the glossary terms and to put the
    tags back. Otherwise the unit is left empty for a human, with a note naming what MT lost.
    """
    masked = [mask(text, spans(text, found, locale)) for text, found in zip(texts, matches)]
    restored = [unmask(m, output, locale) for m, output in zip(masked, translator.translate([m.text for m in masked]))]
    failed = [i for i, result in enumerate(restored) if not result.ok]
    retried = dict(zip(failed, translator.translate([inline.strip(texts[i]) for i in failed]) if failed else []))

    drafts = []
    for index, (text, m, result) in enumerate(zip(texts, masked, restored)):
        if result.ok:
            drafts.append(Draft(result.text, translator.name, translator.model))
            continue
        trouble = [text[s.start:s.end] for s in (*result.lost, *result.duplicated)] + list(result.strays)
        said = ", ".join(trouble)
        retry = retried[index]
        missing = [inline.strip(s.value) for s in m.spans
                   if s.kind in LITERAL and s.kind != "tag" and inline.strip(s.value) not in retry]
        if missing:
            drafts.append(Draft("", translator.name, translator.model,
                                (f"left for a human: MT lost or repeated {said}, and without masking it dropped "
                                 f"{', '.join(missing)}",)))
            continue
        terms = [f"{text[s.start:s.end]} → {s.value}" for s in m.spans if s.kind not in LITERAL]
        notes = [f"MT lost or repeated {said}; translated again without masking"]
        if terms:
            notes.append(f"check the glossary terms: {'; '.join(terms)}")
        if inline.TAG.search(text):
            notes.append(f"inline markup not carried over: put back {' '.join(m[0] for m in inline.TAG.finditer(text))} "
                         "around the words they mark")
        drafts.append(Draft(retry, translator.name, translator.model, tuple(notes)))
    return drafts
