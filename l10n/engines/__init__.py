"""Engines turn units into drafts, behind one interface.

A machine translator (`argos`, `pseudo`, `libretranslate`) is anything with a `name`, a `model`
and a `translate(texts) -> texts` for one target locale, batched. An engine that can use more
than the text (`openai`, `deepl`) also has `translate_units(requests)`: each `Request` carries
the unit's id, its protected spans as tokens with what they stand for, the glossary targets it
must use and the sentences around it. Such an engine says with `handles_terms` whether it renders
glossary terms itself (the term is left in the text and its target must be in the translation) or
wants them masked like any other protected span.

`machine_drafts` wraps every engine in the protection MT needs: mask the protected spans,
translate, restore and verify, and fall back deterministically when the engine lost or duplicated
a span or did not use a glossary target. An engine may answer `NoDraft(note)` for a unit it has
no translation for (an LLM reply that could not be read twice); the unit is left for a human
with that note.

Whatever an engine answers is `clean`ed there, before anything else reads it: control characters
and terminal escape sequences removed, and its API key (an engine's `secret`) and anything shaped
like an Authorization header replaced by `[key]`, with a note for the reviewer on the draft made of it.
An HTTP engine that echoes its request (a misconfigured proxy, a test server) cannot put its key
into a catalog, the cache or an output.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from l10n import inline
from l10n.errors import L10nError, counted
from l10n.model import Draft, Match, Span
from l10n.protect import TOKEN, Masked, mask, spans, unmask

# Span kinds whose text must appear verbatim in any translation; glossary `term`s and `name`s
# appear as their approved target instead.
LITERAL = frozenset({"tag", "email", "url", "ticker", "code", "phone", "number", "dnt"})

CONTROL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]*[0-~])?"
                     r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffd]")
# What no translation holds and no catalog may: a terminal escape sequence (CSI `ESC [ ... m`, OSC
# `ESC ] ... BEL`, or ESC and its next character), counted as one; any other C0 or C1 control
# character but tab and newline (carriage return included); the Unicode line and paragraph
# separators; and U+FFFD, what a model's invalid byte sequence decodes to.
CREDENTIALS = (
    (re.compile(r"\b(Bearer|Basic|DeepL-Auth-Key)\s+(?=[A-Za-z0-9._~+/=:-]*\d)[A-Za-z0-9._~+/=:-]{16,}"), r"\1 [key]"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{20,}"), "[key]"),
)
# Shapes of a credential in an engine's output, with what replaces it: an Authorization header's
# value (a token of 16 or more characters with a digit, so that "Bearer bonds" stays), and an
# OpenAI-style key.


def clean(output: str, secret: str = "") -> tuple[str, list[str]]:
    """An engine's `output` without control characters (`CONTROL`; the text stripped when any were
    removed) and with `secret` and any `CREDENTIALS` replaced by [key]; and a note on each kind
    removed, for the reviewer."""
    notes = []
    text, removed = CONTROL.subn("", output)
    if removed:
        text = text.strip()
        notes.append(f"removed {counted(removed, 'control character')} from the engine's output")
    keys = text.count(secret) if secret else 0
    if keys:
        text = text.replace(secret, "[key]")
    for pattern, replacement in CREDENTIALS:
        text, found = pattern.subn(replacement, text)
        keys += found
    if keys:
        notes.append(f"removed {counted(keys, 'API key')} from the engine's output")
    return text, notes


@dataclass(frozen=True)
class Request:
    """One unit as an engine that takes more than its text sees it."""

    id: str
    # unique within one call of translate_units
    text: str
    # the unit's text, protected spans replaced by tokens (ZX0 ...); with `handles_terms`, glossary
    # terms stay as written
    placeholders: tuple[tuple[str, str], ...] = ()
    # (token, the text it stands for) of each token in `text`, in order
    terms: tuple[tuple[str, str], ...] = ()
    # (the term as written in `text`, its approved target): targets the translation must use
    before: str = ""
    after: str = ""
    # the sentences before and after it in the release, for context (not to be translated)
    heading: str = ""
    # the title or heading it stands under in the release, for context
    draft: str = ""
    problem: str = ""
    # a repair request: the engine's rejected draft of this unit (tokens as it wrote them) and what
    # the checks found wrong with it, for an engine that `repairs`


@dataclass(frozen=True)
class Context:
    """Where a unit stands in its release, for an engine that reads context: the sentences just
    before and after it and the title or heading it stands under (markup left out)."""

    before: str = ""
    after: str = ""
    heading: str = ""


@dataclass(frozen=True)
class NoDraft:
    """An engine's answer for a unit it has no translation for, and why, for the reviewer."""

    note: str


class EngineFailed(L10nError):
    """The engine stopped part-way (a server that went away, a key refused mid-run).

    `drafts` holds the drafts finished before it stopped, by position in the texts asked for,
    so that the caller can keep them (cache) and a re-run resumes where this one stopped."""

    def __init__(self, message: str, done: dict | None = None, drafts: dict[int, Draft] | None = None):
        super().__init__(message)
        self.done = done or {}
        # for an engine's own use: outputs by position in the list it was given
        self.drafts = drafts or {}


class MachineTranslator(Protocol):
    name: str
    # engine name as the catalog records it: `argos`, `pseudo`, `openai`
    model: str
    # the model's id and version, for the reviewer and the cache key (an LLM's prompt version too)
    # An HTTP engine also has `secret`: the API key it sends ("" for none), which `machine_drafts`
    # removes from everything it answers.

    def translate(self, texts: Sequence[str]) -> list[str | NoDraft]:
        """Translations of `texts`, in order, in one batched call."""
        ...


@dataclass
class _Work:
    """What machine_drafts knows of one unit while it works."""

    text: str
    spans: list[Span]
    matches: list[Match]
    context: Context = Context()
    notes: list[str] = field(default_factory=list)


def _literal(text: str, found: Sequence[Span]) -> list[Span]:
    """The spans to mask when the engine renders glossary terms itself: the literal ones, and the
    inline tags around a term (`<b>U.S.</b>` is one span; its tags stay protected, the term does not)."""
    result = []
    for span in found:
        if span.kind in LITERAL:
            result.append(span)
        else:
            result += [Span(span.start + t.start(), span.start + t.end(), "tag", t[0])
                       for t in inline.TAG.finditer(text[span.start:span.end])]
    return result


def _work(texts: Sequence[str], matches: Sequence[list[Match]], locale: str,
          context: Sequence[Context] | None) -> dict[int, _Work]:
    """Each unit as machine_drafts works on it; without `context`, a unit's neighbours in `texts` are its context."""
    def around(i: int) -> Context:
        return Context(inline.strip(texts[i - 1]) if i > 0 else "",
                       inline.strip(texts[i + 1]) if i + 1 < len(texts) else "")

    return {i: _Work(text, spans(text, list(found), locale), list(found), context[i] if context else around(i))
            for i, (text, found) in enumerate(zip(texts, matches))}


def _requests(work: dict[int, _Work], masked: dict[int, Masked], terms: bool,
              rejected: dict[int, tuple[str, str]] | None = None) -> list[Request]:
    result = []
    for i, m in masked.items():
        unit = work[i]
        renamed = tuple(dict.fromkeys((inline.strip(unit.text[s.start:s.end]), inline.strip(s.value))
                                      for s in unit.spans if s.kind not in LITERAL)) if terms else ()
        draft, problem = (rejected or {}).get(i, ("", ""))
        result.append(Request(
            str(len(result) + 1), m.text, tuple((TOKEN.format(n), s.value) for n, s in enumerate(m.spans)), renamed,
            before=unit.context.before, after=unit.context.after, heading=unit.context.heading, draft=draft,
            problem=problem))
    return result


def _ask(translator, masked: dict[int, Masked], work: dict[int, _Work], terms: bool = False,
         rejected: dict[int, tuple[str, str]] | None = None
         ) -> tuple[dict[int, str | NoDraft], dict[int, list[str]], EngineFailed | None]:
    """The engine's outputs by unit index, `clean`ed, with the notes on what was removed from each
    (for the draft made of it: an output thrown away needs none); when it stopped part-way, what it
    finished and why it stopped."""
    order = list(masked)
    if not order:
        return {}, {}, None
    try:
        if hasattr(translator, "translate_units"):
            answers = translator.translate_units(_requests(work, masked, terms, rejected))
        else:
            answers = translator.translate([masked[i].text for i in order])
    except EngineFailed as error:
        outputs, failure = {order[n]: output for n, output in error.done.items()}, error
    else:
        outputs, failure = dict(zip(order, answers)), None
    removed: dict[int, list[str]] = {}
    for i, output in outputs.items():
        if isinstance(output, str):
            outputs[i], removed[i] = clean(output, getattr(translator, "secret", ""))
    return outputs, removed, failure


def _missing_targets(unit: _Work, translation: str, locale: str) -> list[tuple[str, str]]:
    """(term, target) for each glossary term whose approved rendering is not in `translation`."""
    missing = []
    for span in unit.spans:
        match = next((m for m in unit.matches if span.start <= m.start and m.end <= span.end), None)
        if span.kind not in LITERAL and match is not None and \
                not any(target and target in translation for target in match.term.accepted(locale)):
            missing.append((match.text, inline.strip(span.value)))
    return list(dict.fromkeys(missing))


def _problem(masked: Masked, result, missing: Sequence[tuple[str, str]]) -> str:
    """What the checks found wrong with a draft, said to the engine that wrote it: which approved
    target to use, which placeholder to copy once, which token is none of the unit's."""
    def token(span: Span) -> str:
        return TOKEN.format(masked.spans.index(span))

    said = [f'use {target} for "{term}"' for term, target in missing]
    said += [f"copy {token(s)} (it stands for {s.value!r}) exactly once" for s in result.lost]
    said += [f"{token(s)} appears more than once: copy it exactly once" for s in result.duplicated]
    said += [f"{stray} is not a placeholder of this unit: leave it out" for stray in result.strays]
    return "; ".join(said)


def machine_drafts(translator: MachineTranslator, texts: Sequence[str], matches: Sequence[list[Match]],
                   locale: str, context: Sequence[Context] | None = None) -> list[Draft]:
    """Drafts for `texts` (with their glossary matches), every protected span accounted for.

    An engine that `handles_terms` translates first with the glossary terms in the text and their
    targets in the request; a translation that lost a token or did not use a target goes round
    again with every span masked, as for any engine. When MT loses, duplicates or mangles a
    placeholder, the text is translated again without masking and without its inline tags; that
    draft is kept if every literal span (email, code, do-not-translate term ...) is in it, with a
    note to check the glossary terms and to put the tags back. Otherwise the unit is left empty for
    a human, with a note naming what MT lost.

    Every output is `clean`ed before it is read; a draft made of one that had control characters
    or a key in it says what was removed.

    An engine that `repairs` gets a rejected draft back once, with what is wrong with it (the
    glossary target to use, the placeholder to copy); the repaired draft is kept only if it passes.
    `context`, one per text: where each stands in its release, for an engine that reads context
    (else the texts around it in `texts`).

    When the engine stops part-way, EngineFailed carries the drafts finished so far.
    """
    if not texts:
        return []
    work = _work(texts, matches, locale, context)
    drafts: dict[int, Draft] = {}

    def draft(i: int, text: str, notes: Sequence[str] = ()) -> None:
        drafts[i] = Draft(text, translator.name, translator.model, tuple(notes))

    def stop(error: EngineFailed | None) -> None:
        if error is not None:
            raise EngineFailed(error.message, drafts=dict(drafts)) from error

    todo = list(work)
    if hasattr(translator, "translate_units") and getattr(translator, "handles_terms", False):
        masked = {i: mask(work[i].text, _literal(work[i].text, work[i].spans)) for i in todo}
        outputs, removed, error = _ask(translator, masked, work, terms=True)
        rejected: dict[int, tuple[str, str]] = {}
        for i, output in outputs.items():
            if isinstance(output, NoDraft):
                draft(i, "", (output.note,))
                continue
            result = unmask(masked[i], output, locale)
            missing = _missing_targets(work[i], result.text, locale) if result.ok else []
            if result.ok and not missing:
                draft(i, result.text, removed[i])
            else:
                rejected[i] = (output, _problem(masked[i], result, missing))
        stop(error)
        if rejected and getattr(translator, "repairs", False):
            # one repair per unit: the rejected draft and what is wrong with it, with the same
            # style, examples and context; kept only if it passes the same checks
            outputs, removed, error = _ask(translator, {i: masked[i] for i in rejected}, work, True, rejected)
            translator.usage.add(repairs=len(rejected))
            for i, output in outputs.items():
                result = unmask(masked[i], output, locale) if isinstance(output, str) else None
                if result is not None and result.ok and not _missing_targets(work[i], result.text, locale):
                    draft(i, result.text, (f"repaired once: {rejected[i][1]}", *removed[i]))
            stop(error)
        for i, (_, problem) in rejected.items():
            if i not in drafts:
                tried = "; repaired once, in vain" if getattr(translator, "repairs", False) else ""
                work[i].notes.append(f"MT's draft failed the checks ({problem}){tried}; translated again with the "
                                     "glossary terms held as placeholders")
        todo = [i for i in todo if i not in drafts]

    masked = {i: mask(work[i].text, work[i].spans) for i in todo}
    outputs, removed, error = _ask(translator, masked, work)
    restored = {}
    for i, output in outputs.items():
        if isinstance(output, NoDraft):
            draft(i, "", (*work[i].notes, output.note))
        else:
            restored[i] = unmask(masked[i], output, locale)
            if restored[i].ok:
                draft(i, restored[i].text, (*work[i].notes, *removed[i]))
    stop(error)

    failed = [i for i in todo if i not in drafts]
    plain = {i: Masked(inline.strip(work[i].text), ()) for i in failed}
    retried, removed, error = _ask(translator, plain, work)
    for i, retry in retried.items():
        text, m, result = work[i].text, masked[i], restored[i]
        trouble = [text[s.start:s.end] for s in (*result.lost, *result.duplicated)] + list(result.strays)
        said = ", ".join(trouble)
        if isinstance(retry, NoDraft):
            draft(i, "", (*work[i].notes, f"left for a human: MT lost or repeated {said}, and then: {retry.note}"))
            continue
        missing = [inline.strip(s.value) for s in m.spans
                   if s.kind in LITERAL and s.kind != "tag" and inline.strip(s.value) not in retry]
        if missing:
            draft(i, "", (*work[i].notes, f"left for a human: MT lost or repeated {said}, and without masking it "
                                          f"dropped {', '.join(missing)}"))
            continue
        terms = [f"{text[s.start:s.end]} → {s.value}" for s in m.spans if s.kind not in LITERAL]
        notes = [*work[i].notes, f"MT lost or repeated {said}; translated again without masking"]
        if terms:
            notes.append(f"check the glossary terms: {'; '.join(terms)}")
        if inline.TAG.search(text):
            notes.append(f"inline markup not carried over: put back {' '.join(t[0] for t in inline.TAG.finditer(text))} "
                         "around the words they mark")
        draft(i, retry, (*notes, *removed[i]))
    stop(error)
    return [drafts[i] for i in range(len(texts))]


def requests_for(translator, texts: Sequence[str], matches: Sequence[list[Match]], locale: str) -> list[Request]:
    """The units as `machine_drafts` first hands them to an engine that takes more than text (`translate_units`)."""
    work = _work(texts, matches, locale, None)
    aware = getattr(translator, "handles_terms", False)
    masked = {i: mask(unit.text, _literal(unit.text, unit.spans) if aware else unit.spans) for i, unit in work.items()}
    return _requests(work, masked, aware)


def first_request(translator, texts: Sequence[str], matches: Sequence[list[Match]], locale: str) -> dict | None:
    """What the engine would send first for `texts`, built as `machine_drafts` builds it, without
    sending anything (for `--dry-run`): {"method", "url", "headers" (key redacted), "body"}; None for
    an engine that cannot say without asking its server, or when there is nothing to translate."""
    preview = getattr(translator, "preview", None)
    if preview is None or not texts:
        return None
    return preview(requests_for(translator, texts, matches, locale))


def estimate(translator, texts: Sequence[str], matches: Sequence[list[Match]],
             locale: str) -> tuple[int | None, int | None, float | None]:
    """(requests, tokens, cost) of drafting `texts`, without sending anything (for `--estimate`).

    Requests: one per `batch` of an engine that sends batches over HTTP, first tries only (a retry,
    or a unit asked again, is one more); tokens: for one that bills them (`tokens`, openai); cost:
    what its `price` says of the characters and tokens, where l10n.toml sets one. None where a
    figure does not apply: an engine on this machine (argos, pseudo) sends nothing.
    """
    batch = getattr(translator, "batch", None)
    if batch is None:
        return None, None, None
    # built only for an engine that counts tokens: DeepL's `handles_terms` asks its server
    count = getattr(translator, "tokens", None)
    tokens = count(requests_for(translator, texts, matches, locale)) if count else None
    price = getattr(translator, "price", None)
    return math.ceil(len(texts) / batch), tokens, price(sum(map(len, texts)), tokens) if price else None
