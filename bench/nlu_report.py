"""Intent F1 by cross-validation, written to reports/nlu_f1.md.

Runs `rasa test nlu --cross-validation` on the project's NLU data (the full pipeline, custom
components included) and summarises Rasa's intent report: macro and weighted F1 and the
per-intent figures, weakest first.

    python -m bench.nlu_report [--folds 3]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "nlu_f1.md"


def run_cross_validation(folds: int, out: Path) -> float:
    rasa = Path(sys.executable).with_name("rasa")
    started = time.monotonic()
    subprocess.run(
        [
            str(rasa),
            "test",
            "nlu",
            "--cross-validation",
            "--folds",
            str(folds),
            "--nlu",
            "data",
            "--config",
            "config.yml",
            "--out",
            str(out),
            "--no-plot",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def markdown(report: dict, folds: int, seconds: float) -> str:
    intents = {
        k: v
        for k, v in report.items()
        if isinstance(v, dict) and "f1-score" in v and k not in ("macro avg", "weighted avg", "micro avg")
    }
    lines = [
        "# Intent F1 (cross-validation)",
        "",
        f"- Date: {datetime.date.today().isoformat()}; {folds}-fold cross-validation of `data/nlu/` with `config.yml` "
        f"(`python -m bench.nlu_report`), {seconds:.0f} s.",
        f"- Examples: {sum(int(v['support']) for v in intents.values())} over {len(intents)} intents.",
        f"- **Macro F1 {report['macro avg']['f1-score']:.3f}**, weighted F1 {report['weighted avg']['f1-score']:.3f}, "
        f"accuracy {report.get('accuracy', report.get('micro avg', {}).get('f1-score', 0)):.3f}.",
        "",
        "| intent | precision | recall | F1 | examples |",
        "|---|---|---|---|---|",
    ]
    for name, v in sorted(intents.items(), key=lambda kv: kv[1]["f1-score"]):
        lines.append(
            f"| {name} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} | {int(v['support'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    with tempfile.TemporaryDirectory() as tmp:
        seconds = run_cross_validation(args.folds, Path(tmp))
        report = json.loads((Path(tmp) / "intent_report.json").read_text())
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(markdown(report, args.folds, seconds))
    print(REPORT.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
