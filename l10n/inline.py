"""Inline markup inside a unit's text: bold, italics, links, a Word run's own format.

A release read from HTML, Markdown or Word keeps its inline formatting as `Mark`s on the
block. A unit shows them to the reviewer and to MT as short tags, `<b>BOSTON</b>`,
`<a1>our website</a1>`, the way Okapi and po4a hand out inline codes: the same sentence in
a .docx and a .md is the same msgid, and a reviewer moves a tag with the words it wraps.
What a tag stands for (a link's address, a Word run's properties) stays with the document;
a unit's `codes` say it for its own tags, so a writer can map a translation's tags back.

An object in the middle of a text that is no text (a Word footnote reference, an inline picture)
is an empty code, `<x1/>`, as XLIFF's `<x id="1"/>`: its reader puts `OBJECT` in the block's text
where it stands, under an `x` mark whose value is the writer's key to the object, and the unit
shows the tag in its place. A translator moves it with the words it follows; it has no words inside.

Only these tag names are markup; any other `<...>` in a text is the text's own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from l10n.model import Mark

# b, i, u, s, sup, sub, code: as HTML names them. aN: the unit's Nth link. fN: the Nth other
# format of a Word run (a colour, a size, a font) in the unit. xN, written `<xN/>` only: the Nth
# object of the unit, an empty code. Group 1 is the `/` of a closing tag, group 2 the name.
TAG = re.compile(r"<(/?)((?:b|i|u|s|sup|sub|code|a\d{1,3}|f\d{1,3})(?=>)|(?<=<)x\d{1,3}(?=/>))/?>")
NUMBERED = ("a", "f", "x")
# U+FFFC OBJECT REPLACEMENT CHARACTER: where an object stands in a block's text, under its `x` mark.
OBJECT = "\ufffc"


def empty(tag: str) -> bool:
    """Whether a tag's name (`x2`) is that of an empty code, which stands alone and wraps no words."""
    return tag.startswith("x")


def strip(text: str) -> str:
    """`text` without its tags: what a plain-text release shows."""
    return TAG.sub("", text)


def tagged(text: str, marks: Sequence[Mark], start: int, end: int) -> tuple[str, tuple[tuple[str, str], ...]]:
    """`text[start:end]` with the marks that overlap it as tags, and what each numbered tag stands for.

    A mark that runs past either end is cut there (a bold run over two sentences is bold in each).
    """
    return tagged_all(text, marks, [(start, end)])[0]


def tagged_all(text: str, marks: Sequence[Mark],
               ranges: Sequence[tuple[int, int]]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """`tagged` for each (start, end) of `ranges` (the sentences of one block): the marks are merged
    once, and each range is given only the marks that overlap it, so that a paragraph of 10,000
    sentences and 10,000 links costs n log n, not n² (or n³)."""
    merged = _merged(marks)
    by_start = sorted(range(len(merged)), key=lambda i: merged[i].start)
    result: list[tuple[str, tuple[tuple[str, str], ...]]] = [("", ())] * len(ranges)
    near: list[int] = []  # places in `merged` of the marks that start before the range ends and end after it starts
    taken = 0
    for index in sorted(range(len(ranges)), key=lambda i: ranges[i]):
        start, end = ranges[index]
        while taken < len(by_start) and merged[by_start[taken]].start < end:
            near.append(by_start[taken])
            taken += 1
        near = [i for i in near if merged[i].end > start]  # ends before this range: before every later one too
        result[index] = _tagged(text, [merged[i] for i in sorted(near)], start, end)
    return result


def _tagged(text: str, merged: Sequence[Mark], start: int, end: int) -> tuple[str, tuple[tuple[str, str], ...]]:
    inside = sorted(((max(m.start, start), min(m.end, end), m) for m in merged if m.start < end and m.end > start
                     and max(m.start, start) < min(m.end, end)), key=lambda x: (x[0], -x[1]))
    if not inside:
        return text[start:end], ()
    names: dict[int, str] = {}
    codes: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    counters = dict.fromkeys(NUMBERED, 0)
    for _, _, mark in inside:
        if id(mark) in names:
            continue
        if mark.tag in NUMBERED:
            counters[mark.tag] += 1
            names[id(mark)] = f"{mark.tag}{counters[mark.tag]}"
        else:
            names[id(mark)] = mark.tag
        if (names[id(mark)], mark.value) not in seen:
            seen.add((names[id(mark)], mark.value))
            codes.append((names[id(mark)], mark.value))
    # Between two mark boundaries the same marks are open: close what ends, open what starts,
    # outer (earlier, longer) marks first, so tags nest; a mark crossing another is closed and reopened.
    # A sweep over the boundaries keeps the marks open between them, in the order of `inside`.
    # An object's mark covers its OBJECT character, which its empty code replaces; it opens nothing.
    cuts = sorted({start, end, *(p for first, last, _ in inside for p in (first, last))})
    opening_at: dict[int, list[int]] = {}
    objects: dict[int, str] = {}
    for n, (first, _, mark) in enumerate(inside):
        if mark.tag == "x":
            objects[first] = names[id(mark)]
        else:
            opening_at.setdefault(first, []).append(n)
    out: list[str] = []
    stack: list[str] = []
    live: dict[int, None] = {}  # indices into `inside` open over the current stretch, kept sorted when read
    for left, right in zip(cuts, cuts[1:]):
        for n in opening_at.get(left, ()):
            live[n] = None
        for n in [n for n in live if inside[n][1] <= left]:
            del live[n]
        wanted = [names[id(inside[n][2])] for n in sorted(live)]
        out += _switch(stack, wanted, lambda name: f"<{name}>", lambda name: f"</{name}>")
        stack = wanted
        out.append(f"<{objects[left]}/>" + text[left + 1:right] if left in objects else text[left:right])
    out += _switch(stack, [], lambda name: f"<{name}>", lambda name: f"</{name}>")
    return "".join(out), tuple(codes)


def _switch(stack: list[str], wanted: list[str], opening: Callable[[str], str],
            closing: Callable[[str], str]) -> list[str]:
    """The tags that turn the open `stack` (outermost first) into `wanted`: close down to what
    both share, then open the rest."""
    keep = 0
    while keep < min(len(stack), len(wanted)) and stack[keep] == wanted[keep]:
        keep += 1
    return [closing(t) for t in reversed(stack[keep:])] + [opening(t) for t in wanted[keep:]]


def _merged(marks: Sequence[Mark]) -> list[Mark]:
    """The marks, in their order, with those of one tag and value that overlap or touch made one:
    bold inside bold is bold. A merged mark stands where the first of its marks stood.

    Each tag and value's marks are swept in order of their start, so 10,000 links cost n log n."""
    groups: dict[tuple[str, str], list[int]] = {}
    for n, mark in enumerate(marks):
        groups.setdefault((mark.tag, mark.value), []).append(n)
    placed: list[tuple[int, Mark]] = []  # (place of its first mark, the merged mark)
    for indices in groups.values():
        indices.sort(key=lambda n: marks[n].start)
        run = [indices[0]]  # the marks of the current merged one; they overlap or touch in a chain
        end = marks[indices[0]].end
        for n in indices[1:]:
            if marks[n].start <= end:
                run.append(n)
                end = max(end, marks[n].end)
            else:
                placed.append(_joined(marks, run))
                run, end = [n], marks[n].end
        placed.append(_joined(marks, run))
    return [mark for _, mark in sorted(placed, key=lambda x: x[0])]


def _joined(marks: Sequence[Mark], run: list[int]) -> tuple[int, Mark]:
    if len(run) == 1:
        return run[0], marks[run[0]]
    first = min(run)
    return first, Mark(min(marks[n].start for n in run), max(marks[n].end for n in run), marks[first].tag,
                       marks[first].value)


def pieces(text: str) -> list[tuple[str, tuple[str, ...]]] | None:
    """`text` as (words, the tags open over them, outermost first); None when its tags do not
    nest (a close without its open, an open never closed). An empty code is a piece of no words
    whose last tag is its own (`("", ("b", "x1"))`: an object inside bold words)."""
    result: list[tuple[str, tuple[str, ...]]] = []
    open_: list[str] = []
    at = 0
    for found in TAG.finditer(text):
        if found.start() > at:
            result.append((text[at:found.start()], tuple(open_)))
        at = found.end()
        name = found[2]
        if empty(name):
            result.append(("", (*open_, name)))
        elif found[1]:
            if not open_ or open_[-1] != name:
                return None
            open_.pop()
        elif name in open_:
            return None
        else:
            open_.append(name)
    if open_:
        return None
    if at < len(text):
        result.append((text[at:], ()))
    return result


SIMPLE = frozenset({"b", "i", "u", "s", "sup", "sub", "code"})


def render(text: str, codes: Sequence[tuple[str, str]], escape: Callable[[str], str],
           opening: Callable[[str, str], str], closing: Callable[[str, str], str]) -> str:
    """A (translated) unit's text in an output format: words escaped, each tag written by
    `opening(name, value)` / `closing(name, value)`.

    A unit without codes had no markup in its source: its `<...>` are its own words. Tags that
    do not nest are dropped (the words stay) rather than written broken; so is a numbered tag
    the unit does not have (`<a3>` where the source had one link).
    """
    split = pieces(text) if codes else None
    if split is None:
        return escape(strip(text) if codes else text)
    known = dict(codes)
    out: list[str] = []
    stack: list[str] = []
    def opened(tag: str) -> str:
        return opening(_name(tag), known.get(tag, ""))

    def closed(tag: str) -> str:
        return closing(_name(tag), known.get(tag, ""))

    for words, tags in split:  # an object has no place in text: its empty code writes nothing
        wanted = [t for t in tags if (t in known or t in SIMPLE) and not empty(t)]
        out += _switch(stack, wanted, opened, closed)
        stack = wanted
        out.append(escape(words))
    out += _switch(stack, [], opened, closed)
    return "".join(out)


def _name(tag: str) -> str:
    """`a` for `a2`: the kind of markup a tag is."""
    return tag.rstrip("0123456789") or tag


def outer(text: str) -> tuple[str, str, str]:
    """(opening tags, inner text, closing tags) of a text wrapped whole in tags (`<b>BOSTON ...</b>`),
    so the inner text can go through rules and MT alone; ('', text, '') otherwise."""
    opens, closes = [], []
    lo, hi = 0, len(text)  # the text inside the tags taken so far
    partner: dict[int, int] = {}  # once an inner text nests: its open tags (by place among its tags) → their closes'
    first_tag = last_tag = 0  # the places of the first and the last tag of text[lo:hi] among them
    while True:
        first = TAG.match(text, lo, hi)
        close = f"</{first[2]}>" if first and not first[1] else ""
        if not close or not text.endswith(close, lo, hi):
            break
        if not opens:  # the first inner text: read whole once
            inner = text[first.end():hi - len(close)]
            if pieces(inner) is None:
                break
            partner, first_tag, last_tag = _partners(inner), 0, len(TAG.findall(inner)) - 1
        else:
            # Inside a text whose tags nest, what lies between its first tag and its last nests too
            # exactly when the one closes the other: each layer costs one look, not a new reading.
            if partner.get(first_tag) != last_tag:
                break
            first_tag, last_tag = first_tag + 1, last_tag - 1
        opens.append(first[0])
        closes.append(close)
        lo, hi = first.end(), hi - len(close)
    return "".join(opens), text[lo:hi], "".join(reversed(closes))


def _partners(text: str) -> dict[int, int]:
    """For each open tag of `text`, whose tags nest, the place of its close among the text's tags."""
    found: dict[int, int] = {}
    stack: list[int] = []
    for n, tag in enumerate(TAG.finditer(text)):
        if tag[1]:
            found[stack.pop()] = n
        elif not empty(tag[2]):
            stack.append(n)
    return found


def place(source: str, translation: str) -> str | None:
    """`translation` (of `source` without its tags) with the tags of `source` put back, where
    that is certain: tags around the whole sentence, around all of it but an ending the
    translation keeps (`<b>SUZHOU, China, July 28, 2025</b> --`), and around words the
    translation keeps as they are, once (an email, a URL, a code, a name in Latin letters);
    None otherwise."""
    opening, inner, closing = outer(source)
    split = pieces(inner)
    if split is None:
        return None
    if len(split) == 2 and split[0][1] and not split[1][1] and translation.endswith(split[1][0]) \
            and len(translation) > len(split[1][0]):
        ending = split[1][0]
        placed = _wrapped(translation[:-len(ending)], split[0][1]) + ending
    else:
        placed = translation
        for words, tags in split:
            if not tags:
                continue
            if not words.strip() or translation.count(words) != 1 or placed.count(words) != 1:
                return None
            placed = placed.replace(words, _wrapped(words, tags), 1)
    placed = opening + placed + closing
    return placed if strip(placed) == translation and not problems(source, placed) else None


def _wrapped(words: str, tags: Sequence[str]) -> str:
    return "".join(f"<{t}>" for t in tags) + words + "".join(f"</{t}>" for t in reversed(tags))


def problems(source: str, translation: str) -> list[str]:
    """What is wrong with the tags of `translation` against those of `source`, as messages."""
    wanted = [m[0] for m in TAG.finditer(source)]
    found = [m[0] for m in TAG.finditer(translation)]
    said = []
    missing = _minus(wanted, found)
    extra = _minus(found, wanted)
    invented = [tag for tag in extra if tag not in wanted]
    if missing:
        said.append(f"markup missing: {' '.join(missing)}")
    if invented:
        said.append(f"markup not in the English: {' '.join(invented)}")
    if len(invented) < len(extra):  # an object written twice would be in the release twice
        said.append(f"markup more often than in the English: {' '.join(t for t in extra if t in wanted)}")
    if not missing and not extra and pieces(translation) is None:
        said.append("tags do not nest: every <x> needs its </x> after it, inside the tags around it")
    return said


def _minus(a: list[str], b: list[str]) -> list[str]:
    """`a` without one item for each item of `b`: a multiset difference, in the order of `a`."""
    left = Counter(b)
    result = []
    for item in a:
        if left[item]:
            left[item] -= 1
        else:
            result.append(item)
    return result


# The schemes a link in a release may have; anything else (javascript:, vbscript:, data:, file:)
# loses its link and keeps its words. No scheme at all is a relative link, kept.
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# What a browser drops from a URL before it reads the scheme (WHATWG URL parsing): every tab
# and newline, and controls and spaces at either end; `jav&#x09;ascript:` arrives here as a tab.
_URL_DROPPED = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def safe_url(href: str) -> str | None:
    """`href` as a browser would read it, or None when its scheme is not a safe one."""
    url = href.translate(_URL_DROPPED).strip("".join(map(chr, range(0x21))))
    scheme = _SCHEME.match(url)
    if scheme and scheme[1].lower() not in SAFE_SCHEMES:
        return None
    return url
