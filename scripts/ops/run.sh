#!/usr/bin/env bash
# Starts the action server, the Rasa server and the chat widget demo on localhost, waits until
# they answer, checks that a medical answer gets its disclaimer, prints how to talk to the
# assistant, and stops everything on Ctrl-C. Called by `make run` after set-up. When a check
# fails it prints one line "error: ...", stops what it started and exits 1.
set -euo pipefail
cd "$(dirname "$0")/../.."

RASA_PORT=${RASA_PORT:-5005}
WEBCHAT_PORT=${WEBCHAT_PORT:-8080}
# The action server's address has one source: action_endpoint.url in the endpoints file Rasa
# gets. Its port is read from there below; ACTION_PORT, when set, must be the same port.
# One Rasa instance, its action server and the demo page. For the production profile as local
# processes (Postgres, Redis, nginx, N Rasa instances, one action server): make scale-local.
# RASA_ENDPOINTS=deploy/endpoints.production.yml RASA_CREDENTIALS=deploy/credentials.production.yml
# points this one instance at your own Postgres + Redis (set DB_*, REDIS_* and ACTION_SERVER_URL,
# e.g. http://127.0.0.1:5055/webhook; deploy/.env.example lists them).
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
CREDENTIALS=${RASA_CREDENTIALS:-credentials.yml}
LOG_DIR=${LOG_DIR:-var/log}
START_TIMEOUT=${START_TIMEOUT:-120}  # seconds each server may take to answer
RASA=.venv/bin/rasa
PY=.venv/bin/python
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 HF_HUB_OFFLINE=1
mkdir -p var "$LOG_DIR"
pids=()   # the servers started in the background, with their names and logs
names=()
logs=()

# Security settings (SECURITY.md). Random tokens, made once: RASA_API_TOKEN, ACTION_SERVER_TOKEN.
# A value already in the environment (e.g. ACTION_SERVER_TOKEN from deploy/.env) wins.
$PY scripts/setup/make_secrets.py
while IFS='=' read -r name value; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ -n "${!name:-}" ]] || export "$name=$value"
done <var/secrets.env
# Where Rasa will call the action server, read as Rasa reads it (its token comes from the
# secrets above). A different ACTION_PORT stops here with one line "error: ...".
ACTION_PORT=$($PY scripts/ops/action_endpoint.py "$ENDPOINTS" ${ACTION_PORT:+--action-port "$ACTION_PORT"})
# RASA_MODEL=path serves that model instead of the one for the current inputs (trained if needed).
MODEL=${RASA_MODEL:-$($PY scripts/setup/ensure_model.py)}
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
  rasa_args+=(--enable-api "--auth-token=$RASA_API_TOKEN")  # "=": a token may start with "-"
fi

stop_all() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped."
}
trap stop_all INT TERM EXIT

started() {  # name log: records the server just started in the background
  pids+=($!)
  names+=("$1")
  logs+=("$2")
}

still_running() {  # index into pids
  if ! kill -0 "${pids[$1]}" 2>/dev/null; then
    echo "error: the ${names[$1]} exited; see ${logs[$1]}" >&2
    exit 1
  fi
}

wait_for() {  # index url
  for _ in $(seq 1 $((START_TIMEOUT * 2))); do
    still_running "$1"
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then echo "  ${names[$1]} is up"; return 0; fi
    sleep 0.5
  done
  # A readiness URL says what is missing (e.g. {"tracker_store": {"ok": false, ...}}).
  echo "error: the ${names[$1]} did not answer at $2 $(curl -sS "$2" 2>&1 | head -c 600); see ${logs[$1]}" >&2
  exit 1
}

start_log() {  # file: logs are appended to, never truncated; each start is marked
  echo "=== $(date '+%Y-%m-%d %H:%M:%S') scripts/ops/run.sh starting (Rasa port $RASA_PORT)" >>"$1"
}

echo "starting the action server on 127.0.0.1:$ACTION_PORT and Rasa on 127.0.0.1:$RASA_PORT ..."
# actions/server.py: rasa-sdk's server on 127.0.0.1 (not 0.0.0.0), requiring ACTION_SERVER_TOKEN.
for log in actions rasa webchat; do start_log "$LOG_DIR/$log.log"; done
SANIC_HOST=127.0.0.1 $PY -m actions.server --port "$ACTION_PORT" >>"$LOG_DIR/actions.log" 2>&1 &
started "action server" "$LOG_DIR/actions.log"
$RASA run --interface 127.0.0.1 --port "$RASA_PORT" --model "$MODEL" \
  --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" "${rasa_args[@]}" >>"$LOG_DIR/rasa.log" 2>&1 &
started "Rasa server" "$LOG_DIR/rasa.log"
$PY scripts/ops/serve_webchat.py --port "$WEBCHAT_PORT" --rasa-url "http://localhost:$RASA_PORT" \
  >>"$LOG_DIR/webchat.log" 2>&1 &
started "chat widget demo" "$LOG_DIR/webchat.log"
wait_for 0 "http://127.0.0.1:$ACTION_PORT/health"
# Readiness (channels/health.py): model loaded, tracker store, lock store and action server
# answering; the credentials file must list channels.health.HealthInput (both shipped ones do).
wait_for 1 "http://127.0.0.1:$RASA_PORT/health/ready"
wait_for 2 "http://127.0.0.1:$WEBCHAT_PORT/widget.js"
# Another program on a port (say, another checkout's action server) answers the checks above
# while ours has exited after failing to bind.
for i in "${!pids[@]}"; do still_running "$i"; done
# Before saying "running": Rasa reaches the action server and a medical answer over REST
# carries its disclaimer (scripts/ops/startup_check.py, sender id healthcheck-...).
$PY scripts/ops/startup_check.py --rasa-url "http://127.0.0.1:$RASA_PORT" --endpoints "$ENDPOINTS" \
  --logs "$LOG_DIR"

cat <<MSG

The baclofen assistant is running (model $(basename "$MODEL")).
Chat in a browser: http://127.0.0.1:$WEBCHAT_PORT/
Talk to it over REST:
  curl -s -XPOST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
       -H 'Content-Type: application/json' -d '{"sender": "me", "message": "what is baclofen?"}'
or chat in a terminal (a second Rasa on port 5006 that shares this action server):
  (set -a; . var/secrets.env; .venv/bin/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS" --port 5006)
HTTP API: $([[ "${RASA_ENABLE_API:-false}" == "true" ]] && echo "on, with ?token=\$RASA_API_TOKEN from var/secrets.env" || echo "off (RASA_ENABLE_API=true turns it on)")
Readiness: http://127.0.0.1:$RASA_PORT/health/ready  Metrics: http://127.0.0.1:$RASA_PORT/health/metrics
Logs: $LOG_DIR/ (appended to). Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "a server exited; see $LOG_DIR/" >&2
