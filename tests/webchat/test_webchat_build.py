"""widget.js is the esbuild bundle of webchat/src/ (committed, so sites and the demo server need no
build step); this checks it is fresh, and that the widget's defaults match the server settings
they describe."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from tests.support.servers import ROOT

WEBCHAT = ROOT / "webchat"


def widget_default(name: str) -> int:
    match = re.search(rf"^\s*{name}: (\d+),", (WEBCHAT / "src" / "config.js").read_text(encoding="utf-8"), re.M)
    assert match, f"no default for {name} in webchat/src/config.js"
    return int(match.group(1))


def test_widget_js_is_the_bundle_of_the_sources() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: apt-get install -y nodejs npm")
    if not (WEBCHAT / "node_modules" / "esbuild").is_dir():
        pytest.fail("esbuild is missing: run `npm ci` in webchat/")
    result = subprocess.run([node, "build.mjs", "--check"], cwd=WEBCHAT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_browser_forgets_the_conversation_when_rasa_starts_a_new_session() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert widget_default("sessionMinutes") == domain["session_config"]["session_expiration_time"]
