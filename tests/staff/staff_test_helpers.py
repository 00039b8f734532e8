"""Helpers shared by the staff-tool tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional

ROOT = Path(__file__).resolve().parents[2]
# Settings from the developer's shell that would change what the commands do.
UNSET = ("RASA_TOKEN", "TRANSCRIPT_SALT", "NO_COLOR")


def run_module(
    module: str, *args: str, env: Optional[Dict[str, str]] = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """A staff command as staff run it: a separate process, its output and exit status."""
    environment = {k: v for k, v in os.environ.items() if k not in UNSET}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
