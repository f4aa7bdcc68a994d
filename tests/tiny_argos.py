"""Tiny Argos packages built at test time: random weights, a small SentencePiece model.

They exercise the real install-and-translate path (zip, metadata, CTranslate2, SentencePiece)
without a download; their output is noise, so tests assert structure, not wording.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

CORPUS = [
    "XellSmart completed the first patient dosing in its registrational clinical trial.",
    "For funding and BD cooperation, please contact: BD@xellsmart.com",
    "士泽生物完成注册临床试验首例患者给药。",
    "척수손상 환자를 대상으로 한 임상시험이다.",
    "ZX0 ZX1 ZX2 ZX3 ZX4 ZX5 ZX6 ZX7 ZX8 ZX9 ZX10 ZX11",
]


def sentencepiece_model() -> bytes:
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 20), model_writer=model, vocab_size=400, character_coverage=1.0,
        byte_fallback=True, hard_vocab_limit=False, minloglevel=2,
    )
    return model.getvalue()


def ctranslate2_model(folder: Path, vocabulary: list[str], seed: int, width: int = 16) -> None:
    """A one-layer Transformer with random weights, saved in CTranslate2's format."""
    from ctranslate2 import specs

    rng = np.random.default_rng(seed)

    def weights(*shape):
        return (rng.standard_normal(shape) * 0.1).astype(np.float32)

    spec = specs.TransformerSpec.from_config(1, 2)
    _norms(spec, width)
    size, inner = len(vocabulary), 2 * width
    spec.encoder.embeddings[0].weight = weights(size, width)
    spec.decoder.embeddings.weight = weights(size, width)
    spec.decoder.projection.weight = weights(size, width)
    for layer in (*spec.encoder.layer, *spec.decoder.layer):
        layer.self_attention.linear[0].weight = weights(3 * width, width)
        layer.self_attention.linear[1].weight = weights(width, width)
        layer.ffn.linear_0.weight = weights(inner, width)
        layer.ffn.linear_1.weight = weights(width, inner)
    for layer in spec.decoder.layer:
        layer.attention.linear[0].weight = weights(width, width)
        layer.attention.linear[1].weight = weights(2 * width, width)
        layer.attention.linear[2].weight = weights(width, width)
    _save(spec, folder, vocabulary)


def copy_model(folder: Path, vocabulary: list[str], positions: int = 512) -> None:
    """A Transformer wired by hand to copy its input: its output is the source, token for token.

    Embeddings are one-hot: token identity in the first dimensions, position in the rest (learned
    position encodings). Every layer adds nothing but the decoder's cross-attention, whose
    queries and keys are the positions (so step t attends to source token t) and whose values
    are the token identities; the output projection reads them back. Layer norms only shift and
    scale these one-hot vectors, which keeps the argmax. The source gets `</s>`, so decoding
    stops where the source does.
    """
    from ctranslate2 import specs

    size = len(vocabulary)
    width = size + positions

    def zeros(*shape):
        return np.zeros(shape, np.float32)

    def one_hot(rows, offset):
        matrix = zeros(rows, width)
        matrix[np.arange(rows), offset + np.arange(rows)] = 1.0
        return matrix

    spec = specs.TransformerSpec.from_config(1, 1)
    spec.config.add_source_eos = True
    _norms(spec, width)
    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
        side.position_encodings.encodings = one_hot(positions, size)
    spec.encoder.embeddings[0].weight = one_hot(size, 0)
    spec.decoder.embeddings.weight = one_hot(size, 0)
    spec.decoder.projection.weight = one_hot(size, 0)
    for layer in (*spec.encoder.layer, *spec.decoder.layer):
        layer.self_attention.linear[0].weight = zeros(3 * width, width)
        layer.self_attention.linear[1].weight = zeros(width, width)
        layer.ffn.linear_0.weight = zeros(1, width)
        layer.ffn.linear_1.weight = zeros(width, 1)
    for layer in spec.decoder.layer:
        queries, keys_values, output = zeros(width, width), zeros(2 * width, width), zeros(width, width)
        queries[size:, size:] = np.eye(positions) * 60.0  # sharp attention on the same position
        keys_values[size:width, size:] = np.eye(positions)
        keys_values[width:width + size, :size] = np.eye(size)
        output[:size, :size] = np.eye(size) * 20.0  # the copied token outweighs the decoder's own
        layer.attention.linear[0].weight, layer.attention.linear[1].weight = queries, keys_values
        layer.attention.linear[2].weight = output
    _save(spec, folder, vocabulary)


def _norms(spec, width: int) -> None:
    from ctranslate2 import specs

    for name, value in list(vars(spec).items()):
        if isinstance(value, specs.model_spec.LayerSpec):
            _norms(value, width)
        elif isinstance(value, list) and value and isinstance(value[0], specs.model_spec.LayerSpec):
            for layer in value:
                _norms(layer, width)
        elif value is None and name in ("gamma", "beta"):
            setattr(spec, name, (np.ones if name == "gamma" else np.zeros)(width, np.float32))


def _save(spec, folder: Path, vocabulary: list[str]) -> None:
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=None)
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))


def build(out: Path, to_code: str, seed: int = 0, version: str = "0.1", copy: bool = False) -> Path:
    """`out/translate-en_<to>-<version>.argosmodel`, a real Argos package archive: random
    weights, or with `copy` the hand-wired model that returns its input."""
    import sentencepiece

    name = f"translate-en_{to_code}-{version.replace('.', '_')}"
    model = out / "build" / name
    spm = sentencepiece_model()
    processor = sentencepiece.SentencePieceProcessor(model_proto=spm)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    if copy:
        copy_model(model / "model", vocabulary)
    else:
        ctranslate2_model(model / "model", vocabulary, seed)
    (model / "sentencepiece.model").write_bytes(spm)
    (model / "metadata.json").write_text(json.dumps({
        "package_version": version, "argos_version": "1.9.0", "from_code": "en", "from_name": "English",
        "to_code": to_code, "to_name": to_code, "package_type": "translate",
    }))
    archive = out / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(model.rglob("*")):
            zipped.write(path, f"{name}/{path.relative_to(model)}")
    return archive


# metadata.json contents that are valid JSON but no Argos metadata
METADATA = {
    "metadata-list": b'["en", "zh"]',
    "metadata-string": b'"en_zh"',
    "metadata-no-codes": b'{"package_version": "0.1"}',
    "metadata-number-code": b'{"from_code": "en", "to_code": 5}',
    "metadata-nested": b"[" * 300_000 + b"]" * 300_000,
}


def tampered(good: Path, out: Path, how: str) -> Path:
    """A copy of a good package that an installer must refuse (deflated, as real packages are).

    Beyond bad members and metadata: `zeros` holds 200 MB of zeros in a ~200 KB model.bin, `lzma`
    and `encrypted` a model.bin compressed or encrypted as Argos packages never are; the
    damaged copies have garbage in model.bin's deflate stream (`garbage-deflate`), a wrong CRC
    (`bad-crc`), a chunk cut out of the middle of the file (`truncated`), its first half only
    (`cut-in-half`), or a central directory that declares 1 byte (`under-declared`) or 8 GiB
    (`over-declared`) for what really unpacks to 340 KB.
    """
    path = out / f"{how}.argosmodel"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        folder = source.namelist()[0].split("/")[0]
        for member in source.namelist():
            if how == "no-metadata" and member.endswith("metadata.json"):
                continue
            if how == "zeros" and member.endswith("model.bin"):
                with zipped.open(member, "w") as bomb:
                    for _ in range(200):
                        bomb.write(bytes(1 << 20))
                continue
            data = METADATA.get(how, source.read(member)) if member.endswith("metadata.json") else source.read(member)
            lzma = how == "lzma" and member.endswith("model.bin")
            zipped.writestr(member, data, compress_type=zipfile.ZIP_LZMA if lzma else None)
        if how == "zip-slip":
            zipped.writestr(f"{folder}/../../escaped.txt", "written outside the package folder")
        if how == "absolute":
            zipped.writestr("/tmp/l10n-escaped.txt", "written outside the package folder")
    raw = bytearray(path.read_bytes())
    model = f"{folder}/model/model.bin".encode()
    entry = raw.rindex(model) - 46  # model.bin's central directory entry: the last place its name is
    with zipfile.ZipFile(path) as zipped:
        offset = zipped.getinfo(model.decode()).header_offset
    data = offset + 30 + len(model) + int.from_bytes(raw[offset + 28:offset + 30], "little")
    if how == "garbage-deflate":
        raw[data:data + 64] = b"\xff" * 64  # a deflate block of the reserved type
    if how == "bad-crc":
        raw[entry + 16] ^= 1
    if how == "encrypted":
        raw[entry + 8] |= 1  # the general purpose flag's "encrypted" bit
    if how == "truncated":
        del raw[data + 100:data + 5000]
    if how == "cut-in-half":
        del raw[len(raw) // 2:]
    if how in ("under-declared", "over-declared"):
        for name in (model, f"{folder}/sentencepiece.model".encode()):
            at = raw.rindex(name) - 46 + 24  # the uncompressed size in the central directory
            raw[at:at + 4] = (1 if how == "under-declared" else 0xFFFFFFFE).to_bytes(4, "little")
    path.write_bytes(raw)
    return path
