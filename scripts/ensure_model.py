"""Train a model unless one already matches the current data, domain, config and patterns.

The model is named after a hash of everything training reads, so "is there a model for
these inputs?" is a file-exists check: a second `make run` with nothing changed starts at once.

    python scripts/ensure_model.py            # prints the model path, training when needed
    python scripts/ensure_model.py --hash     # prints the hash only
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, List

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
TRAINING_INPUTS = ["config.yml", "domain.yml", "data", "spacy_pipeline/patterns.jsonl"]


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
    sys.path.insert(0, str(root))
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


def train(target: Path) -> None:
    rasa = Path(sys.executable).with_name("rasa")
    started = time.monotonic()
    # --force: the spaCy pipeline is cached by name, so a pattern change must not reuse the cache.
    subprocess.run(
        [str(rasa), "train", "--force", "--out", str(MODELS), "--fixed-model-name", target.name[: -len(".tar.gz")]],
        cwd=ROOT,
        check=True,
    )
    print(f"trained {target.relative_to(ROOT)} in {time.monotonic() - started:.0f} s", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hash", action="store_true", help="print the inputs' hash and exit")
    args = parser.parse_args()
    hash_ = inputs_hash(input_files())
    if args.hash:
        print(hash_)
        return 0
    target = model_path(hash_)
    if not target.exists():
        train(target)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
