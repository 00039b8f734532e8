"""Measurement helpers for scripts/bench.py: memory of a process tree, percentiles, the machine,
versions, and rewriting only the generated part of BENCHMARKS.md.
"""
from __future__ import annotations

import os
import platform
import re
import statistics
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

START_MARKER = "<!-- bench:start -->"
END_MARKER = "<!-- bench:end -->"


# --- memory -----------------------------------------------------------------------------------

def _parent_pid(pid: int) -> Optional[int]:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: the parent pid follows the last ")".
    return int(stat[stat.rindex(")") + 2:].split()[1])


def process_tree(root_pid: int) -> List[int]:
    """root_pid and all its living descendants."""
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            parent = _parent_pid(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [root_pid]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


def rss_mib(pid: int) -> Optional[float]:
    """VmRSS of one process in MiB, None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else None


def tree_rss_mib(root_pid: int) -> float:
    """Resident memory of a process and its descendants (what the server costs in RAM)."""
    return sum(rss or 0.0 for rss in (rss_mib(pid) for pid in process_tree(root_pid)))


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
    text = Path("/proc/meminfo").read_text()
    match = re.search(r"^MemTotal:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) / 1024 / 1024 if match else float("nan")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
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

(Hand-written, kept by `scripts/bench.py`: what was changed, and what the figures did.)
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
    return existing[:start] + block + existing[end + len(END_MARKER):]
