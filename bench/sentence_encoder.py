"""Cost of one sentence embedding (ms per message), by route, for BENCHMARKS.md.

Routes, each in its own process so that its thread settings hold:
- `eager`: transformers' TFBertModel called eagerly (the reference), numpy mean pooling;
- `tf.function`: the same model and pooling in a `tf.function` with a fixed input signature;
- `onnx`: the installed run-time encoder (components/encoder_runtime.py: tokenizers +
  onnxruntime), what Rasa runs.

Messages: short (~10 word pieces), typical (four forum-style messages of 20-40 words, 37-50
pieces) and long (past the 256-piece cap). One message at a time, as in a conversation turn;
tokenisation included. Needs the built encoder (`make install`).

    python -m bench.sentence_encoder [--threads 1 2] [--routes eager tf.function onnx]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPICAL = [
    (
        "I've been taking baclofen 10mg three times a day for my MS spasticity for about two months now and "
        "lately I feel really dizzy and tired in the afternoons, is that normal or should I talk to my doctor"
    ),
    (
        "my husband has a spinal cord injury and his doctor wants him to try baclofen for the spasms in his "
        "legs at night, what side effects should we be watching out for"
    ),
    (
        "hi there, quick question, can I have a glass of wine with dinner while I'm on baclofen or is that a "
        "bad idea because of the drowsiness thing"
    ),
    (
        "so my mum forgot her evening dose of baclofen yesterday and now she's not sure if she should take "
        "two tonight to catch up or just carry on as normal"
    ),
]
MESSAGES = {"short": ["can I drink alcohol on baclofen"], "typical": TYPICAL, "long": [" ".join(TYPICAL * 2)]}
CALLS = {"eager": 30, "tf.function": 100, "onnx": 200}


def measure(route: str, threads: int) -> dict:
    """Runs in the child process: p50 and p90 in ms per message, for each message kind."""
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from components.encoder_runtime import SentenceEncoder, default_encoder_dir

    encoder = SentenceEncoder.load(threads=threads)
    if route == "onnx":

        def embed(text: str) -> object:
            return encoder.encode_one(text)
    else:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
        from transformers import TFBertModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        model = TFBertModel.from_pretrained(str(default_encoder_dir() / "weights"))

        def pooled(ids: object, mask: object) -> object:
            hidden = model(input_ids=ids, attention_mask=mask, training=False).last_hidden_state
            weights = tf.cast(mask, hidden.dtype)[:, :, None]
            mean = tf.reduce_sum(hidden * weights, 1) / tf.maximum(tf.reduce_sum(weights, 1), 1e-9)
            return tf.math.l2_normalize(mean, axis=1)

        if route == "tf.function":
            spec = [tf.TensorSpec([None, None], tf.int32)] * 2
            pooled = tf.function(pooled, input_signature=spec)

        def embed(text: str) -> object:
            ids = np.array([encoder.token_ids(text)], dtype=np.int32)
            return pooled(ids, np.ones_like(ids)).numpy()[0]

    started = time.perf_counter()
    embed("warm up")
    result = {"first_call_s": round(time.perf_counter() - started, 2)}
    for kind, texts in MESSAGES.items():
        for text in texts[:3]:
            embed(text)
        times = []
        for i in range(CALLS[route]):
            begin = time.perf_counter()
            embed(texts[i % len(texts)])
            times.append((time.perf_counter() - begin) * 1000)
        times.sort()
        pieces = statistics.mean(len(encoder.token_ids(t)) for t in texts)
        result[kind] = {
            "pieces": round(pieces),
            "p50_ms": round(statistics.median(times), 1),
            "p90_ms": round(times[int(0.9 * len(times))], 1),
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--routes", nargs="+", default=["eager", "tf.function", "onnx"], choices=list(CALLS))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return 0
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("| route | threads | first call (s) | " + " | ".join(f"{k} p50 / p90 (ms)" for k in MESSAGES) + " |")
    print("|---|---|---|" + "---|" * len(MESSAGES))
    for threads in args.threads:
        for route in args.routes:
            child = subprocess.run(
                [sys.executable, __file__, "--child", route, str(threads)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            if child.returncode != 0:
                print(f"| {route} | {threads} | failed: {child.stderr.strip().splitlines()[-1]} |")
                continue
            r = json.loads(child.stdout.strip().splitlines()[-1])
            cells = " | ".join(f"{r[k]['p50_ms']} / {r[k]['p90_ms']} ({r[k]['pieces']} pieces)" for k in MESSAGES)
            print(f"| {route} | {threads} | {r['first_call_s']} | {cells} |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
