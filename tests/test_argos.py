from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
import zipfile
from types import SimpleNamespace

import pytest
from conftest import DATA, ROOT, SEED, unpack
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from l10n import glossary
from l10n.document import read
from l10n.engines import LITERAL, argos, machine_drafts
from l10n.engines.argos import ArgosTranslator, Model, validate
from l10n.errors import L10nError
from l10n.protect import spans
from l10n.segment import segment


def cli(home, *args, **run):
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(home / "packages"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config")}
    env.setdefault("ARGOS_PACKAGE_INDEX", (home / "no-index").as_uri() + "/")
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          env=env, **run)


def contents(folder):
    """Every path under `folder` with the bytes of each file: what "unchanged" compares."""
    return {path.relative_to(folder): path.read_bytes() if path.is_file() else None for path in folder.rglob("*")}


def refused_in_one_line(result, package, message):
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"error: {package}: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr


@pytest.fixture(scope="module")
def zh_model(tiny_packages, tmp_path_factory):
    return Model("en", "zh", "0.1", unpack(tiny_packages["zh"], tmp_path_factory.mktemp("zh")))


# --- validating and installing -----------------------------------------------------------

@pytest.mark.parametrize(("how", "message"), [
    ("zip-slip", "would be written outside the package folder"),
    ("absolute", "would be written outside the package folder"),
    ("no-metadata", "no translate-en_zh-0_1/metadata.json"),
])
def test_tampered_packages_are_refused(tiny_packages, tmp_path, how, message):
    from tiny_argos import tampered

    with pytest.raises(L10nError) as error:
        validate(tampered(tiny_packages["zh"], tmp_path, how))
    assert message in str(error.value)


def test_a_package_for_another_pair_is_refused(tiny_packages):
    with pytest.raises(L10nError) as error:
        validate(tiny_packages["ko"], "zh")
    assert "translates en→ko, not en→zh" in str(error.value)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "model.argosmodel"
    path.write_text("not a zip")
    with pytest.raises(L10nError, match="is not an Argos package"):
        validate(path)


def test_cli_install_from_file_then_list(tiny_packages, tmp_path):
    installed = cli(tmp_path, "models", "install", "zh", "--file", tiny_packages["zh"])
    assert installed.returncode == 0, installed.stderr
    assert "installed Argos en→zh 0.1" in installed.stdout
    assert (tmp_path / "packages" / "translate-en_zh-0_1" / "model" / "model.bin").is_file()
    listed = cli(tmp_path, "models", "list")
    assert "en→zh" in listed.stdout
    assert "ko_KR: no en→ko model; install one with `l10n models install ko`" in listed.stdout


def test_cli_zip_slip_exits_2_and_writes_nothing(tiny_packages, tmp_path):
    from tiny_argos import tampered

    (tmp_path / "in").mkdir()
    bad = tampered(tiny_packages["zh"], tmp_path / "in", "zip-slip")
    result = cli(tmp_path, "models", "install", "--file", bad)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {bad}: refused:") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "in" / "escaped.txt").exists()
    assert not (tmp_path / "packages").exists() or not any((tmp_path / "packages").iterdir())


# Packages an installer must refuse (built by tiny_argos.tampered), with the message that says why.
# Each is refused with one line, through install_file and through the CLI, leaving the packages
# folder (which already holds the good en→zh package) byte for byte as it was.
REFUSED = [
    ("zip-slip", "refused: member 'translate-en_zh-0_1/../../escaped.txt' would be written outside the package folder"),
    ("absolute", "refused: member '/tmp/l10n-escaped.txt' would be written outside the package folder"),
    ("no-metadata", "refused: no translate-en_zh-0_1/metadata.json; this is not an Argos package"),
    ("metadata-list", 'metadata.json must be a JSON object with from_code and to_code strings, not ["en", "zh"]'),
    ("metadata-string", 'metadata.json must be a JSON object with from_code and to_code strings, not "en_zh"'),
    ("metadata-no-codes", "must be a JSON object with from_code and to_code strings, not {\"package_version\": \"0.1\"}"),
    ("metadata-number-code", 'must be a JSON object with from_code and to_code strings, not {"from_code": "en", "to_code": 5}'),
    ("metadata-nested", "refused: translate-en_zh-0_1/metadata.json nests too deeply for metadata"),
    ("zeros", "more than 100:1); a zip bomb, not model weights, which barely compress"),
    ("over-declared", "bytes, more than the 4,294,967,296 a package may take (Argos packages unpack to 100-400 MB)"),
    ("lzma", "refused: member 'translate-en_zh-0_1/model/model.bin' is encrypted or uses compression method 14"),
    ("encrypted", "refused: member 'translate-en_zh-0_1/model/model.bin' is encrypted or uses compression method 8"),
    ("garbage-deflate", "is damaged (Error -3 while decompressing data: invalid block type); download it again"),
    ("bad-crc", "is damaged (Bad CRC-32 for file 'translate-en_zh-0_1/model/model.bin'); download it again"),
    ("under-declared", "is damaged (Bad CRC-32 for file 'translate-en_zh-0_1/model/model.bin'); download it again"),
    ("truncated", "is damaged (member 'translate-en_zh-0_1/metadata.json' lies past the end of the file)"),
    ("cut-in-half", "is not an Argos package (.argosmodel files are zip archives) or is cut short; download it again"),
]


@pytest.fixture(scope="module")
def bad_packages(tiny_packages, tmp_path_factory):
    from tiny_argos import tampered

    out = tmp_path_factory.mktemp("bad")
    return {how: tampered(tiny_packages["zh"], out, how) for how, _ in REFUSED}


@pytest.fixture
def packages(tiny_packages, tmp_path, monkeypatch):
    """A packages folder for install_file that already holds the good en→zh package."""
    folder = tmp_path / "packages"
    unpack(tiny_packages["zh"], folder)
    monkeypatch.setattr(argos, "_settings", lambda: SimpleNamespace(package_data_dir=str(folder)))
    return folder


@pytest.mark.parametrize(("how", "message"), REFUSED)
def test_a_bad_package_is_refused_in_one_line_and_changes_nothing(bad_packages, packages, how, message):
    before = contents(packages)
    with pytest.raises(L10nError) as error:
        argos.install_file(bad_packages[how])
    assert str(error.value).startswith(f"{bad_packages[how]}: ") and message in str(error.value)
    assert "\n" not in str(error.value)
    assert contents(packages) == before  # nothing installed, replaced or left in a staging folder


@pytest.mark.parametrize(("how", "message"), REFUSED)
def test_cli_a_bad_package_exits_2_in_one_line_and_changes_nothing(bad_packages, tiny_packages, tmp_path, how, message):
    unpack(tiny_packages["zh"], tmp_path / "packages")
    before = contents(tmp_path / "packages")
    refused_in_one_line(cli(tmp_path, "models", "install", "zh", "--file", bad_packages[how]), bad_packages[how], message)
    assert contents(tmp_path / "packages") == before


@pytest.mark.parametrize(("part", "message"), [
    ("sentencepiece.model", "holds a damaged SentencePiece model (INTERNAL: could not parse ModelProto"),
    ("model/model.bin", "holds a damaged CTranslate2 model ("),
])
def test_an_installed_package_with_damaged_weights_is_one_line(tiny_packages, tmp_path, part, message):
    """Installing checks the archive, not the weights: a package whose model is random bytes is
    found out when translating starts, and said in one line."""
    folder = unpack(tiny_packages["zh"], tmp_path / "packages")
    (folder / part).write_bytes(bytes(range(256)) * 40)
    (tmp_path / "release.txt").write_text("Acme Bio dosed the first patient.\n", encoding="utf-8")
    result = cli(tmp_path, "translate", tmp_path / "release.txt", "--to", "zh", "--engine", "argos", "-q",
                 "--project", tmp_path)
    refused_in_one_line(result, folder / part, message)


@pytest.mark.parametrize(("bound", "value", "message"), [
    ("MAX_UNPACKED", 100_000, "bytes, more than the 100,000 a package may take"),
    ("MAX_MEMBERS", 3, "refused: 6 members, more than 3; an Argos package holds a handful of files"),
    ("MAX_METADATA", 10, "refused: translate-en_zh-0_1/metadata.json is over 10 bytes"),
])
def test_a_package_over_a_bound_is_refused(tiny_packages, packages, monkeypatch, bound, value, message):
    monkeypatch.setattr(argos, bound, value)
    before = contents(packages)
    with pytest.raises(L10nError) as error:
        argos.install_file(tiny_packages["zh"])
    assert message in str(error.value)
    assert contents(packages) == before


def test_the_running_count_stops_bytes_the_headers_did_not_declare(tiny_packages, packages, monkeypatch):
    # zipfile stops a member at its declared size; a bound below the real size stands for a reader that would not.
    monkeypatch.setattr(argos, "_bound", lambda archive, path: 50_000)
    before = contents(packages)
    with pytest.raises(L10nError, match="refused: unpacks to more than 50,000 bytes, more than its headers declare"):
        argos.install_file(tiny_packages["zh"])
    assert contents(packages) == before


class FullDisk(io.FileIO):
    """A file on a disk with room for 20 KB: model.bin fails halfway, after smaller files went in."""

    def write(self, data):
        if self.tell() + len(data) > 20_000:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.mark.parametrize(("where", "message"), [
    ("write", "cannot be installed: No space left on device; free space in {packages}"),
    ("swap", "cannot be installed: Permission denied; check that {packages} is writable and has room"),
])
def test_a_failed_install_leaves_the_installed_package_as_it_was(tiny_packages, packages, monkeypatch, where, message):
    if where == "write":
        monkeypatch.setattr(argos, "open", FullDisk, raising=False)
    else:  # the old package is moved aside, then the new one cannot take its place
        replace, calls = os.replace, []
        def failing_replace(source, target):
            calls.append(source)
            if len(calls) == 2:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            replace(source, target)
        monkeypatch.setattr(os, "replace", failing_replace)
    before = contents(packages)
    with pytest.raises(L10nError) as error:
        argos.install_file(tiny_packages["zh"])
    assert str(error.value) == f"{tiny_packages['zh']}: " + message.format(packages=packages)
    assert contents(packages) == before


def test_cli_a_failed_write_exits_2_in_one_line_and_changes_nothing(tiny_packages, tmp_path):
    import resource

    def small_files():  # writes past 50 KB fail with EFBIG (Python ignores SIGXFSZ)
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    unpack(tiny_packages["zh"], tmp_path / "packages")
    before = contents(tmp_path / "packages")
    result = cli(tmp_path, "models", "install", "zh", "--file", tiny_packages["zh"], preexec_fn=small_files)
    message = f"cannot be installed: File too large; check that {tmp_path / 'packages'} is writable and has room"
    refused_in_one_line(result, tiny_packages["zh"], message)
    assert contents(tmp_path / "packages") == before


def test_cli_install_from_an_index(tiny_packages, tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    (index / "index.json").write_text(json.dumps([
        {"from_code": "en", "to_code": "ko", "package_version": "0.1", "links": [tiny_packages["ko"].as_uri()]}]))
    result = subprocess.run(
        [sys.executable, "-m", "l10n", "models", "install", "ko"], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"), "XDG_DATA_HOME": str(tmp_path / "data"),
             "ARGOS_PACKAGE_INDEX": index.as_uri() + "/"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "packages" / "translate-en_ko-0_1" / "metadata.json").is_file()


def test_cli_unreachable_index_is_one_clear_line(tmp_path):
    result = cli(tmp_path, "models", "install", "zh")
    assert result.returncode == 2
    assert "cannot reach the Argos package index" in result.stderr
    assert "l10n models install --file PACKAGE.argosmodel" in result.stderr


# --- translating -------------------------------------------------------------------------

def test_batched_translation_returns_one_text_per_input_in_order(zh_model):
    texts = ["XellSmart dosed a patient.", "Short.", "A much longer sentence about the registrational clinical trial " * 3]
    translator = ArgosTranslator(zh_model, batch_tokens=64)
    out = translator.translate(texts)
    assert len(out) == 3 and all(isinstance(t, str) for t in out)
    assert translator.translate([]) == []
    assert not any("▁" in t for t in out)
    assert len(ArgosTranslator(zh_model, batch_tokens=100_000).translate(texts)) == 3


def test_the_batches_are_queued_at_once_and_give_what_one_batch_at_a_time_gives(zh_model):
    """Several batches go to CTranslate2 together (asynchronously), one alone synchronously; either
    way each text's translation is the one its batch of `plan` gives through `translate_batch`,
    what a cluster worker runs."""
    texts = ["XellSmart dosed a patient.", "Short.", "A much longer sentence about the registrational clinical trial " * 3,
             "The trial enrolls 30 patients at five sites.", "Topline data are expected in 2026."]
    translator = ArgosTranslator(zh_model, batch_tokens=64)
    plan = translator.plan(texts)
    assert len(plan) > 1
    one_at_a_time = {}
    for batch, parts in plan:
        one_at_a_time.update(zip(batch, translator.translate_batch([texts[i] for i in batch], parts)))
    asked = []
    real = translator._translator

    class Recording:
        def translate_batch(self, pieces, **options):
            asked.append(options.get("asynchronous", False))
            return real.translate_batch(pieces, **options)

    translator._translator = Recording()
    assert translator.translate(texts) == [one_at_a_time[i] for i in range(len(texts))]
    assert asked == [True] * len(plan)
    asked.clear()
    assert translator.translate(texts[:1]) == translator.translate_batch(texts[:1], translator._workers)
    assert asked == [False, False]


@pytest.mark.slow
def test_every_literal_span_is_in_the_draft_or_noted(zh_model):
    terms = glossary.load([DATA / "glossary" / "small.csv"])
    units = [u for u in segment(read(SEED)) if u.kind != "contact"]
    matches = [terms.find(u.text) for u in units]
    drafts = machine_drafts(ArgosTranslator(zh_model), [u.text for u in units], matches, "zh_CN")
    assert len(drafts) == len(units)
    for unit, found, draft in zip(units, matches, drafts):
        literal = [s.value for s in spans(unit.text, found, "zh_CN") if s.kind in LITERAL]
        assert all(value in draft.text for value in literal) or draft.notes, unit.text
        assert draft.fuzzy and draft.engine == "argos" and draft.model == "en→zh 0.1"


@pytest.fixture(scope="module")
def copy_model(tmp_path_factory):
    from tiny_argos import build

    out = tmp_path_factory.mktemp("copy")
    return Model("en", "zh", "copy", unpack(build(out, "zh", copy=True, version="copy"), out / "packages"))


def test_the_copy_model_returns_its_input(copy_model):
    texts = ["XellSmart dosed ZX0 patients for ZX1 in ZX2.", "士泽生物完成ZX0给药。"]
    assert ArgosTranslator(copy_model).translate(texts) == texts


@pytest.mark.slow
def test_placeholders_survive_a_real_ctranslate2_path(copy_model):
    """Masking, SentencePiece, CTranslate2 and decoding end to end: with a model that copies, every
    unit comes back with each protected span restored and no fallback note."""
    terms = glossary.load([DATA / "glossary" / "small.csv"])
    units = [u for u in segment(read(SEED)) if u.kind != "contact"]
    matches = [terms.find(u.text) for u in units]
    drafts = machine_drafts(ArgosTranslator(copy_model), [u.text for u in units], matches, "zh_CN")
    for unit, found, draft in zip(units, matches, drafts):
        assert draft.notes == (), (unit.text, draft)
        expected = unit.text
        for span in reversed(spans(unit.text, found, "zh_CN")):
            expected = expected[:span.start] + span.value + expected[span.end:]
        assert draft.text == expected


# Fuzzing package files: any bytes an .argosmodel may hold install cleanly or are refused in one
# line, and a package that installs translates or says in one line what is wrong with it.

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)


DAMAGE = st.one_of(
    st.tuples(st.just("flip"), st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)),
                                        min_size=1, max_size=8)),
    st.tuples(st.just("cut"), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("metadata"), st.dictionaries(st.sampled_from(["from_code", "to_code", "package_version",
                                                                    "target_prefix"]), JSON, max_size=2)))


def damaged(good: bytes, damage) -> bytes:
    """A package's bytes with flipped bytes, a cut, or fields of its metadata replaced by any JSON
    (`damage` says which and where, so a failing example prints small)."""
    how, what = damage
    if how == "metadata":
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
            for member in source.namelist():
                data = source.read(member)
                zipped.writestr(member, json.dumps({**json.loads(data), **what}).encode()
                                if member.endswith("metadata.json") else data)
        return out.getvalue()
    if how == "cut":
        return good[:int(what * len(good))]
    data = bytearray(good)
    for where, xor in what:
        data[int(where * len(data))] ^= xor
    return bytes(data)


@pytest.mark.slow
def test_any_package_file_installs_and_translates_or_is_one_line(tiny_packages, tmp_path_factory, monkeypatch):
    good = tiny_packages["zh"].read_bytes()
    folder = tmp_path_factory.mktemp("fuzzed")
    monkeypatch.setattr(argos, "_settings", lambda: SimpleNamespace(package_data_dir=str(folder / "packages")))
    (folder / "packages").mkdir()

    @given(damage=DAMAGE)
    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
    @example(damage=("metadata", {"target_prefix": [0]}))  # reached CTranslate2 as a list: TypeError
    def check(damage):
        path = folder / "fuzzed.argosmodel"
        path.write_bytes(damaged(good, damage))
        try:
            model = argos.install_file(path, "zh")
        except L10nError as error:
            assert "\n" not in str(error) and str(error).startswith(f"{path}: ")
            return
        try:
            assert all(isinstance(text, str) for text in ArgosTranslator(model).translate(["Acme dosed a patient."]))
        except L10nError as error:
            assert "\n" not in str(error)

    check()


# --- where CTranslate2 runs ([engines.argos] device and compute_type) -----------------------

TEXTS = ["XellSmart dosed a patient.", "Short.", "The registrational clinical trial enrolled its first patient."]


@pytest.mark.parametrize("compute_type", ["auto", "int8", "float32"])
def test_auto_runs_on_the_cpu_where_ctranslate2_sees_no_gpu(zh_model, compute_type):
    import ctranslate2

    assert ctranslate2.get_cuda_device_count() == 0  # this test is about a machine without a GPU
    translator = ArgosTranslator(zh_model, device="auto", compute_type=compute_type)
    assert len(translator.translate(TEXTS)) == 3 and translator._translator.device == "cpu"


def test_cuda_without_a_gpu_is_one_line_saying_what_to_set(zh_model):
    with pytest.raises(L10nError) as error:
        ArgosTranslator(zh_model, device="cuda").translate(TEXTS)
    assert str(error.value) == ('[engines.argos] device = "cuda", but CTranslate2 sees no CUDA GPU (no GPU, no driver, '
                                'or a CTranslate2 built without CUDA); set device = "auto" or "cpu" in l10n.toml')


def test_a_compute_type_the_device_lacks_is_one_line(zh_model):
    import ctranslate2

    lacking = next(t for t in ("float16", "bfloat16", "int8_float16", "int16") if t not in
                   ctranslate2.get_supported_compute_types("cpu"))
    with pytest.raises(L10nError, match=rf'compute_type = "{lacking}" is not one CTranslate2 computes on cpu here; '
                                        "use auto or one of"):
        ArgosTranslator(zh_model, compute_type=lacking).translate(TEXTS)


@pytest.mark.parametrize("device", ["auto", "cuda"])
def test_a_gpu_gets_the_model_once_with_whole_batches(zh_model, monkeypatch, device):
    """The CUDA path, run on the CPU: CTranslate2 is made to report a GPU, and the Translator it is
    asked for is recorded, then built on the CPU (no GPU here)."""
    import ctranslate2

    asked = []
    real = ctranslate2.Translator

    def recording(path, **options):
        asked.append(options)
        return real(path, **{**options, "device": "cpu", "compute_type": "auto"})

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    monkeypatch.setattr(ctranslate2, "get_supported_compute_types",
                        lambda device: {"float32", "int8", "int8_float16", "float16"})
    monkeypatch.setattr(ctranslate2, "Translator", recording)
    translator = ArgosTranslator(zh_model, device=device, compute_type="int8_float16")
    assert len(translator.translate(TEXTS)) == 3 and len(translator.translate(TEXTS[:1])) == 1
    assert asked == [{"device": "cuda", "compute_type": "int8_float16", "inter_threads": 1, "intra_threads": 0}]


def test_the_projects_settings_reach_the_translator(zh_model, tmp_path):
    (tmp_path / "l10n.toml").write_text('[engines.argos]\ndevice = "cpu"\ncompute_type = "int8"\n')
    translator = argos.translator(zh_model, tmp_path)
    assert (translator.device, translator.compute_type) == ("cpu", "int8")
    assert len(translator.translate(TEXTS)) == 3 and translator._translator.compute_type.startswith("int8")
