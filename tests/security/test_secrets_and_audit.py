"""scripts/setup/make_secrets.py (tokens made once, kept private) and scripts/ops/audit.py (fails
clearly without the vulnerability service, never passes by skipping packages)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.servers import ROOT, free_port

from scripts.ops import audit  # noqa: E402
from scripts.setup import make_secrets  # noqa: E402


def test_secrets_are_made_once_private_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secrets.env"
    added = make_secrets.ensure_secrets(path)
    assert set(added) == {"RASA_API_TOKEN", "ACTION_SERVER_TOKEN"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    values = make_secrets.read_assignments(path)
    assert values == added and values["RASA_API_TOKEN"] != values["ACTION_SERVER_TOKEN"]
    assert all(make_secrets.TOKEN_PATTERN.fullmatch(v) for v in values.values())
    # A second run keeps them; a missing one is added without touching the other.
    assert make_secrets.ensure_secrets(path) == {}
    path.write_text(f"RASA_API_TOKEN={values['RASA_API_TOKEN']}\n")
    assert set(make_secrets.ensure_secrets(path)) == {"ACTION_SERVER_TOKEN"}
    assert make_secrets.read_assignments(path)["RASA_API_TOKEN"] == values["RASA_API_TOKEN"]


def test_a_weak_token_in_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secrets.env"
    path.write_text("RASA_API_TOKEN=changeme\n")
    with pytest.raises(make_secrets.SecretsFileError, match="at least 32 characters"):
        make_secrets.ensure_secrets(path)


def test_the_script_prints_no_token_and_the_file_is_sourceable(tmp_path: Path) -> None:
    path = tmp_path / "secrets.env"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "setup" / "make_secrets.py"), "--path", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    tokens = make_secrets.read_assignments(path).values()
    assert not any(token in result.stdout + result.stderr for token in tokens)
    sourced = subprocess.run(
        ["bash", "-c", f'set -a; . "{path}"; set +a; echo "$ACTION_SERVER_TOKEN"'],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert sourced.stdout.strip() == make_secrets.read_assignments(path)["ACTION_SERVER_TOKEN"]


def test_the_default_secrets_file_is_git_ignored() -> None:
    assert make_secrets.is_git_ignored(make_secrets.DEFAULT_PATH)


def test_the_audit_fails_clearly_when_the_service_is_unreachable() -> None:
    # A proxy that is not there: the service check cannot reach anything.
    proxy = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "HTTPS_PROXY": proxy, "https_proxy": proxy, "HTTP_PROXY": proxy, "http_proxy": proxy}
    env.pop("NO_PROXY", None), env.pop("no_proxy", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ops" / "audit.py")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    assert audit.OFFLINE_MESSAGE in result.stderr


def test_skipped_packages_fail_the_audit_instead_of_passing_it() -> None:
    report = {
        "dependencies": [
            {"name": "rasa", "version": "3.6.21", "vulns": []},
            {"name": "sanic", "skip_reason": "Dependency not found on PyPI and could not be audited: sanic (21.12.2)"},
        ]
    }
    with pytest.raises(audit.AuditCannotRun, match="1 of 2 packages could not be audited"):
        audit.summarise(report)


def test_findings_are_listed_and_fail_the_audit(capsys: pytest.CaptureFixture) -> None:
    report = {
        "dependencies": [
            {
                "name": "sanic",
                "version": "21.12.2",
                "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["22.6.0"], "description": "a flaw"}],
            },
            {"name": "rasa", "version": "3.6.21", "vulns": []},
        ]
    }
    assert audit.summarise(report) == 1
    printed = capsys.readouterr().out
    assert "sanic==21.12.2  PYSEC-0000-1  fixed in: 22.6.0" in printed
    assert "audited 2 packages: 1 known vulnerabilities" in printed
    assert audit.summarise({"dependencies": [{"name": "rasa", "version": "3.6.21", "vulns": []}]}) == 0
