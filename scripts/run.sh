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
PY=.venv/bin/python
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 HF_HUB_OFFLINE=1
MODEL=$($PY scripts/ensure_model.py)
mkdir -p var/log
pids=()

# Security settings (SECURITY.md). Random tokens, made once: RASA_API_TOKEN, ACTION_SERVER_TOKEN.
$PY scripts/make_secrets.py
set -a; . var/secrets.env; set +a
# The sites that may embed the chat (Rasa's CORS; the socket.io channel checks WebSockets too).
RASA_CORS_ORIGINS=${RASA_CORS_ORIGINS-"http://127.0.0.1:$WEBCHAT_PORT http://localhost:$WEBCHAT_PORT"}
read -r -a cors_origins <<<"$RASA_CORS_ORIGINS"  # an array: "*" must not expand to file names
rasa_args=(--cors "${cors_origins[@]}")  # one --cors for all: a second --cors replaces the first
case "${BACLOFEN_PRODUCTION:-false}" in
  1|true|yes)
    for origin in "${cors_origins[@]}"; do
      if [[ "$origin" == "*" ]]; then
        echo "error: RASA_CORS_ORIGINS='*' with BACLOFEN_PRODUCTION=true; list the sites that embed the chat" >&2
        exit 1
      fi
    done
    # No message texts (INFO, DEBUG) and no access logs in production.
    export LOG_LEVEL=WARNING LOG_LEVEL_LIBRARIES=ERROR ;;
esac
# Rasa's HTTP API (trackers, models): off unless asked for, and then only with the token.
if [[ "${RASA_ENABLE_API:-false}" == "true" ]]; then
  rasa_args+=(--enable-api --auth-token "$RASA_API_TOKEN")
fi

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
# actions/server.py: rasa-sdk's server on 127.0.0.1 (not 0.0.0.0), requiring ACTION_SERVER_TOKEN.
SANIC_HOST=127.0.0.1 $PY -m actions.server --port "$ACTION_PORT" >var/log/actions.log 2>&1 &
pids+=($!)
$RASA run --interface 127.0.0.1 --port "$RASA_PORT" --model "$MODEL" \
  --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" "${rasa_args[@]}" >var/log/rasa.log 2>&1 &
pids+=($!)
$PY scripts/serve_webchat.py --port "$WEBCHAT_PORT" --rasa-url "http://localhost:$RASA_PORT" \
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
  (set -a; . var/secrets.env; .venv/bin/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS" --port 5006)
HTTP API: $([[ "${RASA_ENABLE_API:-false}" == "true" ]] && echo "on, with ?token=\$RASA_API_TOKEN from var/secrets.env" || echo "off (RASA_ENABLE_API=true turns it on)")
Logs: var/log/. Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "a server exited; see var/log/" >&2
