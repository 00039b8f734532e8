"""Runs Rasa's own test stories (tests/stories/) against the trained model.

`rasa test core` parses each story's user text with the model's NLU pipeline and checks
both the predicted intent and every predicted action; any mistake fails the run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.servers import ROOT, VENV_BIN, latest_model

pytestmark = pytest.mark.slow  # `rasa test core` loads the model: about 25 s


def test_all_rasa_test_stories_pass(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(VENV_BIN / "rasa"),
            "test",
            "core",
            "--stories",
            str(ROOT / "tests" / "stories"),
            "--model",
            str(latest_model()),
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, details
