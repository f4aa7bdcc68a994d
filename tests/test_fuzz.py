"""Fuzzing the command line with hostile files: releases, catalogs, glossary CSVs, l10n.toml.

The contract every run is held to (README, Troubleshooting; see `contract`):

- the exit status is 0, 2 or, only where the command reports findings or refuses (`check`,
  `--final`, `--min-reviewed`), 1;
- no Python traceback, and no exception escapes `l10n.cli.main()`;
- status 2 is exactly one non-empty line on stderr, `error: ...` (`glossary check` alone lists
  one line per problem, by design);
- after a failed run every file that existed before (release, catalogs, template, glossary,
  l10n.toml, out/) is byte-identical (`check --annotate` alone writes its notes before exiting
  1 for its findings), and no run leaves a `.NAME.*.tmp` behind;
- a successful `translate` or `merge` keeps every reviewed translation (same msgstr, or fuzzy
  with `#|` naming the old msgid, or obsolete with the same msgstr) and the translator comments
  of the entries it keeps; a catalog it writes from one that GNU `msgfmt` accepts is one that
  `msgfmt` accepts; `build` right after a successful `translate` succeeds and changes no file
  (the catalogs read back say what was written), and a second `translate` on unchanged input
  changes no file.

How commands run: in-process, through `l10n.cli.main()` with `sys.argv` patched, stdout and
stderr redirected and SystemExit caught (`invoke`). `main()` is the console script itself
(`[project.scripts] l10n = "l10n.cli:main"`), so the L10nError -> one line + status 2 edge is
the one users get; `CliRunner` on `app` would skip it. In-process costs milliseconds per
command where a subprocess costs a Python start and the imports (about 0.3 s), which is what
lets a few hundred examples run in CI. stdout encodes strictly and stderr with
backslashreplace, as Python's own streams do under a UTF-8 locale, so text that cannot be
printed fails here as it would in a terminal. Warnings and anything written to the real file
descriptors are not seen in-process: `test_in_process_agrees_with_subprocess` runs a few
hostile cases both ways and compares status, stderr and the files written.

Every example runs in a fresh temporary folder holding an `l10n.toml` (so that no settings file
above it is found) and nothing is written under `tests/data`. `.l10n/` (the MT cache) is not
compared: it is a cache, not a user's file.

Bugs the fuzzer found are pinned as `@example`s, each with a comment saying what goes wrong,
so that every run tries them and not only the runs whose random draw hits them again.

Sizes are bounded so that the file runs in well under a minute (about 35 s on a 2-core machine
when every property holds); for a long run scale every `max_examples` up, e.g.
`L10N_FUZZ_SCALE=20 python -m pytest tests/test_fuzz.py -q --hypothesis-show-statistics`
(about 10 minutes). A property whose pinned example fails stops before generating anything.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import logging
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SEED
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from l10n.cli import main

SCALE = float(os.environ.get("L10N_FUZZ_SCALE", "1"))
MSGFMT = shutil.which("msgfmt")


def fuzz(examples: int):
    """Hypothesis settings for `examples` runs (times L10N_FUZZ_SCALE); a fuzz test is `slow`: tens to
    hundreds of CLI runs."""
    chosen = settings(max_examples=max(1, round(examples * SCALE)), deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.large_base_example, HealthCheck.filter_too_much])
    return lambda test: pytest.mark.slow(chosen(test))


# --- running a command ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    args: tuple[str, ...]
    status: int
    stdout: str
    stderr: str
    error: str = ""
    # the traceback of an exception that escaped main(), or ""
    data: bytes = b""
    # stdout's bytes (a catalog written there keeps its charset)


def invoke(cwd: Path, *args) -> Outcome:
    """`l10n ARGS` run in-process in `cwd`, as the console script runs it."""
    argv = ["l10n", *map(str, args)]
    # Streams that encode as the real ones do: stdout strictly (a lone surrogate from an argument is
    # an error there), stderr with backslashreplace, as Python sets them up under a UTF-8 locale.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True)
    status, error = 0, ""
    saved = sys.argv
    sys.argv = argv
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exit_:
                status = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
            except Exception:  # noqa: BLE001 - any other exception is the bug this harness looks for
                status, error = -1, traceback.format_exc()
    finally:
        sys.argv = saved
    outcome = Outcome(tuple(argv[1:]), status, out.buffer.getvalue().decode("utf-8", "replace"),
                      err.buffer.getvalue().decode("utf-8", "replace"), error, out.buffer.getvalue())
    with contextlib.suppress(InvalidArgument):  # outside a @given test
        event(f"{' '.join(argv[1:3]) if argv[1] == 'glossary' else argv[1]} -> {status}")
        note(f"$ {' '.join(map(repr, outcome.args))} -> {status}\nstderr: {outcome.stderr[-2000:]!r}")
    return outcome


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (the MT cache aside), by relative path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and ".l10n" not in path.relative_to(root).parts}


_TEMPORARY = re.compile(r"\..+\.tmp")
_LINE_END = re.compile(r"\r\n|\r|\n")
_GLOSSARY_CHECK_LINE = re.compile(r"(?:error|note): .*|[\d,]+ problems? in [\d,]+ glossary files?")


def contract(outcome: Outcome, allowed: set[int], before: dict[str, bytes], root: Path,
             problem_list: bool = False, unchanged_on: frozenset[int] = frozenset({1, 2})) -> None:
    """The properties every run must have; `before` is the snapshot taken before it.

    `unchanged_on`: the statuses after which no existing file may have changed (`check
    --annotate` writes its notes and then exits 1 for the errors it found).
    """
    assert not outcome.error, f"{outcome.args}: an exception escaped main():\n{outcome.error}"
    assert "Traceback" not in outcome.stdout + outcome.stderr, f"{outcome.args}: traceback printed:\n{outcome.stderr}"
    assert outcome.status in allowed, (f"{outcome.args}: exit status {outcome.status}, expected one of "
                                       f"{sorted(allowed)}\nstderr: {outcome.stderr[-3000:]}")
    if outcome.status == 2:
        lines = [line for line in _LINE_END.split(outcome.stderr) if line.strip()]
        if problem_list:
            assert lines and all(_GLOSSARY_CHECK_LINE.fullmatch(line) for line in lines), (
                f"{outcome.args}: glossary check's stderr is not one line per problem:\n{outcome.stderr}")
        else:
            assert len(lines) == 1 and lines[0].startswith("error: "), (
                f"{outcome.args}: status 2 must be one line `error: ...` on stderr, got {len(lines)}:\n"
                f"{outcome.stderr[-3000:]}")
    after = snapshot(root)
    if outcome.status in unchanged_on:
        changed = [path for path in before if after.get(path) != before[path]]
        assert not changed, f"{outcome.args}: failed with status {outcome.status} but changed {changed}"
    leftovers = [path for path in after if _TEMPORARY.fullmatch(Path(path).name)]
    assert not leftovers, f"{outcome.args}: temporary files left behind: {leftovers}"


@contextlib.contextmanager
def sandbox() -> Iterator[tuple[Path, Path]]:
    """(root, project): a fresh folder, and the project folder inside it with an empty l10n.toml."""
    with tempfile.TemporaryDirectory(prefix="l10n-fuzz-") as folder:
        root = Path(folder)
        project = root / "project"
        project.mkdir()
        (project / "l10n.toml").write_text("", encoding="utf-8")
        yield root, project


def msgfmt_accepts(path: Path) -> bool:
    result = subprocess.run([MSGFMT, "-o", os.devnull, str(path)], capture_output=True, check=False)
    return result.returncode == 0


# --- source material ------------------------------------------------------------------

SOURCES = [SEED, *sorted((DATA / "releases").glob("*.txt")), *sorted((DATA / "review").glob("*.txt"))]


@cache
def source_bytes() -> list[bytes]:
    return [path.read_bytes() for path in SOURCES]


@cache
def source_lines() -> list[bytes]:
    return sorted({line for data in source_bytes() for line in data.splitlines() if line.strip()})


@cache
def seed_units() -> list[str]:
    """The distinct sentences of the seed release: the msgids its catalog has."""
    from l10n.document import read
    from l10n.segment import segment

    return list(dict.fromkeys(unit.text for unit in segment(read(SEED))))


SPECIALS = "\r\n\x00\t\x0b\x0c\x1c\x1d\x1e\x85\u00a0\ufeff\u2028\u2029\u200b\u202e\u0301\ud800\U0001f600"
ANY_CHAR = st.one_of(st.characters(), st.sampled_from(SPECIALS))
# Text that is not hostile on purpose: scripts a release meets, and punctuation that means something.
PLAIN_CHAR = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7e),
    st.sampled_from("가나다한국어中文字符日本語éü—–“”‘’…·•%{}()[]<>&@#$ ZX"),
)
NEST_OPEN = "([{<\"'“‘«「【（"
NEST_CLOSE = ")]}>\"'”’»」】）"


def _encode(text: str, encoding: str) -> bytes:
    if encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-be"):
        return text.encode(encoding, "surrogatepass")
    return text.encode(encoding, "replace")


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-be", "cp949", "gb18030", "cp1252",
             "shift_jis"]


@st.composite
def nesting(draw) -> str:
    """Brackets and quotes nested deep, closed, unclosed or crossed."""
    depth = draw(st.integers(1, 3000))
    opens = draw(st.lists(st.sampled_from(NEST_OPEN), min_size=1, max_size=6))
    inner = draw(st.sampled_from(["", "XS228", "spinal cord injury", "48 patients", "a.", "Dr. Smith said."]))
    prefix = "".join(opens[i % len(opens)] for i in range(depth))
    how = draw(st.sampled_from(["closed", "open", "crossed", "closers"]))
    if how == "closed":
        suffix = "".join(NEST_CLOSE[NEST_OPEN.index(c)] for c in reversed(prefix))
    elif how == "crossed":
        suffix = "".join(NEST_CLOSE[NEST_OPEN.index(c)] for c in prefix)
    elif how == "closers":
        prefix, suffix = "", "".join(NEST_CLOSE[NEST_OPEN.index(c)] for c in prefix)
    else:
        suffix = ""
    return f"XellSmart said {prefix}{inner}{suffix} today."


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """`data` after a few random edits: lines dropped, shuffled, doubled, spliced, bytes flipped."""
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["drop", "shuffle", "double", "splice", "flip", "delete", "insert", "ends",
                                   "truncate", "nest"]))
        if not lines:
            lines = [b""]
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i:i + draw(st.integers(1, 5))]
        elif op == "shuffle":
            part = lines[i:i + draw(st.integers(2, 12))]
            random.Random(draw(st.integers(0, 2**16))).shuffle(part)
            lines[i:i + len(part)] = part
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "splice":
            lines.insert(i, draw(st.sampled_from(source_lines())))
        elif op == "insert":
            text = draw(st.text(ANY_CHAR, max_size=60))
            lines.insert(i, _encode(text, draw(st.sampled_from(ENCODINGS))))
        elif op == "nest":
            lines.insert(i, draw(nesting()).encode())
        elif op == "ends":
            ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\x85", "\u2028".encode()]))
            return ending.join(lines)
        else:
            flat = bytearray(b"\n".join(lines))
            if not flat:
                continue
            at = draw(st.integers(0, len(flat) - 1))
            if op == "flip":
                flat[at] ^= 1 << draw(st.integers(0, 7))
            elif op == "delete":
                del flat[at:at + draw(st.integers(1, 8))]
            else:  # truncate
                del flat[at:]
            lines = bytes(flat).split(b"\n")
    return b"\n".join(lines)


@st.composite
def plausible_release(draw) -> bytes:
    return draw(mutated(draw(st.sampled_from(source_bytes()))))


@st.composite
def unicode_release(draw) -> bytes:
    text = draw(st.text(ANY_CHAR, max_size=1500))
    if draw(st.booleans()):  # a sentence around it, so that the rest of the pipeline sees something
        text = f"XellSmart Announces {text}\n\nSUZHOU, China, July 28, 2025 -- {text} XS228 dosed 48 patients.\n"
    return _encode(text, draw(st.sampled_from(ENCODINGS)))


RELEASES = st.one_of(
    st.binary(max_size=3000),
    unicode_release(),
    plausible_release(),
    plausible_release(),
    nesting().map(lambda line: f"{line}\n\nSUZHOU, China, July 28, 2025 -- {line}\n".encode()),
)


@st.composite
def huge_release(draw) -> bytes:
    """A release with one line of up to about 200 KB."""
    chunk = draw(st.sampled_from(["a", "word ", "(", "\u4e00", "1.", "Dr. ", "XS228 ", "spinal cord injury ",
                                  "The trial enrolled 48 patients. ", "x" * 99 + ". ", "\u00a0", "-- "]))
    line = chunk * (draw(st.integers(1000, 200_000)) // len(chunk))
    where = draw(st.sampled_from(["alone", "in the seed", "title"]))
    if where == "alone":
        return line.encode()
    text = SEED.read_text(encoding="utf-8")
    if where == "title":
        return (line + "\n\n" + text).encode()
    lines = text.split("\n")
    lines.insert(draw(st.integers(0, len(lines))), line)
    return "\n".join(lines).encode()


# --- 1. releases ------------------------------------------------------------------------


BUILD_OPTIONS = st.sampled_from([(), ("--final",), ("--min-reviewed", "50"), ("--reviewed-only",),
                                 ("--format", "txt,md,html"), ("--final", "--format", "html")])


def _release_runs(release: bytes, options: tuple[str, ...] = (), name: str = "release.txt") -> None:
    with sandbox() as (root, project):
        path = project / name
        path.write_bytes(release)
        before = snapshot(root)
        seg = invoke(project, "segment", path, "--json")
        contract(seg, {0, 2}, before, root)
        if seg.status == 0:
            payload = json.loads(seg.stdout)
            assert payload["units"], "segment succeeded with no units"
            assert all(unit["text"].strip() for unit in payload["units"])
        translate = ("translate", path, "--to", "zh", "--engine", "pseudo", "-q", "--project", project)
        first = invoke(project, *translate)
        contract(first, {0, 2}, before, root)
        assert seg.status == 0 or first.status != 0, "translate accepted a release that segment refused"
        if first.status != 0:
            return
        translated = snapshot(root)
        build = invoke(project, "build", path, "--to", "zh", "--project", project)
        contract(build, {0}, translated, root)
        built = snapshot(root)
        assert built == translated, "build right after translate rewrote a release: the catalog read back differs"
        again = invoke(project, *translate)
        contract(again, {0}, built, root)
        assert snapshot(root) == built, "a second translate on unchanged input changed files"
        if options:  # --final and --min-reviewed refuse drafts with status 1 and write nothing
            contract(invoke(project, "build", path, "--to", "zh", "--project", project, *options), {0, 1}, built, root)


# Bugs the fuzzer found, kept as examples so that every run tries them.
# U+2028 inside a sentence: the catalog written holds it raw, polib splits lines on it when reading back.
LINE_SEPARATOR_RELEASE = ("XellSmart Completes First Patient Dosing\n\nSUZHOU, China, July 28, 2025 -- XellSmart dosed "
                          "a patient.\n\nThe trial went\u2028well.\n").encode()


@fuzz(80)
@given(release=RELEASES, options=BUILD_OPTIONS)
@example(release=LINE_SEPARATOR_RELEASE, options=())
def test_release_files(release, options):
    _release_runs(release, options)


@fuzz(6)
@given(release=huge_release())
def test_huge_lines(release):
    _release_runs(release)


MARKDOWN_SOURCES = sorted((DATA / "markdown").glob("*.md"))
MARKDOWN_PIECES = ["**", "*", "_", "`", "[", "](https://x.example/a)", "> ", "# ", "### ", "- ", "1. ", "  \n", "\n",
                   "\n\n", "| a | b |\n| --- | --- |\n", "<sup>", "</sup>", "<b>", "</a1>", "```\n", "![i](x.png)",
                   "\\", "BOSTON, March 3, 2026 /PRNewswire/ -- ", "Corvanta dosed 12 patients. ", "press@corvanta.example"]


@st.composite
def markdown_release(draw) -> bytes:
    """A Markdown release: a fixture cut up and spliced with Markdown's own markup."""
    text = draw(st.sampled_from(MARKDOWN_SOURCES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(MARKDOWN_PIECES)) + text[at + draw(st.integers(0, 20)):]
    return text.encode()


@fuzz(40)
@given(release=st.one_of(markdown_release(), st.sampled_from(MARKDOWN_SOURCES).flatmap(lambda p: mutated(p.read_bytes()))),
       options=BUILD_OPTIONS)
def test_markdown_release_files(release, options):
    _release_runs(release, options, "release.md")


HTML_SOURCES = sorted((DATA / "html").glob("*.html"))
HTML_PIECES = ["<p>", "</p>", "<b>", "</b>", "<br>", "<a href='https://x.example/'>", "</a>", "<ul><li>", "</li></ul>",
               "<table><tr><td>", "</td></tr></table>", "<script>", "</script>", "<!--", "-->", "&nbsp;", "&amp;",
               "<h1>", "</h1>", "<meta charset='euc-kr'>", "<sup>", "<div class='share'>", "\x00", "\u2028", "<![CDATA["]


@st.composite
def html_release(draw) -> bytes:
    """A saved page: a fixture cut up and spliced with markup, or its bytes damaged."""
    page = draw(st.sampled_from(HTML_SOURCES))
    if draw(st.booleans()):
        return draw(mutated(page.read_bytes()))
    text = page.read_bytes().decode("utf-8", "replace")
    for _ in range(draw(st.integers(1, 10))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HTML_PIECES)) + text[at + draw(st.integers(0, 40)):]
    return text.encode("utf-8", "surrogatepass")


@fuzz(30)
@given(release=html_release(), options=BUILD_OPTIONS)
def test_html_release_files(release, options):
    _release_runs(release, options, "release.html")


@st.composite
def word_release(draw) -> bytes:
    """A Word release made with python-docx from random paragraphs, styles and runs, or the
    example's .docx with damaged bytes."""
    import io

    import docx

    if draw(st.integers(0, 3)) == 0:
        return draw(mutated((ROOT / "examples" / "xellsmart-sci-first-dosing-agency.docx").read_bytes()))
    document = docx.Document()
    words = st.text(PLAIN_CHAR, min_size=0, max_size=80)
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "table"]))
        if kind == "table":
            table = document.add_table(rows=draw(st.integers(1, 3)), cols=draw(st.integers(1, 3)))
            for cell in table._cells:
                cell.text = draw(words)
            continue
        paragraph = document.add_paragraph(style=kind)
        for _ in range(draw(st.integers(0, 4))):
            run = paragraph.add_run(draw(st.one_of(words, st.sampled_from(source_lines()).map(
                lambda b: b.decode("utf-8", "replace")))))
            run.bold, run.italic = draw(st.sampled_from([None, True])), draw(st.sampled_from([None, True]))
            if draw(st.integers(0, 5)) == 0:
                run.add_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@fuzz(20)
@given(release=word_release(), options=BUILD_OPTIONS)
def test_word_release_files(release, options):
    _release_runs(release, options, "release.docx")


# --- 2. catalogs ------------------------------------------------------------------------

FLAGS = ["fuzzy", "python-format", "no-python-format", "c-format", "python-brace-format", "no-wrap", "range: 0..5",
         "fuzzy"]
# Characters a PO string may hold raw (GNU accepts them; polib splits lines on some of them).
PO_CHAR = st.one_of(PLAIN_CHAR, st.sampled_from("\n\t\r\\\"\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff\u00a0%"))


@st.composite
def po_text_value(draw, pool: list[str] | None = None) -> str:
    """A string for msgid/msgstr: a seed sentence, one edited a little, or random text."""
    units = pool if pool is not None else seed_units()
    kind = draw(st.sampled_from(["unit", "unit", "edited", "random", "format"]))
    if kind == "unit":
        return draw(st.sampled_from(units))
    if kind == "edited":
        unit = draw(st.sampled_from(units))
        at = draw(st.integers(0, len(unit)))
        return unit[:at] + draw(st.text(PO_CHAR, min_size=1, max_size=6)) + unit[at + draw(st.integers(0, 4)):]
    if kind == "format":
        return draw(st.sampled_from(["%s patients", "%(n)d doses", "{count} sites", "100%", "%d%%", "{", "%"]))
    return draw(st.text(PO_CHAR, min_size=1, max_size=40))


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    plural: str | None = None
    forms: list[str] = field(default_factory=lambda: [""])
    flags: list[str] = field(default_factory=list)
    previous: tuple[str | None, str | None] = (None, None)
    # (#| msgctxt, #| msgid)
    tcomment: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)
    occurrences: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def reviewed(self) -> bool:
        return all(self.forms) and "fuzzy" not in self.flags


# A comment line never ends in a backslash: GNU's lexer joins such a line with the next one, whatever it is.
COMMENT_LINE = st.text(st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7e), st.sampled_from("한中é \t")),
                       max_size=30).map(lambda s: s.strip("\r\n").rstrip("\\"))


@st.composite
def entry(draw, nplurals: int, pool: list[str] | None = None) -> Entry:
    plural = draw(st.one_of(st.none(), po_text_value(pool))) if draw(st.integers(0, 5)) == 0 else None
    count = nplurals if plural is not None else 1
    state = draw(st.sampled_from(["reviewed", "reviewed", "fuzzy", "empty", "partial"]))
    forms = [draw(po_text_value(pool)) for _ in range(max(count, 1))]
    if state == "empty":
        forms = [""] * len(forms)
    elif state == "partial":
        forms[draw(st.integers(0, len(forms) - 1))] = ""
    flags = draw(st.lists(st.sampled_from(FLAGS[1:-1]), max_size=2, unique=True))
    if state == "fuzzy":
        flags.insert(0, "fuzzy")
    previous = (None, None)
    if draw(st.integers(0, 3)) == 0:
        previous = (draw(st.one_of(st.none(), st.just(""), po_text_value(pool))), draw(po_text_value(pool)))
    return Entry(
        msgid=draw(po_text_value(pool)),
        msgctxt=draw(st.one_of(st.none(), st.none(), st.just(""), st.text(PO_CHAR, min_size=1, max_size=10))),
        plural=plural, forms=forms, flags=flags, previous=previous,
        tcomment=draw(st.lists(COMMENT_LINE, max_size=3)),
        comment=draw(st.lists(COMMENT_LINE, max_size=2)),
        occurrences=draw(st.lists(st.sampled_from(["release.txt:12", "a.txt:1", "x:99"]), max_size=2)),
        obsolete=draw(st.integers(0, 5)) == 0,
    )


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def _string(keyword: str, text: str, prefix: str, wrap: int) -> list[str]:
    """`keyword "text"`, or when wrapping, `keyword ""` and the text in pieces of `wrap` characters."""
    if not wrap or len(text) <= wrap:
        return [f'{prefix}{keyword} "{_escape(text)}"']
    pieces = [text[i:i + wrap] for i in range(0, len(text), wrap)]
    return [f'{prefix}{keyword} ""', *(f'{prefix}"{_escape(piece)}"' for piece in pieces)]


def render_entry(e: Entry, wrap: int) -> str:
    lines = [f"# {line}" if line else "#" for line in e.tcomment]
    if not e.obsolete:
        lines += [f"#. {line}" for line in e.comment]
        lines += [f"#: {o}" for o in e.occurrences]
    if e.flags:
        lines.append("#, " + ", ".join(e.flags))
    prev = "#~| " if e.obsolete else "#| "
    if e.previous[0] is not None:
        lines += _string("msgctxt", e.previous[0], prev, wrap)
    if e.previous[1] is not None:
        lines += _string("msgid", e.previous[1], prev, wrap)
    prefix = "#~ " if e.obsolete else ""
    if e.msgctxt is not None:
        lines += _string("msgctxt", e.msgctxt, prefix, wrap)
    lines += _string("msgid", e.msgid, prefix, wrap)
    if e.plural is not None:
        lines += _string("msgid_plural", e.plural, prefix, wrap)
        for i, form in enumerate(e.forms):
            lines += _string(f"msgstr[{i}]", form, prefix, wrap)
    else:
        lines += _string("msgstr", e.forms[0], prefix, wrap)
    return "\n".join(lines) + "\n"


@dataclass
class Catalog:
    header: str
    entries: list[Entry]
    wrap: int

    def text(self) -> str:
        active = [e for e in self.entries if not e.obsolete]
        obsolete = [e for e in self.entries if e.obsolete]
        return "\n".join([self.header, *(render_entry(e, self.wrap) for e in active + obsolete)])

    def data(self) -> bytes:
        """The catalog in the charset its header declares, as a PO editor saves it; a text that
        charset cannot hold is declared UTF-8 instead."""
        text = self.text()
        if "charset=ISO-8859-1" in self.header:
            try:
                return text.encode("iso-8859-1")
            except UnicodeEncodeError:
                text = text.replace("charset=ISO-8859-1", "charset=UTF-8", 1)
        return text.encode()


@st.composite
def header(draw, locale: str = "zh_CN") -> tuple[str, int]:
    nplurals = draw(st.sampled_from([1, 1, 2, 3, 6, 0]))
    fields = [("Project-Id-Version", "release 1.0")]
    language = draw(st.sampled_from([locale, locale, locale.split("_")[0], locale.replace("_", "-"), None, "",
                                     "ko_KR", "xx", "zh_Hant_TW"]))
    if language is not None:
        fields.append(("Language", language))
    fields += [("MIME-Version", "1.0"),
               ("Content-Type", "text/plain; charset=" + draw(st.sampled_from(["UTF-8", "UTF-8", "utf8", "CHARSET",
                                                                               "ISO-8859-1", ""]))),
               ("Content-Transfer-Encoding", "8bit")]
    # nplurals=0 with a plural rule is a header msgfmt rejects, and l10n refuses (tests/test_catalog.py);
    # with only one of its parts a header is read, as msgfmt reads it
    plural_forms = draw(st.sampled_from([f"nplurals={max(nplurals, 1)}; plural=0;",
                                         f"nplurals={max(nplurals, 1)}; plural=(n != 1);", f"nplurals={nplurals};",
                                         "nplurals=abc;", "", None]))
    if plural_forms is not None:
        fields.append(("Plural-Forms", plural_forms))
    fields += draw(st.lists(st.tuples(st.sampled_from(["X-Generator", "X-Custom", "Last-Translator"]),
                                      st.text(PLAIN_CHAR, max_size=20)), max_size=2))
    body = "".join(f'"{_escape(name)}: {_escape(value)}\\n"\n' for name, value in fields)
    fuzzy = "#, fuzzy\n" if draw(st.integers(0, 4)) == 0 else ""
    title = "# " + draw(COMMENT_LINE) + "\n" if draw(st.booleans()) else ""
    return f'{title}{fuzzy}msgid ""\nmsgstr ""\n{body}', max(nplurals, 1)


@st.composite
def catalogs(draw, locale: str = "zh_CN", pool: list[str] | None = None, unique: bool = True) -> Catalog:
    head, nplurals = draw(header(locale))
    entries = draw(st.lists(entry(nplurals, pool), max_size=12, unique_by=(lambda e: e.key) if unique else None))
    return Catalog(head, entries, draw(st.sampled_from([0, 0, 20, 79])))


PO_LINES = [b'msgid "x"', b'msgstr ""', b'msgstr[5] "x"', b'msgid_plural "xs"', b'#~ msgid "gone"', b'#~ msgstr "g"',
            b'#| msgid "old"', b'#~| msgid "old"', b"#, fuzzy", b"#, fuzzy, python-format", b'"continued"',
            b'msgctxt "c"', b'"', b'msgid "unterminated', b'msgstr "\\', b"#", b"#.", b"#:", b"#TODO", b"",
            b'msgid ""', b'"Language: ko_KR\\n"', b'"Plural-Forms: nplurals=2; plural=n;\\n"', b"\xef\xbb\xbf",
            b"msgstr[0] \"\"", b"\x00", b"msgid \"\\x41\"", b"msgid \"a\" \"b\""]


@st.composite
def byte_mutations(draw, data: bytes) -> bytes:
    """Bytes after a few edits (maybe none): byte flips, deletions, doubled or stray lines, truncation."""
    for _ in range(draw(st.integers(0, 3))):
        lines = data.split(b"\n")
        op = draw(st.sampled_from(["flip", "delete", "double", "drop", "insert", "truncate", "swap"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "double":
            j = min(len(lines), i + draw(st.integers(1, 6)))
            lines[i:i] = lines[i:j]
        elif op == "drop":
            del lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(PO_LINES)))
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        data = b"\n".join(lines)
        if op in ("flip", "delete", "truncate") and data:
            flat = bytearray(data)
            at = draw(st.integers(0, len(flat) - 1))
            if op == "flip":
                flat[at] ^= 1 << draw(st.integers(0, 7))
            elif op == "delete":
                del flat[at:at + draw(st.integers(1, 6))]
            else:
                del flat[at:]
            data = bytes(flat)
    return data


def _forms(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] or [""]
    return [entry.msgstr]


def _parse(data: bytes):
    """A catalog written by l10n, decoded by the charset it declares."""
    from l10n.catalog import _decode, parse

    return parse(_decode(data, "<written>")[0])


def kept_reviewed(old: list[Entry], written: bytes, template: list[Entry] = ()) -> None:
    """Every reviewed old entry is still there: same translation, fuzzy with `#|` = its msgid, or obsolete.

    A fuzzy entry the `template` itself brought with that `#|` (a template carrying translations) is not
    the old entry's."""
    po = _parse(written)
    brought = {(t.msgctxt, t.msgid, t.previous[1]) for t in template}
    for e in old:
        if not e.reviewed:
            continue
        found = False
        for n in po:
            forms = _forms(n)
            same = forms == e.forms or (forms[:1] == e.forms[:1] and not n.msgid_plural)
            kept = (n.msgctxt, n.msgid) == e.key and same
            # obsolete too, as msgmerge does when the template's own entry is obsolete
            moved = "fuzzy" in n.flags and n.previous_msgid == e.msgid and forms[0] == e.forms[0]
            found = found or kept or moved
        assert found, f"reviewed translation lost: msgctxt={e.msgctxt!r} msgid={e.msgid!r} msgstr={e.forms!r}"
        survivors = [n for n in po if (n.msgctxt, n.msgid) == e.key]
        # A fuzzy entry whose `#|` names this msgid took this entry's translation, unless another old entry
        # has the same msgid (`#|` may leave the context out) or carried that `#|` already.
        if sum(other.msgid == e.msgid or other.previous[1] == e.msgid for other in old) == 1:
            keys = {other.key for other in old}
            survivors += [n for n in po if not n.obsolete and "fuzzy" in n.flags and n.previous_msgid == e.msgid
                          and (n.msgctxt, n.msgid) not in keys and (n.msgctxt, n.msgid, e.msgid) not in brought]
        for n in survivors:
            assert _lines(n.tcomment.splitlines()) == _lines(e.tcomment), (
                f"translator comment of {e.msgid!r} changed: {e.tcomment!r} -> {n.tcomment!r}")


def _lines(lines) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def catalog_project(project: Path, text: bytes, locale: str = "zh_CN") -> Path:
    """The seed release in `project` with `text` as its catalog for `locale`."""
    release = project / "release.txt"
    shutil.copyfile(SEED, release)
    po = project / "locales" / locale / "LC_MESSAGES" / "release.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(text)
    return po


def plain_header(nplurals: int = 1) -> str:
    return ('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Plural-Forms: nplurals={nplurals}; plural=0;\\n"\n')


@fuzz(70)
@given(cat=catalogs())
# A reviewed translation ending in U+2028 (also U+2029, U+0085, \v, \f, \x1c-\x1e): read back as empty.
@example(cat=Catalog(plain_header(), [Entry("All monitored parameters remained within normal ranges.",
                                            forms=["所有监测指标均保持在正常范围内。\u2028"], tcomment=["mine"])], 0))
def test_translate_keeps_reviewed_translations(cat):
    """A valid catalog: translate keeps its reviewed translations and translator comments."""
    text = cat.text()
    with sandbox() as (root, project):
        po = catalog_project(project, cat.data())
        valid = MSGFMT is not None and msgfmt_accepts(po)
        note(f"catalog (msgfmt accepts: {valid}):\n{text}")
        before = snapshot(root)
        annotated = invoke(project, "check", "--annotate", po, "--project", project)
        contract(annotated, {0, 1, 2}, before, root, unchanged_on=frozenset({2}))
        if annotated.status != 2:
            kept_reviewed(cat.entries, po.read_bytes())
            if valid:
                assert msgfmt_accepts(po), "msgfmt accepted the catalog before check --annotate, not after"
        before = snapshot(root)
        translate = ("translate", project / "release.txt", "--to", "zh", "--engine", "pseudo", "-q",
                     "--project", project)
        first = invoke(project, *translate)
        contract(first, {0, 2}, before, root)
        if first.status != 0:
            return
        written = po.read_bytes()
        note(f"written:\n{written.decode('utf-8', 'replace')}")
        kept_reviewed(cat.entries, written)
        if valid:
            assert msgfmt_accepts(po), "msgfmt accepted the catalog before translate, not after"
        after = snapshot(root)
        again = invoke(project, *translate)
        contract(again, {0}, after, root)
        assert snapshot(root) == after, "a second translate on unchanged input changed files"


@fuzz(70)
@given(cat=catalogs(unique=False), data=st.data())
def test_damaged_catalogs(cat, data):
    """A catalog with byte damage: check, stats, merge and translate say one line or work."""
    raw = data.draw(byte_mutations(cat.data()), label="catalog bytes")
    with sandbox() as (root, project):
        po = catalog_project(project, raw)
        before = snapshot(root)
        contract(invoke(project, "check", po, "--json"), {0, 1, 2}, before, root)
        contract(invoke(project, "stats", "--project", project), {0, 2}, before, root)
        template = project / "release.pot"
        template.write_bytes(data.draw(catalogs(locale="zh_CN"), label="template").data())
        target = data.draw(st.sampled_from(["new.po", "locales/zh_CN/LC_MESSAGES/release.po", "release.pot", None]))
        before = snapshot(root)
        merge = ["merge", po, template] + (["-o", project / target] if target else [])
        contract(invoke(project, *merge), {0, 2}, before, root)
        before = snapshot(root)
        contract(invoke(project, "translate", project / "release.txt", "--to", "zh", "--engine", "pseudo", "-q",
                        "--project", project), {0, 2}, before, root)


@fuzz(50)
@given(old=catalogs(), new=catalogs(), to_stdout=st.booleans(), in_place=st.booleans())
# nplurals=0 in the old header: a new plural entry is written `msgid_plural` + `msgstr ""`, which msgfmt rejects.
@example(old=Catalog(plain_header(0), [], 0), new=Catalog(plain_header(), [Entry("one dose", plural="%d doses",
                                                                                 forms=["", ""])], 0),
         to_stdout=False, in_place=False)
def test_merge_keeps_reviewed_translations(old, new, to_stdout, in_place):
    with sandbox() as (root, project):
        old_path, new_path = project / "old.po", project / "new.pot"
        old_path.write_bytes(old.data())
        new_path.write_bytes(new.data())
        valid = MSGFMT is not None and msgfmt_accepts(old_path) and msgfmt_accepts(new_path)
        out = old_path if in_place else project / "out.po"
        before = snapshot(root)
        merged = invoke(project, "merge", old_path, new_path, *([] if to_stdout else ["-o", out]))
        contract(merged, {0, 2}, before, root)
        if merged.status != 0:
            return
        written = merged.data if to_stdout else out.read_bytes()
        note(f"merged:\n{written.decode('utf-8', 'replace')}")
        kept_reviewed(old.entries, written, new.entries)
        if valid and not to_stdout:
            assert msgfmt_accepts(out), "msgfmt accepted both inputs but not the merged catalog"


# --- 3. glossary CSVs and l10n.toml -----------------------------------------------------

HEADERS = ["en,variants,zh_CN,ko_KR,type,note,source"] * 10 + [
    "en,zh_CN,type,source", "en,variants,zh_CN,ko_KR,type,note,source,extra", "en,en,zh_CN,type",
    "variants,zh_CN,type", "", "type,source,en,ko_KR,zh_CN,variants,note", " en , zh_CN , type ",
    "en,variants,zh_CN,ko_KR,ja_JP,type,note,source", "EN,ZH_CN,TYPE", '"en",variants,zh_CN,ko_KR,type,note,source']
TERMS = ["spinal cord injury", "XellSmart", "iPSC", "FDA", "ALS", "XS228", "Phase I/II", "SUZHOU", "China",
         "cell therapy", "patients", "the", "a", "IND", "U.S.", "ZX1", "ZX", "%s", "{0}", "first patient"]
FORMULAS = ["=SUM(A1:A2)", "+1", "-5", "@cmd", "\t=1", "\r=1", "'=1", "''=x", '=HYPERLINK("http://x")', " =1", "-",
            "+", "1,000.5", "=", "'"]
CELL = st.one_of(
    st.sampled_from(TERMS),
    st.sampled_from(FORMULAS),
    st.sampled_from(["term", "name", "dnt", "regulator", "", "TERM", " term "]),
    st.sampled_from(["reason: fuzz", "https://example.com/a", "", "reason:"]),
    st.sampled_from(["脊髓损伤", "척수손상", "士泽生物", "ZX3", "%s", "a|b|", "|", "x\ny", '"', '""', "\ufeff"]),
    st.text(PO_CHAR, max_size=20),
    st.integers(32_760, 32_775).map(lambda n: "x" * n),
)


@st.composite
def good_row(draw) -> list[str]:
    """A row of the standard columns, with plausible cells."""
    return [draw(st.sampled_from(TERMS)), draw(st.sampled_from(["", "spinal injury|SCI", "a|b"])),
           draw(st.sampled_from(["脊髓损伤", "士泽生物", "", "ZX1", "%s"])), draw(st.sampled_from(["척수손상", "XellSmart", ""])),
           draw(st.sampled_from(["term", "name", "dnt"])), "", "reason: fuzz"]


@st.composite
def glossary_csv(draw) -> bytes:
    head = draw(st.sampled_from(HEADERS))
    width = len(head.split(","))
    if draw(st.booleans()):  # rows that are right but for at most one odd cell, each concept once
        head = HEADERS[0]
        rows = draw(st.lists(good_row(), max_size=6, unique_by=lambda row: row[0].lower()))
        odd = draw(st.integers(-1, len(rows) - 1))
        if odd >= 0:
            rows[odd][draw(st.integers(0, 6))] = draw(CELL)
    else:
        rows = draw(st.lists(st.one_of(good_row(), st.lists(CELL, min_size=width, max_size=width),
                                       st.lists(CELL, min_size=max(width - 2, 0), max_size=width + 2)), max_size=8))
    how = draw(st.sampled_from(["csv", "csv", "raw"]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    if how == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=ending,
                            quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
        writer.writerow(head.split(","))
        writer.writerows(rows)
        text = buffer.getvalue()
    else:  # cells joined as they are: stray quotes stay stray
        text = ending.join([head, *(",".join(row) for row in rows)]) + draw(st.sampled_from(["", ending]))
    if draw(st.integers(0, 9)) == 0:
        text += '"' + draw(st.text(PO_CHAR, max_size=10))  # an unclosed quote at the end
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "cp1252"]))
    data = _encode(text, encoding)
    if draw(st.integers(0, 8)) == 0:
        data = codecs.BOM_UTF8 * 2 + data
    if draw(st.integers(0, 9)) == 0:
        data = draw(byte_mutations(data))
    return data


@fuzz(60)
@given(csv_bytes=glossary_csv(), text=st.one_of(st.sampled_from(TERMS), st.text(ANY_CHAR, max_size=80),
                                                 st.deferred(lambda: st.sampled_from(seed_units()))))
def test_glossary_files(csv_bytes, text):
    with sandbox() as (root, project):
        glossary = project / "terms.csv"
        glossary.write_bytes(csv_bytes)
        shutil.copyfile(SEED, project / "release.txt")
        before = snapshot(root)
        checked = invoke(project, "glossary", "check", glossary)
        contract(checked, {0, 2}, before, root, problem_list=True)
        text = text.replace("\x00", "")  # argv cannot hold NUL
        found = invoke(project, "glossary", "find", "-g", glossary, "--json", "--", text)
        contract(found, {0, 2}, before, root)
        if found.status == 0:
            for match in json.loads(found.stdout):
                assert text[match["start"]:match["end"]] == match["text"], match
        translated = invoke(project, "translate", project / "release.txt", "-g", glossary, "--to", "zh,ko",
                            "--engine", "pseudo", "-q", "--project", project)
        contract(translated, {0, 2}, before, root)
        if checked.status == 0:
            assert found.status == 0 and translated.status == 0, (
                "glossary check found no problem, but find or translate refused the glossary:\n"
                f"{found.stderr}{translated.stderr}")


@dataclass(frozen=True)
class Raw:
    """A TOML value written as it is (dates and times)."""

    text: str

    def __str__(self) -> str:
        return self.text


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)  # dates


SETTING_TEXT = st.sampled_from(["zh", "ko", "zh_CN", "ko_KR", "ja_JP", "zh-Hans", "xx", "", " ", "en", "../x",
                                "zh_CN/../..", "und", "auto", "memory", "pseudo", "argos", "out", ".", "sub/out",
                                "../out2", "l10n.toml", "terms.csv", "locales", "missing.csv", "txt", "md", "html",
                                "pdf", "release.txt", "out/../out"])
SCALAR = st.one_of(SETTING_TEXT, st.text(PLAIN_CHAR, max_size=8), st.booleans(), st.integers(-2, 10**30),
                   st.sampled_from([64.0, 0.001, 1e-9, 0.0, -1.0, 1e300, 1e13, float("nan"), float("inf"), 2.0**63]),
                   st.sampled_from(["1979-05-27T07:32:00Z", "1979-05-27", "07:32:00"]).map(Raw))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.sampled_from(["a", "zh"]), inner, max_size=2)),
                     max_leaves=6)
KEYS = ["targets", "engine", "glossary", "output", "formats", "max_file_mb"]
GOOD = {"targets": st.lists(st.sampled_from(["zh", "ko", "zh_CN", "ko_KR", "ja_JP"]), min_size=1, max_size=2),
        "engine": st.sampled_from(["pseudo", "memory", "auto"]),
        "glossary": st.lists(st.sampled_from(["terms.csv", "../outside.csv"]), max_size=2),
        "output": st.sampled_from(["out", ".", "sub/out", "../out2"]),
        "formats": st.lists(st.sampled_from(["txt", "md", "html"]), min_size=1, max_size=3, unique=True),
        "max_file_mb": st.sampled_from([64, 0.5, 1e-9, 1e300, 1e13, 10**30, 2**63 / 2**20])}


@st.composite
def settings_toml(draw) -> bytes:
    kind = draw(st.sampled_from(["typed", "typed", "good", "tomlish"]))
    if kind in ("typed", "good"):
        keys = draw(st.lists(st.sampled_from(KEYS + (["engines", "Targets"] if kind == "typed" else [])),
                             max_size=6, unique=True))
        values = {key: draw(VALUE if key not in GOOD else GOOD[key] if kind == "good" or draw(st.booleans()) else VALUE)
                  for key in keys}
        text = "".join(f"{key} = {toml_value(value)}\n" for key, value in values.items())
    else:
        pieces = st.one_of(
            st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS + ["engines", '"targets"', "targets.x", "a.b"]),
                      st.sampled_from(['"zh"', '["zh_CN", "ko_KR"]', "[1, 2]", "[]", '[""]', '"  "', "1e400", "inf",
                                       "nan", "-0.0", "0", "1e-300", "true", "1979-05-27T07:32:00Z", "{a = 1}",
                                       '"""multi\nline"""', "'lit'", '"\\u0000"', '"\\uD800"', "0x10",
                                       "9" * 30, '"pseudo"', '"../out"', "[[]]", "[", '"unclosed'])),
            st.sampled_from(["[section]", "[[array]]", "# comment", "", "=", "targets", "\ufeff", "\x00"]),
            st.text(ANY_CHAR, max_size=20),
        )
        text = "\n".join(draw(st.lists(pieces, max_size=6)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return _encode(text, encoding)


@fuzz(60)
@given(toml=settings_toml(), glossary=st.one_of(st.just(b"en,variants,zh_CN,ko_KR,type,note,source\n"),
                                                glossary_csv()))
# A huge but finite max_file_mb: `stream.read(limit + 1)` overflows (and at 100000 allocates ~100 GB).
@example(toml=b"max_file_mb = 1e13\n", glossary=b"en,variants,zh_CN,ko_KR,type,note,source\n")
def test_settings_files(toml, glossary):
    with sandbox() as (root, project):
        (project / "l10n.toml").write_bytes(toml)
        (project / "terms.csv").write_bytes(glossary)
        (root / "outside.csv").write_bytes(b"en,variants,zh_CN,ko_KR,type,note,source\n")
        release = project / "release.txt"
        shutil.copyfile(SEED, release)
        catalog = project / "locales" / "zh_CN" / "LC_MESSAGES" / "release.po"
        catalog.parent.mkdir(parents=True)
        catalog.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\nmsgid "XellSmart"\nmsgstr "士泽生物"\n',
                           encoding="utf-8")
        note(f"l10n.toml: {toml!r}")
        before = snapshot(root)
        contract(invoke(project, "translate", release, "-q", "--engine", "pseudo"), {0, 2}, before, root)
        before = snapshot(root)
        contract(invoke(project, "stats", "--project", project), {0, 2}, before, root)
        contract(invoke(project, "stats", "--json"), {0, 2}, before, root)


# --- 4. engine replies -------------------------------------------------------------------
#
# A real `l10n translate` against the fake OpenAI, DeepL and LibreTranslate servers of
# tests/fake_apis.py, whose first replies are hostile: the normal answer with bytes flipped, cut or
# put in, a JSON value swapped for another (text with control characters and lone surrogates, huge
# numbers, deep nesting, the wrong type), any status code with Retry-After, Content-Type and
# Content-Encoding headers that lie. The contract holds, and the API key reaches no file and no output.

ENGINE_PATHS = {"openai": "/chat/completions", "deepl": "/v2/translate", "libretranslate": "/translate"}
ENGINE_RELEASE = ("XellSmart Doses First Patient\n\nSUZHOU, China, July 28, 2025 -- XellSmart dosed the first patient "
                  "with spinal cord injury in the trial of XS228, an iPSC-derived cell therapy.\n\nThe trial enrolls 48 "
                  "patients; write to BD@xellsmart.com or visit https://www.xellsmart.com for details.\n")
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
              st.text(ANY_CHAR, max_size=40), st.sampled_from(["", "\x1b[31m", "ZX1", "⟦T1⟧", "<b>", "</a1>", "x" * 5000])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
HOSTILE_HEADERS = st.dictionaries(
    st.sampled_from(["Retry-After", "Content-Type", "Content-Encoding", "Content-Length", "Transfer-Encoding"]),
    st.sampled_from(["0", "1", "-5", "1e9", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "gzip", "deflate", "br", "zstd",
                     "identity, gzip", "text/html", "application/json; charset=latin-1", "chunked", "3", "99999"]),
    max_size=3,
)


@st.composite
def engine_fault(draw) -> tuple:
    """One hostile reply, drawn whole before the run (a server thread cannot draw): how the normal answer is changed."""
    how = draw(st.sampled_from(["bytes", "value", "content", "status", "echo"]))
    if how == "bytes":
        edits = draw(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["flip", "cut", "insert", "truncate"]),
                                        st.binary(min_size=1, max_size=8)), min_size=1, max_size=4))
        return how, edits
    if how in ("value", "content"):  # a value of the reply's JSON, or of the JSON inside OpenAI's message
        return how, (draw(st.floats(0, 1)), draw(JSON_VALUES))
    if how == "status":
        return how, (draw(st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 413, 429, 456, 500, 503, 529])),
                     draw(HOSTILE_HEADERS))
    return how, None


def _nodes(value, path=()) -> list[tuple]:
    """The paths of every value inside a JSON value, itself first."""
    found = [path]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        found += _nodes(inner, (*path, key))
    return found


def _replaced(value, path: tuple, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def _hostile(fake, fault: tuple):
    """A handler for the fake's queue: its normal answer to the request, changed as `fault` says."""
    from werkzeug import Response

    how, plan = fault

    def answer(request):
        normal = fake.answer(request, request.get_json(silent=True))
        body = normal.get_data()
        if how == "bytes":
            data = bytearray(body)
            for where, op, blob in plan:
                at = min(len(data), int(where * len(data)))
                if op == "flip" and at < len(data):
                    data[at] ^= blob[0] or 1
                elif op == "cut":
                    del data[at:at + len(blob)]
                elif op == "insert":
                    data[at:at] = blob
                elif op == "truncate":
                    del data[at:]
            return Response(bytes(data), status=normal.status_code, content_type="application/json")
        if how in ("value", "content"):
            where, new = plan
            parsed = json.loads(body)
            if how == "content" and isinstance(parsed, dict) and "choices" in parsed:
                inner = json.loads(parsed["choices"][0]["message"]["content"])
                paths = _nodes(inner)
                inner = _replaced(inner, paths[min(len(paths) - 1, int(where * len(paths)))], new)
                parsed["choices"][0]["message"]["content"] = json.dumps(inner)
            else:
                paths = _nodes(parsed)
                parsed = _replaced(parsed, paths[min(len(paths) - 1, int(where * len(paths)))], new)
            return Response(json.dumps(parsed), status=normal.status_code, content_type="application/json")
        if how == "status":
            status, headers = plan
            response = Response(body, status=status, content_type="application/json")
            for name, value in headers.items():
                response.headers[name] = value
            return response
        fake.echo = True  # from this request on, every translation carries the key back
        return fake.answer(request, request.get_json(silent=True))
    return answer


@fuzz(40)
@given(engine=st.sampled_from(sorted(ENGINE_PATHS)), faults=st.lists(engine_fault(), min_size=1, max_size=3),
       locales=st.sampled_from(["zh", "ko", "zh,ko"]))
# `null` for the whole list of languages: the JSON depth check iterated over it.
@example(engine="libretranslate", faults=[("value", (0.0, None))], locales="zh")
# `null` for the targets of English: iterated as a list.
@example(engine="libretranslate", faults=[("value", (0.3125, None))], locales="zh")
# a first reply DeepL's package refuses, then `null` for a translation's text: `.strip()` on None.
@example(engine="deepl", faults=[("bytes", [(0.0, "flip", b"\x00")]), ("value", (0.625, None))], locales="zh")
def test_engine_replies(make_httpserver_ipv4, engine, faults, locales):
    from fake_apis import KEY, FakeDeepL, FakeLibreTranslate, FakeOpenAI

    # The server's request log goes to whatever sys.stderr was when its first line was written: here,
    # the run's own stderr, which must hold one line.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_httpserver_ipv4
    server.clear()
    fake = {"openai": FakeOpenAI, "deepl": FakeDeepL, "libretranslate": FakeLibreTranslate}[engine](server)
    fake.faults.extend(_hostile(fake, fault) for fault in faults)
    url = "base_url" if engine == "openai" else "url"
    key = "" if engine == "libretranslate" else 'api_key_env = "L10N_FUZZ_KEY"\n'
    with sandbox() as (root, project), _environment(L10N_FUZZ_KEY=KEY):
        (project / "l10n.toml").write_text(f'engine = "{engine}"\n\n[engines.{engine}]\n{url} = "{fake.url}"\n{key}'
                                           "retries = 0\ntimeout = 3\n", encoding="utf-8")
        (project / "release.txt").write_text(ENGINE_RELEASE, encoding="utf-8")
        before = snapshot(root)
        outcome = invoke(project, "translate", "release.txt", "--to", locales, "-q")
        contract(outcome, {0, 2}, before, root)
        written = b"".join(path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file())
        assert KEY.encode() not in written and KEY not in outcome.stdout + outcome.stderr, "the API key was written"
        if outcome.status == 0 and MSGFMT:
            for catalog in project.glob("locales/*/LC_MESSAGES/*.po"):
                assert msgfmt_accepts(catalog), f"msgfmt rejects {catalog.name} written from hostile replies"


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# --- in-process against a real process ----------------------------------------------------

AGREE = [
    ("segment", b"\x00\x01PNG\x00"),
    ("segment", "• 맑음서울 32.7℃\n라이프\n".encode()),
    ("segment", b"XellSmart said ((((((((( today.\n\nSUZHOU, China, July 28, 2025 -- It did.\n"),
    ("translate", b"\xff\xfe\x00"),
    ("translate", SEED.read_bytes()),
]


@pytest.mark.parametrize(("command", "release"), AGREE, ids=[f"{c}-{i}" for i, (c, _) in enumerate(AGREE)])
def test_in_process_agrees_with_subprocess(command, release):
    outcomes = []
    for way in ("in-process", "subprocess"):
        with sandbox() as (root, project):
            path = project / "release.txt"
            path.write_bytes(release)
            args = [command, "release.txt"] + (["--to", "zh", "--engine", "pseudo", "-q"] if command == "translate"
                                               else ["--json"])
            if way == "in-process":
                outcome = invoke(project, *args)
            else:
                done = subprocess.run([sys.executable, "-m", "l10n", *args], cwd=project, capture_output=True,
                                      text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
                outcome = Outcome(tuple(args), done.returncode, done.stdout, done.stderr)
            outcomes.append((outcome.status, outcome.stderr.strip(), sorted(snapshot(root))))
    assert outcomes[0] == outcomes[1]


# --- hostile shapes grow linearly ---------------------------------------------------------
#
# Issue #24: a paragraph holding one 250,000-letter word took 281 s (a regex backtracking from
# every position of it) and one of 10,000 links ran for minutes (marks merged pair by pair, for
# every sentence). Each case runs one hostile shape of size n and of size 8n through a public
# path; the slower of the two must take under 24 times the faster (linear work takes 8 times,
# quadratic 64). n doubles until the smaller size takes 20 ms. Each size is timed three times, the garbage collector off, and the fastest kept;
# a run of size 8n four times over the budget is stopped, so that a regression costs seconds, not minutes.

import gc  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

from l10n import formats, glossary, protect, qa, segment  # noqa: E402

GROWTH = 24
SMALLEST = 0.02  # seconds the smaller size must take, so that a busy machine's noise is a small part of it


def _release(suffix: str, head: str, tail: str = ""):
    """Reading and segmenting a release whose paragraph holds the shape, as `l10n segment` does."""
    def run(text: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"release{suffix}"
            path.write_text(head + text + tail, encoding="utf-8")
            segment.segment(formats.read(path))
    return run


_DATELINE = "BOSTON, March 3, 2026 /PRNewswire/ -- Acme Bio said today that its trial went well. "
_PLAIN = _release(".txt", "Acme Bio Reports Results\n\n" + _DATELINE, "\n")
_APART = _release(".txt", "Acme Bio Reports Results\n\n" + _DATELINE + "\n\n", "\n\nAcme Bio will report more later.\n")
_MARKDOWN = _release(".md", "# Acme Bio Reports Results\n\n" + _DATELINE, "\n")
_HTML = _release(".html", "<html><head><title>Acme Bio Reports Results</title></head><body><article>"
                 "<h1>Acme Bio Reports Results</h1><p>" + _DATELINE + "It will report more data from the trial "
                 "later this year, at the society's annual meeting in Boston, and it expects to start a second "
                 "trial of the same medicine in patients with a more advanced form of the disease.</p><p>",
                 "</p></article></body></html>")


def _masked(text: str) -> None:
    masked = protect.mask(text, protect.spans(text, [], "ko_KR"))
    protect.unmask(masked, masked.text, "ko_KR")


_SHIPPED = cache(glossary.load)


def _checked(locale: str):
    """`l10n check` on an entry whose translation is its source and a full stop."""
    def run(text: str) -> None:
        qa.check_entry(text, text + "。", qa.Context(locale, tuple(_SHIPPED().find(text))))
    return run


GROWTH_CASES = [
    # (path, shape, n): n such that the case takes well under a second once linear
    ("txt", "a", 20_000),
    ("txt", "a-", 5_000),
    ("txt", "a.", 5_000),
    ("txt", "A1-", 3_000),
    ("txt", "12-", 3_000),
    ("txt", "Ab", 5_000),
    ("txt-apart", "a.", 4_000),
    ("txt-apart", "1.", 4_000),
    ("txt-apart", "www.", 2_000),
    ("txt-apart", " ", 10_000),
    ("txt-apart", "A-", 4_000),
    ("md", "[a](http://x.example/1) ", 300),
    ("md", "See [the site](http://x.example/1) now. ", 100),
    ("md", "**a** ", 500),
    ("md", "**", 2_000),
    ("md", "((", 2_000),
    ("html", '<a href="http://x.example/1">a</a> ', 300),
    ("html", 'See <a href="http://x.example/1">the site</a> now. ', 100),
    ("mask", "a", 20_000),
    ("mask", "a.", 5_000),
    ("mask", "@", 10_000),
    ("mask", "a@", 10_000),
    ("mask", "-", 10_000),
    ("mask", "A-", 3_000),
    ("mask", "1,", 2_000),
    ("mask", "1,000", 1_000),
    ("mask", "www.", 1_000),
    ("mask", "<b>x</b> ", 2_000),
    ("qa-zh", "a", 10_000),
    ("qa-zh", "Aa", 3_000),
    ("qa-zh", "a'", 3_000),
    ("qa-zh", "I/", 3_000),
    ("qa-zh", "一", 5_000),
    ("qa-zh", "<b>x</b> ", 1_000),
    ("qa-zh", "iPSC ", 1_000),
    ("qa-ko", "1 ", 1_000),
    ("qa-ko", "(", 10_000),
    ("qa-ko", "{0} ", 1_000),
    ("qa-zh", "{a,select,x{", 300),
    ("qa-zh", '<a b="', 2_000),
    ("qa-zh", "%1$", 3_000),
    ("qa-ko", "(SCI) ", 1_000),
    ("qa-ko", "“a” ", 1_000),
]
GROWTH_PATHS = {"txt": _PLAIN, "txt-apart": _APART, "md": _MARKDOWN, "html": _HTML, "mask": _masked,
                "qa-zh": _checked("zh_CN"), "qa-ko": _checked("ko_KR")}


def _fastest(run, text: str, limit: float = math.inf) -> float:
    """The fastest of three runs of `run(text)` in seconds; math.inf when one takes over `limit`."""
    over = []

    def stop(*_):
        over.append(True)
        raise TimeoutError

    timer = limit < math.inf and threading.current_thread() is threading.main_thread()
    best = math.inf
    for _ in range(3):
        previous = signal.signal(signal.SIGALRM, stop) if timer else None
        gc.collect()
        gc.disable()
        if timer:
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            start = time.perf_counter()
            run(text)
            best = min(best, time.perf_counter() - start)
        except TimeoutError:
            if not over:
                raise
            return math.inf
        finally:
            if timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            gc.enable()
    return best


@pytest.mark.parametrize(("path", "shape", "n"), GROWTH_CASES, ids=[f"{p}-{s!r}" for p, s, _ in GROWTH_CASES])
def test_hostile_shapes_grow_linearly(path, shape, n):
    run = GROWTH_PATHS[path]
    run(shape * 10)  # imports, the glossary, pySBD: paid before timing
    small = _fastest(run, shape * n)
    for _ in range(6):  # a few ms is mostly the machine's noise
        if small >= SMALLEST:
            break
        n *= 2
        small = _fastest(run, shape * n)
    budget = max(GROWTH * small, 0.05)
    large = _fastest(run, shape * (8 * n), 4 * budget)
    assert large < budget, (f"{shape!r} × {8 * n:,} took " + (f"over {budget:.2f} s" if large == math.inf else
                            f"{large:.3f} s") + f", × {n:,} {small:.3f} s: more than {GROWTH} times as long")
