"""Argos Translate packages: find, validate, install, and translate in batches.

`argostranslate.package` finds and describes packages (it is light to import). Translation does
not go through `argostranslate.translate`, which imports torch, splits text again with its own
sentencizer and runs one small batch per paragraph: l10n's units already are sentences, so all
units of a run go to the package's CTranslate2 model at once, sorted by length, in batches
counted in tokens, with a repetition guard and a decoding-length cap relative to each batch's
longest source.

Installing treats an .argosmodel as hostile until checked, and a refused, damaged or interrupted
install (a full disk included) leaves the packages folder as it was. Refused before anything is
written: a member that could land outside the one package folder (absolute path, `..`, drive,
backslash, symlink), an encrypted member or a compression other than stored/deflate, a member
lying past the end of the file, a metadata.json that is not an object with string `from_code` and
`to_code`, a missing model, another language pair. Bounded (module constants):

- `MAX_UNPACKED` = 4 GiB: the sum of the declared sizes. Real packages unpack to 100-400 MB.
- `MAX_RATIO` = 100: declared size per byte of archive. CTranslate2 weights barely compress
  (about 1.1:1); a 1 MB file that unpacks to 1 GiB of zeros is 1000:1.
- `MAX_MEMBERS` = 10,000 (real packages hold a handful of files) and `MAX_METADATA` = 1 MiB.

Declared sizes can lie, so extraction does not trust them either: members are streamed one by one
with a running count of the bytes really written, stopped the moment it passes
min(MAX_UNPACKED, MAX_RATIO x archive size).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from l10n.errors import L10nError

SOURCE = "en"
# Argos language codes of l10n's locales; other locales use their language part.
CODES = {"zh_CN": "zh", "zh_Hans_CN": "zh", "ko_KR": "ko"}
INDEX_HINT = "l10n models install --file PACKAGE.argosmodel"
# Bounds on a package archive, explained in the module docstring; tests lower them.
MAX_UNPACKED = 4 << 30
MAX_RATIO = 100
MAX_MEMBERS = 10_000
MAX_METADATA = 1 << 20
CHUNK = 1 << 20
# What zipfile raises for damaged data: garbage deflate streams, CRC mismatches, data cut short.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)


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


@contextmanager
def _package(path: Path) -> Iterator[zipfile.ZipFile]:
    """The open archive; damaged data met inside the block becomes one L10nError."""
    if not path.is_file():
        raise L10nError("no such package file; check the path", path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise L10nError("is not an Argos package (.argosmodel files are zip archives) or is cut short; "
                        "download it again", path) from None
    with archive:
        try:
            yield archive
        except _DAMAGED as error:
            raise L10nError(f"is damaged ({error}); download it again", path) from None


def _package_folder(archive: zipfile.ZipFile, path: Path) -> str:
    """The one top folder of a package archive, refusing any member that could land outside it."""
    tops = set()
    for member in archive.infolist():
        name = PurePosixPath(member.filename)
        if (not name.parts or member.filename.startswith(("/", "\\")) or "\\" in member.filename
                or ".." in name.parts or ":" in name.parts[0] or stat.S_ISLNK(member.external_attr >> 16)):
            raise L10nError(f"refused: member {member.filename!r} would be written outside the package folder; the "
                            "file is damaged or malicious: get the package again", path)
        tops.add(name.parts[0])
    if len(tops) != 1:
        raise L10nError(f"refused: a package holds one folder, this holds {len(tops)}; is it an .argosmodel?", path)
    return tops.pop()


def _bound(archive: zipfile.ZipFile, path: Path) -> int:
    """The most bytes the archive may unpack to, refusing a zip bomb from its directory alone."""
    size, members = path.stat().st_size, archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise L10nError(f"refused: {len(members):,} members, more than {MAX_MEMBERS:,}; "
                        "an Argos package holds a handful of files", path)
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise L10nError(f"refused: member {member.filename!r} is encrypted or uses compression method "
                            f"{member.compress_type}; Argos packages are plain zip files", path)
        if member.header_offset < 0 or member.header_offset + member.compress_size > size:
            raise zipfile.BadZipFile(f"member {member.filename!r} lies past the end of the file")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED:
        raise L10nError(f"refused: unpacks to {total:,} bytes, more than the {MAX_UNPACKED:,} a package may take "
                        "(Argos packages unpack to 100-400 MB)", path)
    if total > MAX_RATIO * size:
        raise L10nError(f"refused: {size:,} bytes unpack to {total:,} ({total // size:,}:1, more than {MAX_RATIO}:1); "
                        "a zip bomb, not model weights, which barely compress", path)
    return min(MAX_UNPACKED, MAX_RATIO * size)


def _metadata(archive: zipfile.ZipFile, folder: str, path: Path) -> dict:
    name = f"{folder}/metadata.json"
    if name not in archive.namelist():
        raise L10nError(f"refused: no {name}; this is not an Argos package", path)
    with archive.open(name) as file:
        raw = file.read(MAX_METADATA + 1)
    if len(raw) > MAX_METADATA:
        raise L10nError(f"refused: {name} is over {MAX_METADATA:,} bytes; Argos metadata is a few lines", path)
    try:
        metadata = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise L10nError(f"refused: {name} is not valid JSON ({error}); this is not an Argos package", path) from None
    except RecursionError:  # the decoder recurses once per level: [[[[...]]]] in a megabyte
        raise L10nError(f"refused: {name} nests too deeply for metadata; this is not an Argos package", path) from None
    if not (isinstance(metadata, dict) and all(isinstance(metadata.get(key), str) and metadata[key]
                                               for key in ("from_code", "to_code"))):
        found = json.dumps(metadata, ensure_ascii=False)
        raise L10nError(f"refused: {name} must be a JSON object with from_code and to_code strings, "
                        f"not {found[:60]}{'...' if len(found) > 60 else ''}; this is not an Argos package", path)
    _target_prefix(metadata, path)
    return metadata


def _target_prefix(metadata: dict, path: Path) -> str:
    """The token a multilingual package's outputs open with ("" for none), or L10nError when it is not text."""
    prefix = metadata.get("target_prefix") or ""
    if not isinstance(prefix, str):
        raise L10nError(f"refused: target_prefix in metadata.json must be a string, not {json.dumps(prefix)[:40]}; "
                        "this is not a package l10n can use", path)
    return prefix


def _check(archive: zipfile.ZipFile, path: Path, to_code: str | None) -> tuple[str, dict, int]:
    """The package folder, metadata and unpacking bound of an open archive, or L10nError saying why not."""
    folder = _package_folder(archive, path)
    limit = _bound(archive, path)
    metadata = _metadata(archive, folder, path)
    names = set(archive.namelist())
    for needed in ("model/model.bin", "sentencepiece.model"):
        if f"{folder}/{needed}" not in names:
            raise L10nError(f"refused: no {folder}/{needed}; l10n needs a CTranslate2 model with SentencePiece", path)
    pair = (metadata["from_code"], metadata["to_code"])
    if pair[0] != SOURCE or (to_code and pair[1] != to_code):
        want = f"{SOURCE}→{to_code}" if to_code else f"{SOURCE}→..."
        raise L10nError(f"refused: the package translates {pair[0]}→{pair[1]}, not {want}; give an {want} package",
                        path)
    return folder, metadata, limit


def validate(path: Path, to_code: str | None = None) -> tuple[str, dict]:
    """The package folder and metadata of an .argosmodel file, or L10nError saying why not."""
    with _package(path) as archive:
        folder, metadata, _ = _check(archive, path, to_code)
    return folder, metadata


def _extract(archive: zipfile.ZipFile, staging: Path, limit: int, path: Path) -> None:
    """Write every member under `staging`, counting the bytes really unpacked: headers can lie."""
    written = 0
    for member in archive.infolist():
        target = staging.joinpath(*PurePosixPath(member.filename).parts)
        if member.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as source, open(target, "wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise L10nError(f"refused: unpacks to more than {limit:,} bytes, more than its headers "
                                    "declare; a zip bomb or a damaged file", path)
                out.write(chunk)


def install_file(path: Path, to_code: str | None = None) -> Model:
    """Install an .argosmodel after validating it; a refused, damaged or interrupted install changes nothing."""
    packages = Path(_settings().package_data_dir)
    with _package(path) as archive:
        folder, metadata, limit = _check(archive, path, to_code)
        target = packages / folder
        try:
            with tempfile.TemporaryDirectory(prefix=".installing-", dir=packages, ignore_cleanup_errors=True) as staging:
                _extract(archive, Path(staging), limit, path)
                previous = Path(staging) / f"{folder}.previous"
                if target.exists() or target.is_symlink():
                    os.replace(target, previous)  # removed with the staging folder once the new one is in
                try:
                    os.replace(Path(staging) / folder, target)
                except OSError:
                    if previous.exists() or previous.is_symlink():
                        os.replace(previous, target)
                    raise
        except OSError as error:
            hint = (f"free space in {packages}" if error.errno in (errno.ENOSPC, errno.EDQUOT)
                    else f"check that {packages} is writable and has room")
            raise L10nError(f"cannot be installed: {error.strerror or error}; {hint}", path) from None
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
            raise L10nError(f"the Argos index {index_url} has no {SOURCE}→{to_code} package; install one from a file: "
                            f"{INDEX_HINT}")
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


def _device(device: str, compute_type: str) -> str:
    """The CTranslate2 device l10n.toml's [engines.argos] asks for (`auto`: CUDA where CTranslate2
    sees a GPU), or an L10nError saying why it cannot run there: CTranslate2's own error would come
    at the first sentence and read like a damaged model."""
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "cuda" and not gpus:
        raise L10nError('[engines.argos] device = "cuda", but CTranslate2 sees no CUDA GPU (no GPU, no driver, or a '
                        'CTranslate2 built without CUDA); set device = "auto" or "cpu" in l10n.toml')
    chosen = "cuda" if device == "cuda" or (device == "auto" and gpus) else "cpu"
    supported = ctranslate2.get_supported_compute_types(chosen)
    if compute_type not in ("auto", "default", *supported):
        raise L10nError(f'[engines.argos] compute_type = "{compute_type}" is not one CTranslate2 computes on {chosen} '
                        f'here; use auto or one of {", ".join(sorted(supported))} in l10n.toml')
    return chosen


def translator(model: Model, root: Path) -> ArgosTranslator:
    """The translator of `model` on the device the project at `root` sets ([engines.argos] in l10n.toml)."""
    from l10n import config

    settings = config.load(root).engines.argos
    return ArgosTranslator(model, device=settings.device, compute_type=settings.compute_type)


class ArgosTranslator:
    """One package's CTranslate2 model and SentencePiece tokenizer, loaded once per run."""

    name = "argos"

    def __init__(self, model: Model, beam_size: int = 2, batch_tokens: int = 2048, device: str = "auto",
                 compute_type: str = "auto"):
        self.model = model.id
        self.beam_size = beam_size
        self.batch_tokens = batch_tokens
        self.device, self.compute_type = device, compute_type
        # as l10n.toml's [engines.argos] says; `auto` is settled when the model is loaded
        self._path = model.path
        self._translator = None  # loaded on the first text to translate: a run served by the cache never pays
        self._tokenizer = None

    def _load_tokenizer(self) -> None:
        import sentencepiece

        # Multilingual packages name a target-language token that must open every output.
        self._prefix = _target_prefix(json.loads((self._path / "metadata.json").read_text(encoding="utf-8")),
                                      self._path / "metadata.json")
        try:
            self._tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(self._path / "sentencepiece.model"))
        except (OSError, RuntimeError) as error:  # random bytes in place of the model: "unknown wire type"
            raise L10nError(f"holds a damaged SentencePiece model ({str(error).splitlines()[0][:120]}); reinstall "
                            f"the package: {INDEX_HINT}", self._path / "sentencepiece.model") from None
        # One worker per core this process may use, one thread each, every batch cut into one part
        # per worker (max_batch_size below: a release's 30 sentences are one batch), which
        # CTranslate2 runs at once: on 2 cores that halves a batch's time, where one worker of 2
        # threads (intra_threads) was slower than 1 thread on a small model, and 15% slower than
        # this on a wide one (python bench/cores.py). The workers share the model's weights.
        # On a GPU one worker takes each batch whole: the GPU runs its sentences at once.
        self._on = _device(self.device, self.compute_type)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        self._workers = cores if self._on == "cpu" else 1

    def _load(self) -> None:
        import ctranslate2

        if self._tokenizer is None:
            self._load_tokenizer()
        try:
            self._translator = ctranslate2.Translator(str(self._path / "model"), device=self._on,
                                                      compute_type=self.compute_type, inter_threads=self._workers,
                                                      intra_threads=1 if self._on == "cpu" else 0)
        except (OSError, RuntimeError, ValueError) as error:
            raise L10nError(f"holds a damaged CTranslate2 model ({str(error).splitlines()[0][:120]}); reinstall "
                            f"the package: {INDEX_HINT}", self._path / "model" / "model.bin") from None

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translations of `texts`, in order: the batches of `plan`, run by `translate_batches`."""
        plan = self.plan(texts)
        results: dict[int, str] = {}
        for (batch, _), outputs in zip(plan, self.translate_batches([([texts[i] for i in batch], parts)
                                                                     for batch, parts in plan])):
            results.update(zip(batch, outputs))
        return [results[i] for i in range(len(texts))]

    def translate_batches(self, batches: Sequence[tuple[Sequence[str], int]]) -> list[list[str]]:
        """Each batch of `plan` (its texts, its parts) as `translate_batch` translates it.

        The batches are handed to CTranslate2 at once (asynchronously) and their results read in
        order: its workers take the parts from one queue, so a worker that finishes its part of a
        batch starts on the next batch instead of waiting for the other's part. The calls are those
        `translate_batch` makes, so the texts are the same (python bench/mt_engine.py: on short
        decodes, waiting per batch cost a quarter of CTranslate2's own speed)."""
        if len(batches) == 1:  # one batch needs no queue
            return [self.translate_batch(*batches[0])]
        queued = [self._submit(texts, parts, asynchronous=True) for texts, parts in batches]
        return [self._decode([output.result() for output in outputs]) for outputs in queued]

    def plan(self, texts: Sequence[str]) -> list[tuple[list[int], int]]:
        """The batches `texts` are translated in, as (their numbers in `texts`, the parts a batch is cut
        into, one per CTranslate2 worker): shortest first, as many as fit `batch_tokens` (a batch's
        size times its longest text, in pieces). Whoever translates a batch (this process, or a Ray
        worker on another machine) gets both, so the same texts give the same bytes anywhere."""
        if not texts:
            return []
        if self._tokenizer is None:
            self._load_tokenizer()
        lengths = [len(self._tokenizer.encode(text, out_type=str)) for text in texts]
        batches: list[list[int]] = []
        for index in sorted(range(len(texts)), key=lengths.__getitem__):
            if batches and (len(batches[-1]) + 1) * lengths[index] <= self.batch_tokens:
                batches[-1].append(index)
            else:
                batches.append([index])
        return [(batch, self._workers) for batch in batches]

    def translate_batch(self, texts: Sequence[str], parts: int) -> list[str]:
        """One batch of `plan`, cut into `parts` that CTranslate2's workers run at once."""
        return self._decode(self._submit(texts, parts))

    def _submit(self, texts: Sequence[str], parts: int, asynchronous: bool = False) -> list:
        """CTranslate2's outputs for one batch of `plan`; with `asynchronous`, handles to wait on."""
        if self._translator is None:
            self._load()
        pieces = [self._tokenizer.encode(text, out_type=str) for text in texts]
        return self._translator.translate_batch(
            pieces,
            target_prefix=[[self._prefix]] * len(pieces) if self._prefix else None,
            replace_unknowns=True,
            length_penalty=0.2,
            beam_size=self.beam_size,
            max_batch_size=-(-len(pieces) // parts),  # a part per worker, run at once
            batch_type="examples",
            max_decoding_length=2 * max(map(len, pieces)) + 10,
            # A soft penalty, not `no_repeat_ngram_size`: that one forbids legitimate repeats,
            # and placeholders share their pieces (`▁for ▁ZX 1` ... `▁for ▁ZX 3` lost its ZX).
            repetition_penalty=1.1,
            **({"asynchronous": True} if asynchronous else {}),
        )

    def _decode(self, outputs: Sequence) -> list[str]:
        # control characters and U+FFFD (what byte-fallback pieces decode to when a model emits an
        # invalid byte sequence) are left to `machine_drafts`, which removes them with a note
        return [self._tokenizer.decode_pieces(output.hypotheses[0][1:] if self._prefix else output.hypotheses[0]).strip()
                for output in outputs]
