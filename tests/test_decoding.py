"""Bytes to text (l10n/decoding.py): byte-order marks, UTF-8, and the encodings told apart by their evidence."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import DATA

from l10n.decoding import decode
from l10n.document import parse, read
from l10n.errors import L10nError
from l10n.segment import segment

HANBIT = DATA / "releases" / "hanbit-prnewswire-cp949.txt"  # Korean page noise around the release
LUMINA = DATA / "releases" / "lumina-prnewswire-wrapped.txt"  # Chinese page noise around the release


# --- reading -----------------------------------------------------------------------------

ENCODINGS = [
    # (fixture, codec, BOM prepended, detected rather than declared)
    (HANBIT, "utf-8", b"", False),
    (HANBIT, "utf-8", codecs.BOM_UTF8, False),
    (HANBIT, "utf-16-le", codecs.BOM_UTF16_LE, False),
    (HANBIT, "utf-16-be", codecs.BOM_UTF16_BE, False),
    (HANBIT, "utf-32-le", codecs.BOM_UTF32_LE, False),
    (HANBIT, "cp949", b"", True),
    (HANBIT, "euc-kr", b"", True),
    (LUMINA, "gb18030", b"", True),
]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize(("fixture", "codec", "bom", "guessed"), ENCODINGS,
                         ids=[f"{f.stem[:6]}-{c}{'-bom' if b else ''}" for f, c, b, _ in ENCODINGS])
def test_every_encoding_and_line_end_gives_the_same_units(tmp_path, fixture, codec, bom, guessed, newline):
    reference = read(fixture)
    text = fixture.read_bytes().decode(reference.encoding)
    path = tmp_path / "release.txt"
    path.write_bytes(bom + text.replace("\n", newline).encode(codec))
    document = read(path)
    assert document.encoding_guessed is guessed
    if guessed:  # cp949 is the superset of EUC-KR that Korean Windows writes
        assert document.encoding == {"euc-kr": "cp949"}.get(codec, codec)
    assert segment(document) == segment(reference)
    assert document.dropped == reference.dropped


RELEASE_BODY = "SAN DIEGO, July 28, 2025 /PRNewswire/ -- Acme Therapeutics announced positive results today.\n"

# (a line of an English release, the code page the file is in): the file reads back exactly. The
# Windows-1252 and Latin-1 lines read as Shift_JIS or GB18030 once (`company痴`, `J黵gen M黮ler`).
LEGACY = [
    ("The company’s lead program—AC-101—met its goal at the Boston–Cambridge hub, “ahead of plan”—said Acme.",
     "cp1252"),
    ("Revenue of €52.4 million (£44 million), up ±3%; Acme® Brand™ cells are stored at -80°C; 5 µg/kg; ½ dose",
     "cp1252"),
    ("Café Biotech in Montréal", "cp1252"),
    ("Jürgen Müller, CEO of Acme Biotech AG, Zürich", "latin-1"),  # Latin-1 reads as Windows-1252 does
    ("naïve T cells from São Paulo and the Zürich cafés", "latin-1"),
    ("서울 맑음 12.3℃ 부산 구름많음", "cp949"),
    ("XellSmart는 FDA의 승인을 받았다. “기상청 제공”", "cp949"),  # particles glued to Latin words
    ("首页 | 新闻 | 财经 | 健康", "gb18030"),
    ("苏州士泽生物科技有限公司 (XellSmart)", "gb18030"),
    ("首頁 | 新聞 | 財經 | 健康", "big5"),
    ("台積電 (TSMC) 新聞稿", "big5"),
    ("東京 晴れ のち くもり", "shift_jis"),
    ("ホーム | ニュース | 経済", "shift_jis"),
]


@pytest.mark.parametrize(("line", "codec"), LEGACY, ids=[f"{codec}-{i}" for i, (_, codec) in enumerate(LEGACY)])
def test_a_few_foreign_words_in_an_english_release_settle_the_encoding(line, codec):
    text = f"{line}\n{RELEASE_BODY}"
    read_as = {"latin-1": "cp1252"}.get(codec, codec)
    assert decode(text.encode(codec), Path("release.txt")) == (text, read_as, True)


# (case, first line of the release, its code page, the one-line refusal)
UNDECIDED = [
    ("one Korean syllable is Windows-1252 letters too", "Hanbit Biologics Gets FDA의 Nod for HB-201", "cp949",
     "release.txt:1: cannot tell its text encoding: it reads as Windows-1252 (“Biologics Gets FDAÀÇ Nod for HB-201”) "
     "or as cp949 (“Biologics Gets FDA의 Nod for HB-201”); pass --encoding cp1252 or --encoding cp949, "
     "or save it as UTF-8"),
    ("a byte no code page reads as text", "Acme \x81 Therapeutics", "latin-1",
     "release.txt:1: cannot tell its text encoding: byte 0x81 is not UTF-8, and it reads as text in none of "
     "Windows-1252, cp949, shift_jis, gb18030, big5; pass --encoding with its codec, or save it as UTF-8"),
]


@pytest.mark.parametrize(("line", "codec", "message"), [u[1:] for u in UNDECIDED], ids=[u[0] for u in UNDECIDED])
def test_an_encoding_it_cannot_tell_is_refused_naming_the_option(line, codec, message):
    data = f"{line}\n{RELEASE_BODY}".encode(codec)
    with pytest.raises(L10nError) as error:
        decode(data, Path("release.txt"))
    assert str(error.value) == message
    assert decode(data, Path("release.txt"), codec)[0] == f"{line}\n{RELEASE_BODY}"  # what --encoding is for


WINDOWS_1252 = f"Acme Names a New Chief Executive\n\n{RELEASE_BODY}\nThe company’s board chose Jane Doe.\n"


def test_a_windows_1252_release_keeps_its_apostrophe(tmp_path):
    from l10n.formats import read as read_release

    path = tmp_path / "release.txt"
    path.write_bytes(WINDOWS_1252.encode("cp1252"))
    document = read_release(path)
    assert (document.encoding, document.encoding_guessed) == ("cp1252", True)
    assert "The company’s board chose Jane Doe." in [unit.text for unit in segment(document)]


def _segment_json(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "l10n", "segment", str(path), "--json"], capture_output=True, text=True)


def test_the_cli_reads_windows_1252_and_refuses_a_guess_in_one_line(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(WINDOWS_1252.encode("cp1252"))
    result = _segment_json(path)
    assert result.returncode == 0, result.stderr
    assert "The company’s board chose Jane Doe." in [unit["text"] for unit in json.loads(result.stdout)["units"]]
    assert "read as cp1252 (detected)" in result.stderr
    path.write_bytes(f"{UNDECIDED[0][1]}\n\n{RELEASE_BODY}".encode("cp949"))
    result = _segment_json(path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {path}:1: cannot tell its text encoding")
    assert "pass --encoding cp1252 or --encoding cp949" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_explicit_encoding_wins(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(HANBIT.read_bytes())
    document = read(path, encoding="cp949")
    assert (document.encoding, document.encoding_guessed) == ("cp949", False)


def test_nbsp_only_lines_are_blank_and_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Café Biotech Opens a New Laboratory in Montréal")
    blocks, _ = parse(f"{decomposed}\n\u00a0\u00a0\nThe company, based in Québec, said so in a statement today. It grew.\n")
    assert [b.kind for b in blocks] == ["title", "body"]
    assert blocks[0].text == "Café Biotech Opens a New Laboratory in Montréal"
    assert blocks[1].line == 3
