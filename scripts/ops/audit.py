"""Check the locked dependencies (constraints.txt) for known vulnerabilities: `make audit`.

    python scripts/ops/audit.py [--requirements constraints.txt]

A release step, not part of `make test`: it needs the internet (PyPI's vulnerability data).
pip-audit is installed into its own throwaway venv, var/audit-venv, so its dependencies
never meet Rasa's pins. Exit status: 0 no known vulnerability, 1 vulnerabilities found (the
table says which, and the fixed versions), 2 the audit could not run. An unreachable
vulnerability service is a failure, never a pass.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Sequence

ROOT = Path(__file__).resolve().parents[2]
AUDIT_VENV = ROOT / "var" / "audit-venv"
PIP_AUDIT = "pip-audit==2.10.1"
# pip-audit's default vulnerability service: PyPI's JSON API, per release. (A mirror may
# answer the per-project URL but not this one: then every package would be "skipped".)
SERVICE_URL = "https://pypi.org/pypi/pip/24.0/json"
OFFLINE_MESSAGE = (
    "the vulnerability service could not be reached: this audit needs internet; run it on a release machine"
)
# How pip-audit and pip report a network failure.
_NETWORK_FAILURE = re.compile(
    r"ConnectionError|ConnectTimeout|ReadTimeout|Max retries exceeded|NewConnectionError|"
    r"Failed to establish a new connection|Temporary failure in name resolution|"
    r"Name or service not known|ProxyError|SSLError|ServiceError|Network is unreachable",
)


class AuditCannotRun(Exception):
    pass


def check_service(url: str = SERVICE_URL, timeout: float = 15.0) -> None:
    """Fails unless the service answers with vulnerability data for a known release."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            data = json.loads(answer.read())
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise AuditCannotRun(f"{OFFLINE_MESSAGE} ({url}: {error})") from None
    if not isinstance(data, dict) or "vulnerabilities" not in data:
        raise AuditCannotRun(f"{OFFLINE_MESSAGE} ({url} has no vulnerability data)")


def run(command: List[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def ensure_pip_audit(venv: Path = AUDIT_VENV) -> Path:
    tool = venv / "bin" / "pip-audit"
    if not (venv / "bin" / "python").exists():
        created = run([sys.executable, "-m", "venv", "--clear", str(venv)])
        if created.returncode != 0:
            raise AuditCannotRun(f"could not create {venv}:\n{created.stderr}")
    installed = run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PIP_AUDIT]
    )
    if installed.returncode != 0:
        output = installed.stdout + installed.stderr
        if _NETWORK_FAILURE.search(output):
            raise AuditCannotRun(OFFLINE_MESSAGE)
        raise AuditCannotRun(f"could not install {PIP_AUDIT} into {venv}:\n{output}")
    return tool


def audit(tool: Path, requirements: Path) -> int:
    result = run(
        [
            str(tool),
            "--requirement",
            str(requirements),
            "--no-deps",
            "--disable-pip",  # every version is pinned: nothing to resolve
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--desc",
            "on",
        ]
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        if _NETWORK_FAILURE.search(result.stderr):
            raise AuditCannotRun(f"{OFFLINE_MESSAGE}\n{result.stderr.strip()[-2000:]}") from None
        raise AuditCannotRun(f"pip-audit failed:\n{result.stderr.strip()[-2000:]}") from None
    return summarise(report)


def summarise(report: Dict[str, Any]) -> int:
    """Prints the findings; 0 none, 1 some. Unaudited packages make the audit fail."""
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if skipped:
        names = ", ".join(f"{d['name']}" for d in skipped[:8])
        raise AuditCannotRun(
            f"{OFFLINE_MESSAGE} ({len(skipped)} of {len(dependencies)} packages could not be "
            f"audited, e.g. {names}: {skipped[0]['skip_reason']})"
        )
    findings = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    for dependency, vuln in findings:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        print(f"{dependency['name']}=={dependency['version']}  {vuln.get('id')}  fixed in: {fixed}")
        description = " ".join(str(vuln.get("description") or "").split())
        if description:
            print(f"    {description[:300]}")
    print(f"audited {len(dependencies)} packages: {len(findings)} known vulnerabilities")
    return 1 if findings else 0


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=Path, default=ROOT / "constraints.txt")
    args = parser.parse_args(list(argv))
    try:
        if not args.requirements.is_file():
            raise AuditCannotRun(f"{args.requirements} not found")
        check_service()
        status = audit(ensure_pip_audit(), args.requirements)
    except AuditCannotRun as error:
        print(f"audit failed: {error}", file=sys.stderr)
        return 2
    if status:
        print(
            "audit: upgrade the packages above in constraints.txt, or record in SECURITY.md "
            "why a finding does not apply",
            file=sys.stderr,
        )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
