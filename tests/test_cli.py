from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest
import typer
from conftest import DATA, SEED

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
    Case("no command shows help", (), 2, stdout="Usage"),
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
