"""The format registry: which files are releases, and which are other tools' files refused with one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import DATA, ROOT

from l10n import formats
from l10n.errors import L10nError

CATALOG = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "xellsmart-sci-first-dosing-agency.po"
TMX = DATA / "tmx" / "omegat.tmx"
CORVANTA = DATA / "review" / "corvanta.txt"


def _xliff() -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported -->\n<xliff version="1.2"><file original="r.txt" '
            b'source-language="en"><body/></file></xliff>\n')


# (file name, content, what the refusal says it is)
OTHER_TOOLS = [
    ("release.po", CATALOG.read_bytes(), "is a gettext catalog, not a release"),
    ("release.pot", b'msgid ""\nmsgstr ""\n', "is a gettext template, not a release"),
    ("release.mo", b"\xde\x12\x04\x95" + bytes(24), "is a compiled gettext catalog, not a release"),
    ("release.xlf", _xliff(), "is an XLIFF file, not a release"),
    ("memory.tmx", TMX.read_bytes(), "is a translation memory (TMX), not a release"),
    ("terms.tbx", b"<martif/>", "is a termbase (TBX), not a release"),
    ("data.json", b'{"units": []}', "is JSON data, not a release"),
    ("terms.csv", b"en,zh_CN\ncell,cell\n", "is a table (CSV), not a release"),
    ("l10n.toml", b'engine = "pseudo"\n', "is a settings file, not a release"),
    # the same files saved as text: their content gives them away
    ("catalog.txt", CATALOG.read_bytes(), "is a gettext catalog, not a release"),
    ("catalog-bom.txt", b"\xef\xbb\xbf" + CATALOG.read_bytes(), "is a gettext catalog, not a release"),
    ("export.txt", _xliff(), "is an XLIFF file, not a release"),
    ("memory.md", TMX.read_bytes(), "is a translation memory (TMX), not a release"),
    ("data.txt", b' [{"id": 1}]', "is JSON data, not a release"),
    ("compiled.txt", b"\x95\x04\x12\xde" + bytes(24), "is a compiled gettext catalog, not a release"),
    ("word.txt", b"PK\x03\x04" + bytes(40), "is a zip archive (a Word file?), not a release; give it the .docx extension"),
    ("paper.txt", b"%PDF-1.7\n", "is a PDF document, not a release; give it the .pdf extension"),
    ("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(20), "is a PNG image, not a release"),
    ("db.txt", b"SQLite format 3\x00" + bytes(80), "is an SQLite database, not a release"),
]


@pytest.mark.parametrize("name, content, said", OTHER_TOOLS, ids=[case[0] for case in OTHER_TOOLS])
def test_other_tools_files_are_refused_by_name_or_content(tmp_path, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(L10nError) as refused:
        formats.read(path)
    assert str(refused.value).startswith(f"{path}: {said}")


# Releases whose text only looks like data at a glance
RELEASES = [
    "[Embargoed until 9 a.m. ET] Corvanta Therapeutics reports results.\n",
    "{Draft} Corvanta Therapeutics reports results.\n",
    "Corvanta explains how msgid \"x\" works.\nmsgstr is not at a line start here.\n",
    "<b>Corvanta</b> Therapeutics reports results.\n",
]


@pytest.mark.parametrize("text", RELEASES)
def test_releases_that_look_a_little_like_data_are_read(tmp_path, text):
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    assert formats.read(path).blocks


def l10n(project, *args):
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=project,
                          env=dict(os.environ))


@pytest.mark.parametrize("command", [["translate", "--engine", "pseudo", "--to", "ko"], ["segment"],
                                     ["build", "--to", "ko"]])
def test_a_catalog_named_as_a_release_is_one_line_and_exit_2_with_nothing_written(tmp_path, command):
    catalog = tmp_path / "locales/zh_CN/LC_MESSAGES/release.po"
    catalog.parent.mkdir(parents=True)
    shutil.copy(CATALOG, catalog)
    result = l10n(tmp_path, command[0], catalog, *command[1:])
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {catalog}: is a gettext catalog, not a release; give the release it was made from; catalogs are "
        "checked with `l10n check` and merged with `l10n merge`"]
    written = [p for p in tmp_path.rglob("*") if p.is_file() and ".l10n" not in p.parts]  # the cache may start
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "locales/zh_CN/LC_MESSAGES/release.po"]


def test_a_folder_run_skips_other_tools_files_and_says_how_many(tmp_path):
    shutil.copy(CORVANTA, tmp_path)
    shutil.copy(CATALOG, tmp_path / "old.po")
    shutil.copy(CATALOG, tmp_path / "pasted.txt")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    result = l10n(tmp_path, "translate", ".", "--to", "zh", "--engine", "pseudo", "--json")
    assert result.returncode == 0, result.stderr
    assert [s["source"] for s in json.loads(result.stdout)] == ["corvanta.txt"]
    quiet = l10n(tmp_path, "translate", ".", "--to", "zh", "--engine", "pseudo")
    assert ("note: skipped 3 files that are not releases: data.json (JSON data), old.po (a gettext catalog), "
            "pasted.txt (a gettext catalog)") in quiet.stderr.splitlines()


def test_a_release_whose_name_is_not_utf8_is_one_line_and_the_others_are_translated(tmp_path):
    """A catalog names its release (`#:`, X-L10n-Release) in UTF-8: a name that is not is refused
    in one line, and the folder's other releases are translated."""
    seed = ROOT / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"
    shutil.copy(seed, tmp_path)
    shutil.copy(seed, os.fsencode(tmp_path) + b"/rel\xff\xfe.txt")
    result = subprocess.run([sys.executable, "-m", "l10n", "translate", ".", "--to", "zh", "--engine", "pseudo", "-q"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "error: rel\\udcff\\udcfe.txt: has a name that is not valid UTF-8 "
                                                     "(saved by another system?); rename it\n")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["xellsmart-sci-first-dosing-2025-07-28.zh_CN.txt"]
