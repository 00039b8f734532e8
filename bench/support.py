"""Measurement helpers for the benchmark (python -m bench): memory of a process tree, percentiles, the machine,
versions, and rewriting only the generated part of BENCHMARKS.md.
"""

from __future__ import annotations

import os
import platform
import statistics
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Dict, Iterable, Optional, Sequence

import psutil

START_MARKER = "<!-- bench:start -->"
END_MARKER = "<!-- bench:end -->"


# --- memory -----------------------------------------------------------------------------------


def tree_rss_mib(root_pid: int) -> float:
    """Resident memory (RSS, MiB) of a process and its living descendants: what the server costs
    in RAM. 0.0 once the process has gone."""
    try:
        root = psutil.Process(root_pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass  # exited between the listing and the reading
    return total / 1024 / 1024


# --- statistics -------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (numpy's default), fraction in [0, 1]."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


# --- the machine and the software ------------------------------------------------------------


def memory_total_gib() -> float:
    return psutil.virtual_memory().total / 1024**3


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> str:
    one, five, fifteen = psutil.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> Dict[str, str]:
    return {
        "python": platform.python_version(),
        "rasa": package_version("rasa"),
        "rasa-sdk": package_version("rasa-sdk"),
        "tensorflow": package_version("tensorflow"),
    }


def machine_summary() -> Dict[str, str]:
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "memory": f"{memory_total_gib():.1f} GiB",
        "cpu": cpu_model(),
    }


# --- BENCHMARKS.md -----------------------------------------------------------------------------

HAND_WRITTEN_STUB = """
## Changes and their effect

(Hand-written, kept by `python -m bench`: what was changed, and what the figures did.)
"""


def replace_generated_section(existing: Optional[str], generated: str) -> str:
    """The file with only the part between the bench markers replaced; everything else kept.

    A new file gets a title, the generated part and a stub for the hand-written section.
    """
    block = f"{START_MARKER}\n{generated.strip()}\n{END_MARKER}"
    if existing is None:
        return f"# Benchmarks\n\n{block}\n{HAND_WRITTEN_STUB}"
    start, end = existing.find(START_MARKER), existing.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(
            f"BENCHMARKS.md has no {START_MARKER} ... {END_MARKER} pair; "
            "put the two markers where the generated figures belong"
        )
    return existing[:start] + block + existing[end + len(END_MARKER) :]
