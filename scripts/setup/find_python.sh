#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (rasa 3.6 needs 3.8-3.10), or explains what to
# install and exits 1. Order: python3.10 on PATH, pyenv's 3.10.13, then any pyenv 3.10.
set -u

is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

if command -v python3.10 >/dev/null 2>&1 && is_310 python3.10; then
  command -v python3.10; exit 0
fi
if command -v pyenv >/dev/null 2>&1; then
  for version in 3.10.13 $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -rV); do
    prefix=$(pyenv prefix "$version" 2>/dev/null) || continue
    if is_310 "$prefix/bin/python"; then echo "$prefix/bin/python"; exit 0; fi
  done
fi
cat >&2 <<'MSG'
error: no Python 3.10 found. Rasa 3.6 runs only on Python 3.8-3.10 (this project uses 3.10).
Install one of:
  - pyenv:   pyenv install 3.10.13
  - Debian/Ubuntu: apt-get install python3.10 python3.10-venv   (where your release has it)
then run the command again.
MSG
exit 1
