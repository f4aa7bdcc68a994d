"""Argos Translate packages: find, validate, install, and translate in batches.

`argostranslate.package` finds and describes packages (it is light to import). Translation does
not go through `argostranslate.translate`, which imports torch, splits text again with its own
sentencizer and runs one small batch per paragraph: l10n's units already are sentences, so all
units of a run go to the package's CTranslate2 model at once, sorted by length, in batches
counted in tokens, with a repetition guard and a decoding-length cap relative to each batch's
longest source.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from l10n.errors import L10nError

SOURCE = "en"
# Control characters and the replacement character: what byte-fallback pieces decode to when a
# model emits an invalid byte sequence. No translation needs them, and a catalog must not hold them.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufffd]")
# Argos language codes of l10n's locales; other locales use their language part.
CODES = {"zh_CN": "zh", "zh_Hans_CN": "zh", "ko_KR": "ko"}
INDEX_HINT = "l10n models install --file PACKAGE.argosmodel"


def code(locale: str) -> str:
    return CODES.get(locale, locale.split("_")[0])


def install_command(locale: str) -> str:
    return f"l10n models install {code(locale)}"


@dataclass(frozen=True)
class Model:
    """An installed Argos package."""

    from_code: str
    to_code: str
    version: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.from_code}→{self.to_code} {self.version}"


def _settings():
    from argostranslate import settings  # reads ARGOS_* and XDG_* and creates folders on import

    return settings


def installed() -> list[Model]:
    from argostranslate import package

    return sorted(
        (Model(p.from_code, p.to_code, str(p.package_version), Path(p.package_path))
         for p in package.get_installed_packages()),
        key=lambda m: (m.from_code, m.to_code),
    )


def find(locale: str) -> Model | None:
    return next((m for m in installed() if m.from_code == SOURCE and m.to_code == code(locale)), None)


# --- installing ------------------------------------------------------------------------


def _package_folder(archive: zipfile.ZipFile, path: Path) -> str:
    """The one top folder of a package archive, refusing any member that could land outside it."""
    tops = set()
    for member in archive.infolist():
        name = PurePosixPath(member.filename)
        if (member.filename.startswith(("/", "\\")) or "\\" in member.filename or ".." in name.parts
                or ":" in name.parts[0] or stat.S_ISLNK(member.external_attr >> 16)):
            raise L10nError(f"refused: member {member.filename!r} would be written outside the package folder", path)
        tops.add(name.parts[0])
    if len(tops) != 1:
        raise L10nError(f"refused: a package holds one folder, this holds {len(tops)}; is it an .argosmodel?", path)
    return tops.pop()


def validate(path: Path, to_code: str | None = None) -> tuple[str, dict]:
    """The package folder and metadata of an .argosmodel file, or L10nError saying why not."""
    if not path.is_file():
        raise L10nError("no such package file; check the path", path)
    if not zipfile.is_zipfile(path):
        raise L10nError("is not an Argos package (.argosmodel files are zip archives)", path)
    with zipfile.ZipFile(path) as archive:
        folder = _package_folder(archive, path)
        names = set(archive.namelist())
        if f"{folder}/metadata.json" not in names:
            raise L10nError(f"refused: no {folder}/metadata.json; this is not an Argos package", path)
        try:
            metadata = json.loads(archive.read(f"{folder}/metadata.json"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise L10nError(f"refused: {folder}/metadata.json is not valid JSON ({error})", path)
        for needed in ("model/model.bin", "sentencepiece.model"):
            if f"{folder}/{needed}" not in names:
                raise L10nError(f"refused: no {folder}/{needed}; l10n needs a CTranslate2 model with SentencePiece", path)
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair[0] != SOURCE or (to_code and pair[1] != to_code):
        want = f"{SOURCE}→{to_code}" if to_code else f"{SOURCE}→..."
        raise L10nError(f"refused: the package translates {pair[0]}→{pair[1]}, not {want}", path)
    return folder, metadata


def install_file(path: Path, to_code: str | None = None) -> Model:
    """Install an .argosmodel after validating it; a refused file writes nothing."""
    folder, metadata = validate(path, to_code)
    packages = Path(_settings().package_data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages))
    try:
        with zipfile.ZipFile(path) as archive:
            archive.extractall(staging)
        target = packages / folder
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging / folder, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Model(metadata["from_code"], metadata["to_code"], str(metadata.get("package_version", "")), target)


def install_from_index(to_codes: Sequence[str], progress=None) -> list[Model]:
    """Download and install en→X packages listed in the Argos index (`ARGOS_PACKAGE_INDEX`).

    The index is fetched here rather than by `argostranslate.package.update_package_index`,
    which logs a failed download and then, finding no index file, recurses without end.
    `progress(to_code, done_bytes, total_bytes)` is called as the download goes.
    """
    import urllib.request

    index_url = _settings().remote_package_index
    try:
        with urllib.request.urlopen(index_url, timeout=30) as response:
            available = json.loads(response.read())
    except (OSError, ValueError) as error:
        raise L10nError(f"cannot reach the Argos package index {index_url} ({error}); "
                        f"offline, install from a file: {INDEX_HINT}")
    models = []
    for to_code in to_codes:
        entry = next((p for p in available if p.get("from_code") == SOURCE and p.get("to_code") == to_code), None)
        if entry is None or not entry.get("links"):
            raise L10nError(f"the Argos index {index_url} has no {SOURCE}→{to_code} package")
        folder = Path(tempfile.mkdtemp(prefix="l10n-download-"))
        download = folder / f"{SOURCE}_{to_code}.argosmodel"
        try:
            with urllib.request.urlopen(entry["links"][0], timeout=60) as response, download.open("wb") as out:
                total, done = int(response.headers.get("Content-Length") or 0), 0
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(to_code, done, total)
            models.append(install_file(download, to_code))
        except OSError as error:
            raise L10nError(f"download of the {SOURCE}→{to_code} package failed ({error}); try again or {INDEX_HINT}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return models


# --- translating -----------------------------------------------------------------------


class ArgosTranslator:
    """One package's CTranslate2 model and SentencePiece tokenizer, loaded once per run."""

    name = "argos"

    def __init__(self, model: Model, beam_size: int = 2, batch_tokens: int = 2048):
        self.model = model.id
        self.beam_size = beam_size
        self.batch_tokens = batch_tokens
        self._path = model.path
        self._translator = None  # loaded on the first text to translate: a run served by the cache never pays

    def _load(self) -> None:
        import ctranslate2
        import sentencepiece

        # Multilingual packages name a target-language token that must open every output.
        self._prefix = json.loads((self._path / "metadata.json").read_text(encoding="utf-8")).get("target_prefix", "")
        self._tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(self._path / "sentencepiece.model"))
        self._translator = ctranslate2.Translator(str(self._path / "model"), device="cpu", compute_type="auto",
                                                  inter_threads=1, intra_threads=os.cpu_count() or 1)

    def translate(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        if self._translator is None:
            self._load()
        pieces = [self._tokenizer.encode(text, out_type=str) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(pieces[i]))
        results: dict[int, str] = {}
        batch: list[int] = []
        for index in order + [None]:
            if index is not None and (not batch or (len(batch) + 1) * len(pieces[index]) <= self.batch_tokens):
                batch.append(index)
                continue
            longest = max(len(pieces[i]) for i in batch)
            outputs = self._translator.translate_batch(
                [pieces[i] for i in batch],
                target_prefix=[[self._prefix]] * len(batch) if self._prefix else None,
                replace_unknowns=True,
                length_penalty=0.2,
                beam_size=self.beam_size,
                max_batch_size=self.batch_tokens,
                batch_type="tokens",
                max_decoding_length=2 * longest + 10,
                # A soft penalty, not `no_repeat_ngram_size`: that one forbids legitimate repeats,
                # and placeholders share their pieces (`▁for ▁ZX 1` ... `▁for ▁ZX 3` lost its ZX).
                repetition_penalty=1.1,
            )
            for i, output in zip(batch, outputs):
                tokens = output.hypotheses[0][1:] if self._prefix else output.hypotheses[0]
                results[i] = _UNPRINTABLE.sub("", self._tokenizer.decode_pieces(tokens)).strip()
            batch = [index] if index is not None else []
        return [results[i] for i in range(len(texts))]
