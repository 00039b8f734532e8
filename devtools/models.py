"""Which trained model belongs to the current inputs: the model is named after a hash of
everything training reads (config, domain, data, EntityRuler patterns, sentence encoder).

Used by scripts/setup/ensure_model.py (trains when the model is missing), the servers started by
devtools.servers, and the tests.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, List

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
# components/shorthand.py: its table changes what the training examples are embedded as.
TRAINING_INPUTS = ["config.yml", "domain.yml", "data", "spacy_pipeline/patterns.jsonl", "components/shorthand.py"]


def input_files(root: Path = ROOT) -> List[Path]:
    files: List[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return files


def encoder_fingerprint(root: Path = ROOT) -> str:
    """The installed sentence encoder's fingerprint when config.yml uses it, else "".

    A model trained with another encoder refuses to load (components/sentence_encoder.py), so
    a new encoder must mean a new model.
    """
    if "components.sentence_encoder." not in (root / "config.yml").read_text(encoding="utf-8"):
        return ""
    from components.encoder_runtime import SentenceEncoderError, default_encoder_dir
    from components.encoder_runtime import encoder_fingerprint as fingerprint
    from components.encoder_runtime import read_manifest

    try:
        return fingerprint(read_manifest(default_encoder_dir()))
    except SentenceEncoderError:
        return ""  # training then fails and says how to build it


def inputs_hash(files: Iterable[Path], root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    digest.update(encoder_fingerprint(root).encode())
    return digest.hexdigest()[:12]


def model_path(hash_: str) -> Path:
    return MODELS / f"baclofen-{hash_}.tar.gz"


def latest_model() -> Path:
    """The model for the current inputs (made by `make train`), else the newest one in models/.

    Raises RuntimeError when models/ has none. Tests never train: `make test` trains first, so
    parallel test processes cannot race.
    """
    current = model_path(inputs_hash(input_files()))
    if current.exists():
        return current
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model in models/: run `make train` first")
    return models[-1]
