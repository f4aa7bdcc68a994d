"""Blocks to translation units: sentences with stable ids.

pySBD does the sentence splitting (47 of the 48 English Golden Rules out of the box). A few
press-release rules it gets wrong are mended here by joining pieces it split too eagerly;
the facts those rules need are data, per language, in `JOIN_AFTER` and `TIME_ZONES`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import os
import re
from collections.abc import Iterator

from l10n import inline
from l10n.model import Block, Document, Unit

# Abbreviations pySBD takes for a sentence end although a press release never ends one with
# them: company suffixes that come before another (`Pte. Ltd.`, `Sdn. Bhd.`) and the Latin
# and measuring shorthand of clinical text (`approx. 5 mg`, `incl. adverse events`).
JOIN_AFTER = {
    "en": frozenset(
        "approx incl excl esp e.g i.e cf viz vs wk wks pts pte pty sdn fig figs".split()
    ),
}

# Words that continue a time (`4:30 p.m. Eastern Time`, `9 a.m. ET`): no boundary before them.
TIME_ZONES = {
    "en": frozenset(
        "ET EST EDT PT PST PDT CT CST CDT MT MST MDT GMT UTC BST CET CEST KST JST HKT SGT AEST "
        "Eastern Pacific Central Mountain Beijing Korea Korean China Hong Singapore Tokyo Seoul Japan".split()
    ),
}

# Kinds that stay whole: a title or heading with a period inside is still one unit to translate.
WHOLE_KINDS = frozenset({"title", "dateline", "heading", "contact"})

_LETTERS_AND_DOTS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."
_CLOCK = re.compile(r"\b[ap]\.m\.\s*$", re.I)
_WORD_PERIOD = re.compile(r"(?:^|\s)\.$")
_INLINE_ITEM = re.compile(r"\s*\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})\)\s+[a-z]")  # an item that goes on in lowercase
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_LOWERCASE_WORD = re.compile(r"\s*[a-z]+\b")
_FIRST_WORD = re.compile(r"\s*[\"“(]?([A-Za-z]+)")
_SPACE = re.compile(r"\s")


@functools.cache
def _segmenter(lang: str):
    import pysbd

    segmenter = pysbd.Segmenter(language=lang, clean=False)
    segmenter.language_module = _quicker(segmenter.language_module)
    return segmenter


def _quicker(language: type) -> type:
    """pySBD's `language` with the same abbreviation pass, made cheaper (it was a third of pySBD's time).

    pySBD looks for each of its 188 English abbreviations in every line: two regexes formatted
    and looked up, a search, and for each occurrence a substitution that turns the period after
    it into `∯`. An abbreviation changes the line only where it starts a word and a period
    follows it, so here the line's periods name the few abbreviations that can, and only those
    go through pySBD's own steps, in pySBD's order, with the same regexes compiled once. The
    second regex (`(?<={inc} ).{1}`: its braces are literal) runs only on a line with a `{`.
    A test holds the result to stock pySBD's. A language whose replacer has its own search is
    left as it is.
    """
    from pysbd.abbreviation_replacer import AbbreviationReplacer

    own = language.AbbreviationReplacer
    if (own.search_for_abbreviations_in_string is not AbbreviationReplacer.search_for_abbreviations_in_string
            or own.scan_for_replacements is not AbbreviationReplacer.scan_for_replacements):
        return language
    stripped = [abbr.strip() for abbr in language.Abbreviation.ABBREVIATIONS]
    found = [(abbr, re.compile(rf"(?:^|\s|\r|\n){abbr}", re.IGNORECASE),
              re.compile(r"(?<={" + str(re.escape(abbr)) + "} ).{1}")) for abbr in stripped]
    by_length: dict[int, list[tuple[int, re.Pattern[str]]]] = {}
    for n, abbr in enumerate(stripped):  # `.` in an abbreviation is any character, as in pySBD's search
        by_length.setdefault(len(abbr), []).append((n, re.compile(abbr, re.IGNORECASE)))
    lengths = sorted(by_length)

    @functools.lru_cache(maxsize=4096)
    def spelled(word: str) -> tuple[int, ...]:
        """The abbreviations (their places in pySBD's list) that match `word` as pySBD's search would."""
        return tuple(n for n, abbr in by_length[len(word)] if abbr.fullmatch(word))

    class Replacer(own):
        def search_for_abbreviations_in_string(self, text):
            able: set[int] = set()
            period = text.find(".")
            while period >= 0:
                for length in lengths:
                    start = period - length
                    if start < 0:
                        break
                    if start == 0 or _SPACE.match(text, start - 1):
                        able.update(spelled(text[start:period]))
                period = text.find(".", period + 1)
            lowered, braces = text.lower(), "{" in text
            for n in sorted(able):  # from here on pySBD's own loop
                abbr, occurrences, next_word_start = found[n]
                if abbr not in lowered:
                    continue
                abbrev_match = occurrences.findall(text)
                if not abbrev_match:
                    continue
                char_array = next_word_start.findall(text) if braces else []
                for ind, match in enumerate(abbrev_match):
                    text = self.scan_for_replacements(text, match, ind, char_array)
            return text

        def scan_for_replacements(self, txt, am, ind, char_array):
            # Each of pySBD's three substitutions turns the `.` right after `am` into `∯`.
            return super().scan_for_replacements(txt, am, ind, char_array) if am.strip() + "." in txt else txt

    return type(language.__name__, (language,), {"AbbreviationReplacer": Replacer})


def _last_word(piece: str) -> str | None:
    """The word of letters and periods that ends `piece` with a period, without that period (`Pte. Ltd.`
    → `Pte. Ltd`... `Ltd`: from its first letter); None when the piece ends otherwise.

    What `([A-Za-z][A-Za-z.]*)\\.\\s*$` finds, read from the end: that regex, searched, scanned the
    rest of a 250,000-letter word from each of its letters."""
    body = piece.rstrip()
    if not body.endswith("."):
        return None
    run = body[len(body.rstrip(_LETTERS_AND_DOTS)):-1]  # the letters and periods before the final one
    word = run.lstrip(".")
    return word or None


def _joins(piece: str, following: str, lang: str) -> bool:
    """True when the boundary pySBD put between `piece` and `following` is not a sentence end."""
    last = _last_word(piece)
    if last and last.lower() in JOIN_AFTER.get(lang, ()):
        return True
    # `Sdn. Bhd. and ...`: a short abbreviation followed by a lowercase word goes on.
    if last and (len(last) <= 4 or "." in last) and _LOWERCASE_WORD.match(following):
        return True
    # `Cal.; on behalf of`: no sentence starts with a semicolon, comma, colon or closing bracket.
    if following.lstrip()[:1] in (";", ",", ":", ")", "]"):
        return True
    # `will (a) expand the trial and (b) file`: a list inside a sentence goes on it, where the text
    # before its marker ends no sentence.
    if _INLINE_ITEM.match(following) and not _SENTENCE_END.search(piece):
        return True
    # `.zip or .rar`: a period that starts a word (a file type, `.NET`) ends no sentence.
    if _WORD_PERIOD.search(piece) and following[:1].isalnum():
        return True
    if _CLOCK.search(piece):
        first = _FIRST_WORD.match(following)
        if first and first[1] in TIME_ZONES.get(lang, ()):
            return True
        # An opening time phrase (`At 5 a.m. Mr. Smith went ...`) is not a sentence.
        return len(piece.split()) <= 3
    return False


# pySBD's cost grows faster than its input (its abbreviation pass rescans the text for every
# abbreviation it meets: 100 KB on one line takes 25 s), so text reaches it in sentence-sized
# pieces. A piece ends where no segmenter could disagree: a lowercase word of three letters or
# more that is no abbreviation, its `.`, `!` or `?`, space, and a capital letter. A piece with
# no sentence or list mark left inside is one sentence and skips pySBD; a piece still longer than
# LONGEST characters (no such boundary in sight) is cut at a space.
_SAFE_END = re.compile(r"\b([a-z]{3,})[.!?](\s+)(?=[A-Z])")  # no quotes or brackets: pySBD is its own judge there
_MARK_INSIDE = re.compile(r"[.!?…)•·*\n](?=.*\S)", re.S)  # `)` and bullets: pySBD splits list items
LONGEST = 2000
_CLOSERS = {")": "(", "]": "[", "”": "“"}
_BRACKET = re.compile(r'[(\[“)\]”"]')  # what _pieces counts: the openers, the closers and the straight quote
_LIST_MARK = re.compile(r"(?:^|\s)(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})[.)](?=\s)")


@functools.cache
def _abbreviations(lang: str) -> frozenset[str]:
    from pysbd.languages import Language

    found = Language.get_language_code(lang).Abbreviation
    listed = [*found.ABBREVIATIONS, *found.PREPOSITIVE_ABBREVIATIONS, *found.NUMBER_ABBREVIATIONS]
    return frozenset(listed) | JOIN_AFTER.get(lang, frozenset())


def _pieces(text: str, lang: str) -> list[str]:
    """`text` cut at boundaries no segmenter disputes, and into pieces of at most LONGEST characters."""
    cuts, at = [], 0
    depth, quoted, scanned = {"(": 0, "[": 0, "“": 0}, False, 0
    ends = [] if _LIST_MARK.search(text) else _SAFE_END.finditer(text)  # pySBD reads a list as a whole
    for found in ends:
        # pySBD keeps a quotation or a bracket whole: no cut inside one
        for char in _BRACKET.findall(text, scanned, found.start(2)):
            if char in depth:
                depth[char] += 1
            elif char in _CLOSERS:
                depth[_CLOSERS[char]] = max(0, depth[_CLOSERS[char]] - 1)
            elif char == '"':
                quoted = not quoted
        scanned = found.start(2)
        if not quoted and not any(depth.values()) and found[1] not in _abbreviations(lang):
            cuts.append(text[at:found.start(2)])
            at = found.start(2)
    cuts.append(text[at:])
    pieces = []
    for cut in cuts:
        at = 0  # cut at offsets, never by slicing off the rest: 50 MB on one line would copy it 25,000 times
        while len(cut) - at > LONGEST:
            space = cut.rfind(" ", at + LONGEST // 2, at + LONGEST) - at
            space = space if space > 0 else LONGEST
            pieces.append(cut[at:at + space])
            at += space
        pieces.append(cut[at:])
    return pieces


def _spans(text: str, lang: str) -> list[str]:
    """pySBD's sentences of `text` as its non-destructive mode gives them, each with the whitespace after it.

    pySBD finds them back in the text with one compiled regex per sentence, which costs more than
    the splitting; this is the same search, literal, with str.find.
    """
    found, end = [], 0
    for sentence in _segmenter(lang).processor(text).process() if text else []:
        at = 0
        while sentence and (start := text.find(sentence, at)) >= 0:
            stop = start + len(sentence)
            while stop < len(text) and text[stop].isspace():
                stop += 1
            if stop > end:
                found.append(text[start:stop])
                end = stop
                break
            at = stop
    return found


def _mend(pieces: list[str], lang: str) -> list[str]:
    """pySBD's pieces with the press-release joins; whitespace kept on the pieces."""
    mended: list[str] = []
    for piece in pieces:
        if mended and _joins(mended[-1], piece, lang):
            mended[-1] += piece
        else:
            mended.append(piece)
    return mended


def _pysbd(text: str, lang: str) -> list[str]:
    return _mend(_spans(text, lang), lang)


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Sentences of `text` in order, each stripped: only whitespace lies between them in `text`.
    A run-in heading that opens the text (`Forward-Looking Statements This press release ...`) is
    one of them."""
    sentences = []
    for piece in _pieces(text, lang):
        sentences += _pysbd(piece, lang) if _MARK_INSIDE.search(piece.strip()) else [piece]
    return run_in([sentence.strip() for sentence in sentences if sentence.strip()], lang)


def run_in(sentences: list[str], lang: str) -> list[str]:
    """The sentences of a text, a run-in heading that opens the first made a sentence of its own."""
    heading = RUN_IN_HEADING[lang].match(sentences[0]) if sentences and lang in RUN_IN_HEADING else None
    return [heading[1], sentences[0][heading.end():], *sentences[1:]] if heading else sentences


def unit_id(text: str, seen: dict[str, int]) -> str:
    """A short hash of the text, so inserting a sentence elsewhere leaves every other id as it was.

    The second and later copies of the same sentence get `-2`, `-3` ...
    """
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()
    seen[digest] = seen.get(digest, 0) + 1
    return digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


# Sections of a release whose heading a page or a PDF often runs into their first sentence: the
# heading, spaces, and a capital that starts the sentence. Only these names: a run of capitalized
# words before a sentence is as often a company's name (`Acme Therapeutics Inc Announces ...`).
RUN_IN_HEADING = {
    "en": re.compile(
        r"((?:(?:Cautionary|Special)\s+(?:Note|Statement)s?\s+(?:Regarding|Concerning|About|on)\s+)?"
        r"Forward[\s\-]Looking\s+Statements?|Safe\s+Harbou?r\s+Statement|Notes?\s+to\s+Editors?|Disclaimer|"
        r"Important\s+Safety\s+Information)\s+(?=[A-Z][a-z])"
    ),
}


# Text beyond this many characters is split by a pool of processes, one per core: pySBD, with
# the abbreviation pass above, runs at about 600,000 characters a second on one core, and a
# release is a few thousand.
PARALLEL_CHARS = 2_000_000


def _split_all(texts: list[str], lang: str) -> Iterator[list[str]]:
    """The sentences of each text, in order, as they come: the caller makes units of the first
    texts while the pool still splits the last."""
    if sum(map(len, texts)) < PARALLEL_CHARS or (os.cpu_count() or 1) < 2:
        yield from (split_sentences(text, lang) for text in texts)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor() as pool:
        yield from pool.map(split_sentences, texts, itertools.repeat(lang), chunksize=512)


def copied(text: str) -> bool:
    """A unit without a letter in any script (`2025`, `$4.5`, `—`, a table cell of figures): it is
    copied into the localized releases as written and never put in a catalog, where it would only
    be one more entry for a reviewer to confirm."""
    return not any(c.isalpha() for c in inline.strip(text))


def _attached(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence ranges of one block, a letterless one (`48%.` after `It rose by`) made part of the
    sentence before it, or of the one after where it comes first: a figure is read with its sentence."""
    if len(ranges) < 2:
        return ranges
    result: list[tuple[int, int]] = []
    pending: int | None = None  # the start of letterless ranges that open the block
    for start, end in ranges:
        if copied(text[start:end]):
            if result:
                result[-1] = (result[-1][0], end)
            elif pending is None:
                pending = start
            continue
        result.append((start if pending is None else pending, end))
        pending = None
    return result or [(ranges[0][0], ranges[-1][1])]


def segment(document: Document, lang: str = "en") -> list[Unit]:
    """The translation units of a document, in reading order."""
    units: list[Unit] = []
    seen: dict[str, int] = {}
    split = iter(_split_all([b.text.replace(inline.OBJECT, "") for b in document.blocks if b.kind not in WHOLE_KINDS],
                            lang))
    for index, block in enumerate(document.blocks):
        words = block.text.replace(inline.OBJECT, "")
        sentences = [words] if block.kind in WHOLE_KINDS else next(split)
        starts, at = [], 0
        for sentence in sentences:
            at = words.index(sentence, at)
            starts.append(at)
            at += len(sentence)
        ranges = [(start, start + len(sentence)) for start, sentence in zip(starts, sentences)]
        ranges = _attached(block.text, _with_objects(block.text, ranges))
        notes = _notes(block, ranges)
        for (start, _), (text, codes), said in zip(ranges, inline.tagged_all(block.text, block.marks, ranges), notes):
            units.append(Unit(unit_id(text, seen), block.kind, text, index, block.line_at(start), codes, said))
    return units


def _with_objects(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence ranges found in `text` without its objects (`inline.OBJECT`), as ranges of `text`:
    an object is not there to split a sentence at, and it goes with the sentence it stands in or
    after (a footnote reference follows what it annotates), or the first where it opens the text."""
    if inline.OBJECT not in text or not ranges:
        return ranges
    kept = [n for n, c in enumerate(text) if c != inline.OBJECT]  # each word character's place in `text`
    if not kept:
        return [(0, len(text))]
    found = [(kept[start], kept[end - 1] + 1) for start, end in ranges]
    ends = [start for start, _ in found[1:]] + [len(text)]
    result = []
    for n, ((start, end), following) in enumerate(zip(found, ends)):
        last = text.rfind(inline.OBJECT, end, following)
        result.append((0 if n == 0 and inline.OBJECT in text[:start] else start, last + 1 if last >= 0 else end))
    return result


def _notes(block: Block, ranges: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """The texts of the block's notes each sentence range carries: a note goes to the first sentence
    its stretch touches (a comment on a whole paragraph, to its first sentence)."""
    found: list[list[str]] = [[] for _ in ranges]
    ends = [end for _, end in ranges]  # the ranges follow one another: the first that ends past a note's start
    for note in block.notes if ranges else ():
        found[min(bisect.bisect_right(ends, note.start), len(ranges) - 1)].append(note.text)
    return [tuple(texts) for texts in found]
