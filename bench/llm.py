"""An LLM engine on a release: requests, tokens, repairs, and glossary adherence before and after
the one repair (issue #29).

Runs `l10n translate` with `--engine openai` on the example release into zh and ko, in a fresh
project, against an OpenAI-compatible server: by default a fake one on 127.0.0.1 that renders the
glossary's targets but, like a real model now and then, leaves a unit's terms in English in one
first draft out of `--slips` (a repair request, which shows the rejected draft and its problem,
is answered correctly); with `--base-url` a real one (llama.cpp's server, vLLM, Ollama: a key in
$OPENAI_API_KEY if it needs one). Adherence is the share of units with glossary terms whose
draft used every approved target: before repair (first drafts) and after (the catalog).

    python bench/llm.py [--slips 4] [--base-url http://localhost:8080/v1 --model NAME]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"
sys.path.insert(0, str(ROOT / "tests"))


def fake_server(slips: int):
    """A fake chat-completions server whose first drafts leave the terms in English for one unit in `slips`."""
    from fake_apis import FakeOpenAI, pretend
    from pytest_httpserver import HTTPServer

    class Slipping(FakeOpenAI):
        def translations(self, body, request=None):
            return {u["id"]: pretend(u["text"], {} if "rejected_draft" not in u and
                                     zlib.crc32(u["text"].encode()) % slips == 0 else u.get("glossary", {}), self.marker)
                    for u in self.units(body)}

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    return server, Slipping(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slips", type=int, default=4, help="the fake model slips on one unit in SLIPS")
    parser.add_argument("--base-url", help="a real OpenAI-compatible server instead of the fake one")
    parser.add_argument("--model", default="gpt-4o-mini")
    arguments = parser.parse_args()
    server = fake = None
    if arguments.base_url:
        url, key_env = arguments.base_url, "OPENAI_API_KEY" if os.environ.get("OPENAI_API_KEY") else ""
        env = dict(os.environ)
    else:
        from fake_apis import KEY

        server, fake = fake_server(arguments.slips)
        url, key_env = fake.url, "L10N_BENCH_KEY"
        env = {**os.environ, key_env: KEY}
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copy(SEED, project)
        (project / "l10n.toml").write_text(f'engine = "openai"\n[engines.openai]\nbase_url = "{url}"\n'
                                           f'model = "{arguments.model}"\napi_key_env = "{key_env}"\nretries = 0\n')
        run = subprocess.run([sys.executable, "-m", "l10n", "translate", SEED.name, "--to", "zh,ko", "--json"],
                             cwd=project, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(run.stderr)
        check = subprocess.run([sys.executable, "-m", "l10n", "check", "--only", "glossary", "--json"],
                               cwd=project, env=env, capture_output=True, text=True)
        missed = {(Path(f["file"]).parent.parent.name, f["msgid"]) for f in json.loads(check.stdout)}
        from l10n.formats import read
        from l10n.glossary import SHIPPED, load
        from l10n.segment import segment

        terms = load([SHIPPED])
        with_terms = {u.text for u in segment(read(SEED)) if u.kind not in ("contact", "dateline") and terms.find(u.text)}
        for summary in json.loads(run.stdout):
            usage, locale = summary["usage"], summary["locale"]
            after = sum((locale, text) not in missed for text in with_terms)
            before = after - usage["repairs"]  # a repaired unit's first draft missed a target
            print(f"{locale}: {usage['requests']} requests, {usage['tokens']:,} tokens, {usage['repairs']} repairs; "
                  f"units with glossary terms {len(with_terms)}: every target used before repair {before}, "
                  f"after {after}")
    if server is not None:
        server.stop()


if __name__ == "__main__":
    main()
