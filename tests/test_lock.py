"""requirements.lock (what `make install` installs with --require-hashes) holds every pin.

A package added to requirements*.txt or constraints.txt without `make lock` is missing from the
lock, and a fresh clone's install then lacks it: the tests of a developer whose venv already has
it still pass. This check fails at once instead.
"""

from __future__ import annotations

import re
from typing import Dict

import pytest

from tests.support.project import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)(?:\[[^\]]*\])?==([^\s;#\\]+)", re.M)


def pins(text: str) -> Dict[str, str]:
    return {re.sub(r"[-_.]+", "-", name.lower()): version for name, version in PIN.findall(text)}


LOCKED = pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "source", ["requirements.txt", "requirements-test.txt", "requirements-build.txt", "constraints.txt"]
)
def test_every_pin_is_in_the_lock_at_the_same_version(source: str) -> None:
    wanted = pins((ROOT / source).read_text(encoding="utf-8"))
    missing = {name: version for name, version in wanted.items() if LOCKED.get(name) != version}
    assert missing == {}, f"{source}: not in requirements.lock at this version (run make lock): {missing}"


def test_every_locked_package_has_a_hash() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for entry in re.split(r"(?m)^(?=[A-Za-z0-9])", text)[1:]:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
