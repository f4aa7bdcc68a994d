"""What the three wild-corpus benches share (`wild_html.py`, `wild_docx.py`, `wild_pdf.py`): a
format's reader as the last commit has it, loaded beside today's, so one run shows before and after."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def head_module(name: str):
    """`l10n/formats/NAME.py` at git's HEAD, as a module of its own (`l10n.formats.NAME_before`)."""
    where = f"HEAD:l10n/formats/{name}.py"
    source = subprocess.run(["git", "-C", str(ROOT), "show", where], capture_output=True, text=True, check=True).stdout
    spec = importlib.util.spec_from_loader(f"l10n.formats.{name}_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    exec(compile(source, where, "exec"), module.__dict__)
    return module
