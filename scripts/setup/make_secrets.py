"""Make the assistant's random tokens once: var/secrets.env (git-ignored, mode 600).

    python scripts/setup/make_secrets.py [--path var/secrets.env]

Writes RASA_API_TOKEN (Rasa's HTTP API, used only when RASA_ENABLE_API=true) and
ACTION_SERVER_TOKEN (between Rasa and the action server) as shell assignments, for
`set -a; . var/secrets.env; set +a` in scripts/ops/run.sh. A token already in the file is kept;
a missing one is added. Prints the file's path, never a token. Named make_secrets, not
secrets: run as a script, its folder is first on sys.path, and a secrets.py there would hide
the standard library's `secrets` module.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Dict, Sequence

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "var" / "secrets.env"
TOKEN_NAMES = ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN")
# token_urlsafe's alphabet: safe unquoted in a shell file and in a URL query.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,}")
_ASSIGNMENT = re.compile(r"([A-Z_][A-Z0-9_]*)=(.*)")


class SecretsFileError(Exception):
    pass


def read_assignments(path: Path) -> Dict[str, str]:
    values: Dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _ASSIGNMENT.fullmatch(line)
        if not match:
            raise SecretsFileError(f"{path}:{number}: not NAME=value; fix or delete the file")
        values[match.group(1)] = match.group(2)
    return values


def ensure_secrets(path: Path = DEFAULT_PATH) -> Dict[str, str]:
    """The tokens in `path`, after adding any that are missing. Returns what was added."""
    existing = read_assignments(path) if path.exists() else {}
    for name in TOKEN_NAMES:
        if name in existing and not TOKEN_PATTERN.fullmatch(existing[name]):
            raise SecretsFileError(
                f"{path}: {name} must be at least 32 characters from A-Z a-z 0-9 _ -; "
                "delete the line and run this again to get a new one"
            )
    added = {name: secrets.token_urlsafe(32) for name in TOKEN_NAMES if name not in existing}
    if added:
        path.parent.mkdir(parents=True, exist_ok=True)
        header = (
            ""
            if path.exists()
            else (
                "# Made by scripts/setup/make_secrets.py. Keep out of git and backups you share;\n"
                "# delete a line and rerun the script to replace that token.\n"
            )
        )
        # Created with mode 600 before anything is written into it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a") as file:
            file.write(header + "".join(f"{name}={value}\n" for name, value in added.items()))
    os.chmod(path, 0o600)
    return added


def is_git_ignored(path: Path) -> bool:
    try:
        result = subprocess.run(
            ["git", "-C", str(ROOT), "check-ignore", "-q", str(path)],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return True  # no git: nothing to commit it to
    return result.returncode != 1


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(list(argv))
    try:
        added = ensure_secrets(args.path)
    except (SecretsFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not is_git_ignored(args.path):
        print(f"error: {args.path} is not git-ignored; add it to .gitignore", file=sys.stderr)
        return 1
    what = "added " + ", ".join(added) if added else "tokens already there"
    print(f"{args.path}: {what}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
