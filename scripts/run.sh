#!/usr/bin/env bash
# Starts the action server and the Rasa server on localhost, waits until both answer, prints
# how to talk to the assistant, and stops both on Ctrl-C. Called by `make run` after set-up.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
WEBCHAT_PORT=${WEBCHAT_PORT:-8080}
# RASA_ENDPOINTS=deploy/endpoints.production.yml RASA_CREDENTIALS=deploy/credentials.production.yml
# selects shared Postgres + Redis stores (set DB_* and REDIS_* as in deploy/.env.example).
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
CREDENTIALS=${RASA_CREDENTIALS:-credentials.yml}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
RASA=.venv/bin/rasa
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 HF_HUB_OFFLINE=1
MODEL=$(.venv/bin/python scripts/ensure_model.py)
mkdir -p var/log
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped."
}
trap stop_all INT TERM EXIT

wait_for() {  # name url
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then echo "  $1 is up"; return 0; fi
    sleep 0.5
  done
  echo "error: $1 did not answer at $2; see var/log/" >&2; exit 1
}

echo "starting the action server on 127.0.0.1:$ACTION_PORT and Rasa on 127.0.0.1:$RASA_PORT ..."
$RASA run actions --actions actions --port "$ACTION_PORT" >var/log/actions.log 2>&1 &
pids+=($!)
# One --cors followed by every origin: a second --cors flag would replace the first.
$RASA run --interface 127.0.0.1 --port "$RASA_PORT" --model "$MODEL" \
  --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" \
  --cors "http://127.0.0.1:$WEBCHAT_PORT" "http://localhost:$WEBCHAT_PORT" >var/log/rasa.log 2>&1 &
pids+=($!)
.venv/bin/python scripts/serve_webchat.py --port "$WEBCHAT_PORT" --rasa-url "http://localhost:$RASA_PORT" \
  >var/log/webchat.log 2>&1 &
pids+=($!)
wait_for "action server" "http://127.0.0.1:$ACTION_PORT/health"
wait_for "Rasa server" "http://127.0.0.1:$RASA_PORT/webhooks/rest/"
wait_for "chat widget demo" "http://127.0.0.1:$WEBCHAT_PORT/widget.js"

cat <<MSG

The baclofen assistant is running (model $(basename "$MODEL")).
Chat in a browser: http://127.0.0.1:$WEBCHAT_PORT/
Talk to it over REST:
  curl -s -XPOST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
       -H 'Content-Type: application/json' -d '{"sender": "me", "message": "what is baclofen?"}'
or chat in a terminal (a second Rasa on port 5006 that shares this action server):
  .venv/bin/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS" --port 5006
Logs: var/log/. Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "a server exited; see var/log/" >&2
