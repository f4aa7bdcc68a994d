from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest
import typer
from conftest import DATA, ROOT, SEED

from l10n.cli import app

KESTREL = DATA / "releases" / "kestrel-businesswire-bom-crlf.txt"
HANBIT = DATA / "releases" / "hanbit-prnewswire-cp949.txt"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=cwd)


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    status: int
    stdout: str = ""
    # text stdout must contain
    stderr: str = ""
    # text stderr must contain


CASES = [
    Case("table", ("segment", SEED), 0, stdout="SUZHOU, China, July 28, 2025 --"),
    Case("table shows noise", ("segment", SEED), 0, stdout="foreign_script"),
    Case("guessed encoding is said", ("segment", HANBIT), 0, stderr="read as cp949 (detected)"),
    Case("declared encoding is quiet", ("segment", HANBIT, "--encoding", "cp949"), 0),
    Case("missing file", ("segment", "nope.txt"), 2, stderr="error: nope.txt: no such file; check the path"),
    Case("folder", ("segment", DATA), 2, stderr="is a folder"),
    Case("wrong encoding", ("segment", HANBIT, "--encoding", "utf-8"), 2, stderr=f"{HANBIT}:1: byte 0x"),
    Case("no command shows help", (), 2, stderr="Usage"),
    Case("unknown option", ("segment", SEED, "--frobnicate"), 2, stderr="No such option"),
    Case("stats without catalogs", ("stats", "--project", DATA / "releases"), 2, stderr="no catalogs under"),
    Case("check without catalogs", ("check", "--project", DATA / "releases"), 2, stderr="no catalogs under"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli(case):
    result = run(*case.args)
    assert result.returncode == case.status, result.stderr
    assert case.stdout in result.stdout
    assert case.stderr in result.stderr
    assert "Traceback" not in result.stderr
    if case.status == 2 and case.args:
        assert len(result.stderr.strip().splitlines()) == 1 or "Usage" in result.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\x01PNG\x00", "• 맑음서울 32.7℃\n라이프\n".encode()], ids=["empty", "binary", "noise-only"])
def test_bad_files_are_one_line_and_status_2(tmp_path, content):
    path = tmp_path / "release.txt"
    path.write_bytes(content)
    result = run("segment", path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {path}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_segment_json_is_the_design_contract():
    result = run("segment", KESTREL, "--json")
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert {"source", "units", "dropped"} <= set(payload)
    assert payload["source"] == str(KESTREL)
    assert all(set(unit) == {"id", "kind", "text", "line"} for unit in payload["units"])
    assert all(set(line) == {"line", "text", "reason"} for line in payload["dropped"])
    assert {unit["kind"] for unit in payload["units"]} == {"title", "heading", "dateline", "body", "bullet", "contact"}
    assert payload["dropped"][0] == {"line": 1, "text": "Home | News | Markets | Health | Technology | Contact Us",
                                     "reason": "menu"}


def test_segment_explain_lists_each_rule_with_its_evidence_and_its_lines():
    payload = json.loads(run("segment", KESTREL, "--json").stdout)
    result = run("segment", KESTREL, "--explain")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    reasons = list(dict.fromkeys(d["reason"] for d in payload["dropped"]))
    assert lines[0] == f"{KESTREL}: {len(payload['dropped'])} lines dropped by {len(reasons)} rules"
    headings = [line.split(" (")[0] for line in lines if line and not line.startswith(" ")][1:]
    assert headings == reasons
    menu = lines.index(next(line for line in lines if line.startswith("menu (")))
    assert lines[menu + 1].startswith("  A navigation bar, breadcrumb or tag list")
    assert "   1  Home | News | Markets | Health | Technology | Contact Us" in lines
    assert all(len(line) <= 80 for line in lines[1:])  # the first names the file as given
    explained = json.loads(run("segment", KESTREL, "--json", "--explain").stdout)
    assert explained["dropped"] == payload["dropped"] and list(explained["rules"]) == reasons
    assert explained["rules"]["menu"].startswith("A navigation bar, breadcrumb or tag list")


def test_every_command_has_help():
    commands = typer.main.get_command(app).commands
    assert commands
    for name, command in commands.items():
        assert command.help, name
        assert run(name, "--help").returncode == 0


def test_an_unreadable_file_is_one_line_not_a_usage_box(tmp_path, monkeypatch, capsys):
    """Typer checks readability itself and answers with a usage box; l10n reads, and says one line."""
    import os

    from l10n import cli

    path = tmp_path / "release.txt"
    path.write_text("Hello. World.\n", encoding="utf-8")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if mode & os.R_OK else real(p, mode, *a, **k))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("l10n.files.open", refuse, raising=False)
    monkeypatch.setattr("sys.argv", ["l10n", "segment", str(path)])
    with pytest.raises(SystemExit) as status:
        cli.main()
    assert status.value.code == 2
    assert capsys.readouterr().err == f"error: {path}: cannot be read (Permission denied); check its permissions\n"


@pytest.mark.parametrize(("args", "message"), [
    (("tm", "export", "--to", "zh,ko"), "--to names 2 locales; a TMX file holds one language pair: name one"),
    (("tm", "export", "--to", "zh"), "no reviewed translation into zh_CN yet"),
    (("tm", "import", "a/memory.tmx", "b/memory.tmx"), "would both be imported as memory.po; rename one"),
    (("tm", "import", "empty"), "empty: holds no .tmx or .po file"),
])
def test_tm_mistakes_are_one_line(tmp_path, args, message):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(DATA / "tmx" / "omegat.tmx", tmp_path / folder / "memory.tmx")
    (tmp_path / "empty").mkdir()
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "tm").exists()


# --- messages as a person would write them (issue 22) ---------------------------------------
# Counts agree with their nouns; a refusal names the release and locale, says why in words and
# what to do, with the commands as the user would type them where they stand.

SLUG = SEED.stem
ZH_PO = f"locales/zh_CN/LC_MESSAGES/{SLUG}.po"
KO_PO = f"locales/ko_KR/LC_MESSAGES/{SLUG}.po"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """A project whose Chinese catalog holds pseudo drafts (33 fuzzy) and whose Korean one is only extracted."""
    root = tmp_path_factory.mktemp("drafted")
    shutil.copy(SEED, root)
    assert run("extract", SEED.name, "--to", "ko", cwd=root).returncode == 0
    assert run("translate", SEED.name, "--to", "zh", "--engine", "pseudo", "--quiet", cwd=root).returncode == 0
    return root


REFUSALS = [
    ("final", ("build", SEED.name, "--to", "zh", "--final"),
     f"refused: {SEED.name} zh_CN: not final (33 entries still fuzzy), so --final writes no release; review them in "
     f"Poedit ({ZH_PO}; `l10n review {SEED.name} --to zh_CN` shows them on one page), then run "
     f"`l10n build {SEED.name} --to zh_CN --final`"),
    ("final untranslated", ("build", SEED.name, "--to", "ko", "--final"),
     f"refused: {SEED.name} ko_KR: not final (1 entry still fuzzy, 32 untranslated), so --final writes no release; "
     f"translate and review them in Poedit ({KO_PO}; `l10n review {SEED.name} --to ko_KR` shows them on one page), "
     f"then run `l10n build {SEED.name} --to ko_KR --final`"),
    ("min-reviewed", ("build", SEED.name, "--to", "zh", "--min-reviewed", "50"),
     f"refused: {SEED.name} zh_CN: less than 50% of the catalog is reviewed (33 entries still fuzzy), so "
     f"--min-reviewed writes no release; review more of them in Poedit ({ZH_PO}), then run "
     f"`l10n build {SEED.name} --to zh_CN --min-reviewed 50`"),
    ("translate final", ("translate", SEED.name, "--to", "zh", "--engine", "pseudo", "--final"),
     f"refused: {SEED.name} zh_CN: not final (33 entries still fuzzy), so --final writes no release; review them in "
     f"Poedit ({ZH_PO}; `l10n review {SEED.name} --to zh_CN` shows them on one page), then run "
     f"`l10n build {SEED.name} --to zh_CN --final`"),
]


@pytest.mark.parametrize(("args", "line"), [case[1:] for case in REFUSALS], ids=[case[0] for case in REFUSALS])
def test_a_refusal_says_why_in_words_and_what_to_do(drafted, args, line):
    result = run(*args, cwd=drafted)
    assert result.returncode == 1
    assert line in result.stderr.splitlines(), result.stderr


def test_a_refusal_from_another_folder_gives_commands_that_work_there(drafted):
    where = drafted.name
    result = run("build", f"{where}/{SEED.name}", "--project", where, "--to", "zh", "--final", cwd=drafted.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"refused: {SEED.name} zh_CN: not final (33 entries still fuzzy), so --final writes no release; review them in "
        f"Poedit ({where}/{ZH_PO}; `l10n review {where}/{SEED.name} --to zh_CN --project {where}` shows them on one "
        f"page), then run `l10n build {where}/{SEED.name} --to zh_CN --project {where} --final`")


def test_sentences_left_in_english_are_counted_with_their_release(drafted):
    result = run("build", SEED.name, "--to", "zh", "--reviewed-only", "--format", "txt", cwd=drafted)
    assert result.returncode == 0
    assert result.stderr.splitlines()[0] == f"note: {SEED.name} zh_CN: 33 sentences left in English:"


@pytest.mark.parametrize(("args", "stream", "line"), [
    (("check", ZH_PO), "stderr", "1 catalog: 0 errors, 0 warnings, 0 info"),
    (("check", ZH_PO, KO_PO), "stderr", "2 catalogs: 0 errors, 0 warnings, 0 info"),
    (("glossary", "check", "one.csv"), "stderr", "1 problem in 2 glossary files"),
    (("glossary", "import", "one.tbx", "-o", "back.csv"), "stderr", "wrote 1 concept to back.csv; "
                                                                     "run `l10n glossary check back.csv`"),
], ids=["one catalog", "two catalogs", "one problem", "one concept"])
def test_counts_agree_with_their_nouns(tmp_path, args, stream, line):
    from l10n import glossary

    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    small = DATA / "glossary" / "small.csv"
    (tmp_path / "one.csv").write_text(small.read_text(encoding="utf-8").splitlines()[0] + "\nbroken,row\n",
                                      encoding="utf-8")
    (tmp_path / "one.tbx").write_text(glossary.to_tbx(glossary.read(small)[0][:1]), encoding="utf-8")
    result = run(*args, cwd=tmp_path)
    assert line in getattr(result, stream).splitlines(), result.stderr


# Help and tables read well at 80 columns: nothing eaten, no type names of Python's, no line cut.

def _commands(command=None, path=()):
    command = command or typer.main.get_command(app)
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands())


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "l10n" for p in COMMANDS])
def test_help_fits_80_columns_in_plain_words(path):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=80, prog_name="l10n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 80
    assert not re.search(r"<(str|bool|int|float|path|list\[\w+\])>", result.output)  # types as Python names them
    assert "( in" not in result.output  # a name in brackets eaten as markup
    assert [line for line in lines[1:] if line.endswith("...")] == []  # a command's summary cut short
    examples = [line.strip() for line in lines if line.startswith("    l10n ")]
    assert all(example.split()[:len(path) + 1] == ["l10n", *path] for example in examples)


def test_translate_help_is_as_the_snapshot():
    """A deliberate change to `translate --help` updates tests/data/cli/translate-help.txt with it."""
    from typer.testing import CliRunner

    shown = CliRunner().invoke(app, ["translate", "--help"], terminal_width=80, prog_name="l10n").output
    assert shown == (DATA / "cli" / "translate-help.txt").read_text(encoding="utf-8")


def test_a_table_keeps_every_name_whole_within_80_columns():
    from l10n.cli import _table

    name = "xellsmart-sci-first-dosing-of-the-first-patient-in-the-phase-one-trial-2025-07-28-agency.docx"
    shown = _table(("units", "memory", "MT", "empty", "fuzzy", "errors", "warnings", "written"),
                   {name: [["zh_CN", 34, 0, 32, 0, 33, 0, 0, 3], ["ko_KR", 1234, 0, 32, 0, 33, 0, 12, 2]],
                    "short.txt": [["zh_CN", 1, 0, 0, 1, 0, 0, 0, 0]]})
    assert shown.splitlines() == [
        "  locale  units  memory  MT  empty  fuzzy  errors  warnings  written",
        name,
        "  zh_CN      34       0  32      0     33       0         0        3",
        "  ko_KR   1,234       0  32      0     33       0        12        2",
        "short.txt",
        "  zh_CN       1       0   0      1      0       0         0        0",
    ]
    assert all(len(line) <= 80 for line in shown.splitlines() if line != name)


QUIET = [
    ("build", SEED.name, "--to", "zh"),
    ("extract", SEED.name, "--to", "ja"),
    ("review", SEED.name, "--to", "zh"),
    ("check", ZH_PO),
    ("glossary", "check"),
    ("glossary", "export", "-o", "glossary.tbx"),
    ("init", "new-project"),
    ("merge", ZH_PO, f"locales/{SLUG}.pot", "-o", "merged.po"),
    ("xliff", "export", SEED.name, "--to", "zh", "-o", "release.xlf"),
    ("tm", "import", "memory.tmx", "--to", "zh"),
]


@pytest.mark.parametrize("args", QUIET, ids=[" ".join(a[:2]) for a in QUIET])
def test_quiet_prints_nothing_but_errors(drafted, tmp_path, args):
    from l10n import tmx

    root = tmp_path / "project"
    shutil.copytree(drafted, root)
    (root / "new-project").mkdir()
    (root / "memory.tmx").write_text(tmx.write([tmx.Pair("Hello.", "你好。", "")], "zh_CN", "test"), encoding="utf-8")
    loud = run(*args, cwd=root)
    shutil.rmtree(root)
    shutil.copytree(drafted, root)
    (root / "new-project").mkdir()
    (root / "memory.tmx").write_text(tmx.write([tmx.Pair("Hello.", "你好。", "")], "zh_CN", "test"), encoding="utf-8")
    quiet = run(*args, "-q", cwd=root)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (loud.returncode, "", "")
    assert loud.stdout or loud.stderr  # the command does say something without -q


# What starting costs (bench/startup.py times it): the libraries of other rooms load when used.
HEAVY = {"rich", "pydantic", "ctranslate2", "sentencepiece", "argostranslate", "trafilatura", "docx", "pypdf",
         "httpx", "jinja2", "babel"}


@pytest.mark.parametrize("args", [("--help",), ("translate", "--help"), ("stats",)], ids=" ".join)
def test_starting_imports_no_heavy_library(args):
    code = ("import sys\nfrom l10n.cli import main\nsys.argv = ['l10n', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join({name.split('.')[0] for name in sys.modules}), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    assert HEAVY.intersection(result.stderr.splitlines()[-1].split()) == set()


def test_an_estimate_is_summed_per_locale_and_writes_nothing(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    shutil.copy(SEED, tmp_path / "b.txt")
    (tmp_path / "l10n.toml").write_text("[engines.openai]\nprice_per_1k_tokens = 0.5\n", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    shown = run("translate", "a.txt", "b.txt", "--to", "zh,ko", "--engine", "openai", "--estimate", cwd=tmp_path)
    as_json = run("translate", "a.txt", "b.txt", "--to", "zh,ko", "--engine", "openai", "--estimate", "--json",
                  cwd=tmp_path)
    assert (shown.returncode, as_json.returncode, sorted(tmp_path.rglob("*"))) == (0, 0, before), shown.stderr
    per_locale = json.loads(as_json.stdout)["per_locale"]
    assert [(t["locale"], t["releases"], t["units"], t["requests"]) for t in per_locale] == [
        ("zh_CN", 2, 64, 4), ("ko_KR", 2, 64, 4)]
    lines = shown.stdout.splitlines()
    assert lines[0] == "estimate for 2 releases: nothing was sent or written"
    assert lines[2] == "openai gpt-4o-mini, prompt v2"
    zh = lines[3].split()
    assert zh[:4] == ["zh_CN", "64", "12,478", "4"] and float(zh[5]) == pytest.approx(
        per_locale[0]["tokens"] / 1000 * 0.5, abs=0.01)
    assert max(map(len, lines)) <= 80
