"""Train a model unless one already matches the current data, domain, config and patterns.

The model is named after a hash of everything training reads, so "is there a model for
these inputs?" is a file-exists check: a second `make run` with nothing changed starts at once.

    python scripts/setup/ensure_model.py            # prints the model path, training when needed
    python scripts/setup/ensure_model.py --hash     # prints the hash only
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from devtools.models import MODELS, input_files, inputs_hash, model_path  # noqa: E402


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
