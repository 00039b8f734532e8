"""Benchmark the baclofen assistant against the stock `rasa init` bot on this machine.

For both bots: full training time, cold start until the REST channel answers, resident memory,
sequential turn latency, and throughput/latency at 20 and 50 concurrent conversations of five
REST turns each (ours with its action server in the loop). Load runs are repeated and medians
quoted. The table goes to stdout and between the bench markers of BENCHMARKS.md; the rest of
that file (the hand-written "Changes and their effect") is kept.

    .venv/bin/python -m bench                   # full run (`make bench`), trains both bots
    .venv/bin/python -m bench --skip-training   # reuse the models of the last full run
    .venv/bin/python -m bench --quick           # smoke run for `make test`: ours only,
                                                        # newest model, no training, no file written
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

from bench import cpu_profile, support
from bench.bots import OUR_MEDICAL_TURNS, OUR_TURNS, ROOT, WORK_DIR, Bot, prepare_ours, prepare_stock
from bench.figures import Plan
from bench.measure import measure
from bench.report import report
from devtools.models import latest_model

BENCHMARKS_FILE = ROOT / "BENCHMARKS.md"
CONCURRENCY_LEVELS = (20, 50)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="ours only, newest model, no training, one short run; writes no file"
    )
    parser.add_argument(
        "--skip-training",
        action="store_true",
        help="reuse the models of the last full run in build/bench/ (trains what is missing)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="interleaved runs, each a share of the sequential turns and one burst per level (default 3)",
    )
    parser.add_argument("--sequential-turns", type=int, default=200, help="sequential turns (default 200)")
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default BENCHMARKS.md; --quick writes only when this is given)",
    )
    parser.add_argument("--note", default="", help="a line added to the report, e.g. about machine load")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also py-spy each Rasa server during an extra 20-conversation burst (needs py-spy)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.sequential_turns < 1:
        parser.error("--runs and --sequential-turns must be at least 1")
    if args.output is not None and not args.output.resolve().parent.is_dir():
        parser.error(f"--output: no folder {args.output.resolve().parent}")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    load_start = support.load_average()
    # The note is quoted in full below the command; here it would only make the line unreadable.
    shown_args = ['"…"' if a == args.note and a else a for a in (argv if argv is not None else sys.argv[1:])]
    command = " ".join(["python -m bench", *shown_args])
    if args.profile and cpu_profile.py_spy() is None:
        print("error: --profile needs py-spy: .venv/bin/python -m pip install py-spy", file=sys.stderr)
        return 1
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    log_dir = Path(tempfile.mkdtemp(prefix="bench-logs-")) if args.quick else WORK_DIR / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)

    if args.quick:
        try:
            model = latest_model()
        except RuntimeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        ours_bot = Bot("ours", model, ROOT / "credentials.yml", None, OUR_TURNS, OUR_MEDICAL_TURNS, True)
        plan = Plan(1, 10, 1, (5,), 5 if args.profile else None)
        bots = [ours_bot]
    else:
        plan = Plan(2, args.sequential_turns, args.runs, CONCURRENCY_LEVELS, 20 if args.profile else None)

    try:
        if not args.quick:
            bots = [prepare_ours(args.skip_training, log_dir), prepare_stock(args.skip_training, log_dir)]
        results = measure(bots, plan, log_dir)
    except (RuntimeError, TimeoutError, subprocess.CalledProcessError) as error:
        print(f"error: {error}\n(server logs in {log_dir})", file=sys.stderr)
        return 1
    ours, stock = results["ours"], results.get("stock")
    text = report(bots, ours, stock, plan, load_start, args.note, command.strip())
    print()
    print(text)

    output = args.output if (args.output or args.quick) else BENCHMARKS_FILE
    if output is not None:
        existing = output.read_text(encoding="utf-8") if output.exists() else None
        try:
            output.write_text(support.replace_generated_section(existing, text), encoding="utf-8")
        except (ValueError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"written to {output}")
    if args.quick:
        shutil.rmtree(log_dir, ignore_errors=True)

    failed = [name for name, figures in results.items() if figures.errors]
    if failed:
        print(
            f"error: turns failed for {', '.join(failed)}: the figures do not hold (logs in {log_dir})", file=sys.stderr
        )
        return 2
    if ours.medical_turns and not ours.medical_turns_with_disclaimer:
        print("error: no medical answer carried a disclaimer: the action server was not in the loop", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
