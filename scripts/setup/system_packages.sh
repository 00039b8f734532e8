#!/usr/bin/env bash
# Makes sure the Debian packages the full test suite needs are installed:
#   chromium (browser tier), postgresql, redis-server and nginx (scale-out tier), curl (run.sh).
# Installs the missing ones with apt-get when it can (root and apt-get), else prints one line
# naming them and exits 1. `--check` only reports. Called by `make test`.
set -u

# package:file that proves it is installed (Postgres' server binaries are not on PATH)
REQUIRED=(
  "chromium:chromium"
  "postgresql:/usr/lib/postgresql/*/bin/initdb"
  "redis-server:redis-server"
  "nginx:nginx"
  "curl:curl"
)

installed() {  # file-or-command (a glob is allowed for paths)
  local pattern=$1 path
  if [[ "$pattern" == /* ]]; then
    for path in $pattern; do [[ -x "$path" ]] && return 0; done
    return 1
  fi
  command -v "$pattern" >/dev/null 2>&1 || [[ -x "/usr/sbin/$pattern" ]]
}

missing() {
  local entry
  for entry in "${REQUIRED[@]}"; do
    installed "${entry#*:}" || printf '%s ' "${entry%%:*}"
  done
}

packages=$(missing)
packages=${packages% }
[[ -z "$packages" ]] && exit 0

if [[ "${1:-}" == "--check" ]]; then
  echo "missing Debian packages: $packages"
  exit 1
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: the tests need Debian packages that are missing: $packages; install them as root (apt-get install -y --no-install-recommends $packages) or run \`make test-fast\` for the unit tier only" >&2
  exit 1
fi

echo "installing the Debian packages the tests need: $packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "error: apt-get update failed; install by hand: $packages" >&2; exit 1; }
# shellcheck disable=SC2086  # one word per package
apt-get install -y -qq --no-install-recommends $packages >/dev/null \
  || { echo "error: apt-get install failed for: $packages" >&2; exit 1; }

still=$(missing)
if [[ -n "$still" ]]; then
  echo "error: still missing after apt-get install: ${still% }" >&2
  exit 1
fi
