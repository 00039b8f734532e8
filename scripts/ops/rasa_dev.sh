#!/usr/bin/env bash
# `make shell` and `make interactive`: Rasa's own `rasa shell` / `rasa interactive` with this
# project's settings, from the top level of a fresh clone:
# - the tokens from var/secrets.env (made on first use) in the environment, where endpoints.yml
#   reads ACTION_SERVER_TOKEN (Rasa has no default for ${...}, and a token in a committed file
#   would be no secret);
# - var/ for the conversation store (endpoints.yml: var/conversations.db);
# - the action server at endpoints.yml's address, started for the session unless one answers
#   there already (`make run`'s);
# - a conversation id "shell-...", so `make transcripts` leaves these chats out.
# Rasa itself listens on SHELL_PORT (default 5006, so `make run` can keep 5005).
#   scripts/ops/rasa_dev.sh shell|interactive [more rasa options]
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:?usage: scripts/ops/rasa_dev.sh shell|interactive [rasa options]}
shift
PY=.venv/bin/python
RASA=.venv/bin/rasa
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 HF_HUB_OFFLINE=1
mkdir -p var/log
$PY scripts/setup/make_secrets.py 2>/dev/null || $PY scripts/setup/make_secrets.py
set -a; . var/secrets.env; set +a
ACTION_PORT=$($PY scripts/ops/action_endpoint.py "$ENDPOINTS")
MODEL=${RASA_MODEL:-$($PY scripts/setup/ensure_model.py)}

if curl -fsS -o /dev/null "http://127.0.0.1:$ACTION_PORT/health" 2>/dev/null; then
  echo "using the action server already on 127.0.0.1:$ACTION_PORT"
else
  SANIC_HOST=127.0.0.1 $PY -m actions.server --port "$ACTION_PORT" >var/log/actions-$what.log 2>&1 &
  actions_pid=$!
  trap 'kill "$actions_pid" 2>/dev/null; wait "$actions_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$ACTION_PORT/health" 2>/dev/null && break
    kill -0 "$actions_pid" 2>/dev/null || { echo "error: the action server exited; see var/log/actions-$what.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "action server on 127.0.0.1:$ACTION_PORT (log: var/log/actions-$what.log)"
fi

conversation="shell-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
common=(--model "$MODEL" --endpoints "$ENDPOINTS" --port "${SHELL_PORT:-5006}" --conversation-id "$conversation")
case "$what" in
  shell) $RASA shell "${common[@]}" "$@" ;;
  interactive) $RASA interactive "${common[@]}" --skip-visualization "$@" ;;
  *) echo "error: unknown command '$what' (shell or interactive)" >&2; exit 2 ;;
esac
