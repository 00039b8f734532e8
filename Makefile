# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step
# they depend on, each redone only when its inputs change.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed-$(shell cat requirements.lock 2>/dev/null | sha256sum | cut -c1-12)
# The tools environment (pip-tools for `make lock`, ruff for `make lint`), apart from Rasa's pins.
TOOLS_VENV := .venv-tools
TOOLS_STAMP := $(TOOLS_VENV)/.installed-$(shell cat requirements-tools.lock 2>/dev/null | sha256sum | cut -c1-12)
# The benchmark's load generator (Locust), in its own environment too.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed-$(shell cat bench/requirements.lock 2>/dev/null | sha256sum | cut -c1-12)
# `make test` checks formatting too (ruff format --check); FORMAT_CHECK=0 skips it.
FORMAT_CHECK ?= 1
# Extra pytest arguments, e.g. PYTEST_ARGS="-p no:randomly" or "--randomly-seed=1234".
PYTEST_ARGS ?=
SPACY_STAMP := $(VENV)/.spacy-$(shell cat spacy_pipeline/patterns.jsonl spacy_pipeline/meta.json scripts/setup/build_spacy_pipeline.py 2>/dev/null | sha256sum | cut -c1-12)
ENCODER_STAMP := $(VENV)/.encoder-$(shell cat scripts/setup/build_sentence_encoder.py 2>/dev/null | sha256sum | cut -c1-12)
WEBCHAT_STAMP := webchat/node_modules/.installed-$(shell cat webchat/package-lock.json 2>/dev/null | sha256sum | cut -c1-12)

export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2
# Nothing may be fetched from a model hub at run time.
export HF_HUB_OFFLINE := 1
export RASA_TELEMETRY_ENABLED := false
export TRANSFORMERS_OFFLINE := 1

.PHONY: help install train run shell interactive scale-local soak test test-fast lint format-check system-packages \
	lock bench-env validate stories conversations transcripts retention bench audit nlu-report clean

help:
	@echo "make run    - set up, train if needed, and start the assistant (http://localhost:5005)"
	@echo "make test   - set up (Debian packages too, as root), train if needed, lint, run every test tier"
	@echo "make shell  - chat in the terminal (rasa shell); make interactive - rasa interactive"
	@echo "make test-fast     - the unit tier only (no servers, no training), under a minute"
	@echo "make lint          - ruff check (FORMAT_CHECK=1 adds ruff format --check)"
	@echo "make lock          - recompile requirements.lock (hashed) from requirements*.txt + constraints.txt"
	@echo "make scale-local N=2 - the production profile as local processes: Postgres, Redis, nginx,"
	@echo "               N Rasa instances, one action server (http://localhost:8080; Ctrl-C stops all)"
	@echo "make soak   - 10,000 turns through nginx with an instance killed, Redis and Postgres stopped;"
	@echo "               prints lost / duplicated / out-of-order turns (about an hour)"
	@echo "make conversations - run the staff conversation tests (tests/conversations/)"
	@echo "make transcripts   - review real conversations (var/transcripts/)"
	@echo "make audit  - (release step, needs internet) known vulnerabilities in constraints.txt"

# Every package, direct or not, at its locked version and sha256 (requirements.lock, `make lock`).
$(INSTALLED): requirements.lock scripts/setup/find_python.sh
	@python_bin=$$(scripts/setup/find_python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  rm -rf $(VENV); echo "creating $(VENV) with $$python_bin"; "$$python_bin" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $@

$(TOOLS_STAMP): requirements-tools.lock scripts/setup/find_python.sh
	@python_bin=$$(scripts/setup/find_python.sh) || exit 1; \
	[ -x $(TOOLS_VENV)/bin/python ] || "$$python_bin" -m venv $(TOOLS_VENV) || exit 1
	$(TOOLS_VENV)/bin/python -m pip install --quiet --upgrade "pip==24.0"
	$(TOOLS_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-tools.lock
	rm -f $(TOOLS_VENV)/.installed-* && touch $@

$(BENCH_STAMP): bench/requirements.lock scripts/setup/find_python.sh
	@python_bin=$$(scripts/setup/find_python.sh) || exit 1; \
	[ -x $(BENCH_VENV)/bin/python ] || "$$python_bin" -m venv $(BENCH_VENV) || exit 1
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade "pip==24.0"
	$(BENCH_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r bench/requirements.lock
	rm -f $(BENCH_VENV)/.installed-* && touch $@

bench-env: $(BENCH_STAMP)

# pip-compile with hashes, for Python 3.10 on Linux (what the venv runs), from PyPI alone (no
# machine-local index or wheel folder). Edit requirements*.txt or constraints.txt, then `make lock`.
PIP_COMPILE = env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(TOOLS_VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(TOOLS_STAMP)
	$(PIP_COMPILE) --constraint constraints.txt --output-file requirements.lock \
	  requirements.txt requirements-build.txt requirements-test.txt
	$(PIP_COMPILE) --output-file requirements-tools.lock requirements-tools.txt
	$(PIP_COMPILE) --output-file bench/requirements.lock bench/requirements.txt

lint: $(TOOLS_STAMP)
	$(TOOLS_VENV)/bin/ruff check .
	$(if $(filter 1,$(FORMAT_CHECK)),$(TOOLS_VENV)/bin/ruff format --check .)

format-check: $(TOOLS_STAMP)
	$(TOOLS_VENV)/bin/ruff format --check .

# chromium, postgresql, redis-server, nginx, curl: installed with apt-get as root, else one line
# naming what is missing.
system-packages:
	@scripts/setup/system_packages.sh

$(SPACY_STAMP): $(INSTALLED) spacy_pipeline/patterns.jsonl spacy_pipeline/meta.json scripts/setup/build_spacy_pipeline.py
	$(PY) scripts/setup/build_spacy_pipeline.py
	rm -f $(VENV)/.spacy-* && touch $@

# The sentence encoder (all-MiniLM-L6-v2 as ONNX, checked against its reference) into the venv.
$(ENCODER_STAMP): $(INSTALLED) scripts/setup/build_sentence_encoder.py
	$(PY) scripts/setup/build_sentence_encoder.py
	rm -f $(VENV)/.encoder-* && touch $@

$(WEBCHAT_STAMP): webchat/package.json webchat/package-lock.json
	cd webchat && npm ci --no-audit --no-fund --loglevel=error
	rm -f webchat/node_modules/.installed-* && touch $@

install: $(INSTALLED) $(SPACY_STAMP) $(ENCODER_STAMP) $(if $(wildcard webchat/package.json),$(WEBCHAT_STAMP))

train: install
	$(PY) scripts/setup/ensure_model.py

run: train
	scripts/ops/run.sh

# Rasa's own `rasa shell` / `rasa interactive` with the project's token, var/ and action server
# (scripts/ops/rasa_dev.sh); their chats are left out of `make transcripts`. ARGS=... adds options.
shell: train
	scripts/ops/rasa_dev.sh shell $(ARGS)

interactive: train
	scripts/ops/rasa_dev.sh interactive $(ARGS)

# The production profile (deploy/) as local processes, with Debian's postgresql, redis-server
# and nginx (apt-get install -y --no-install-recommends postgresql redis-server nginx):
# N Rasa instances behind nginx on PUBLIC_PORT (8080), each with its own log in
# var/log/scale-local/. Ctrl-C stops everything. See deploy/README.md.
N ?= 2
scale-local: train
	$(PY) scripts/setup/make_secrets.py
	$(PY) scripts/ops/scale_local.py --instances $(N)

# The full soak (bench/soak.py): CONVERSATIONS x TURNS turns, CONCURRENCY at a time, with faults.
CONVERSATIONS ?= 500
TURNS ?= 20
CONCURRENCY ?= 50
soak: train
	$(PY) scripts/setup/make_secrets.py
	$(PY) bench/soak.py --instances $(N) --conversations $(CONVERSATIONS) --turns $(TURNS) --concurrency $(CONCURRENCY)

validate: install
	$(RASA) data validate --fail-on-warnings
	$(PY) scripts/setup/build_spacy_pipeline.py --check
	$(PY) scripts/setup/build_rules.py --check

# Every tier (unit, live bot, browser, scale-out), in random order (the seed is printed in the
# header; PYTEST_ARGS="-p randomly --randomly-seed=N" repeats an order), and no test may skip.
# The run ends with a "test tiers" section saying which tiers ran.
test: system-packages lint train validate $(BENCH_STAMP)
	$(PY) -m safety.evaluation
	$(PY) -m safety.evaluation --prefix holdout_ --report-only
	$(PY) -m pytest --no-skips $(PYTEST_ARGS)

# The unit tier: no server, no training, no Debian packages; under a minute.
test-fast: install
	$(PY) -m pytest -q -m "not live and not slow" $(PYTEST_ARGS)

stories: train
	$(PY) -m pytest tests/test_rasa_stories.py

# Staff conversation tests (tests/conversations/*.yml), against the assistant on :5005 if one
# is running (make run), else one started for the run. CONVERSATION="name" runs one test case.
conversations: train
	$(PY) -m staff.conversations $(if $(CONVERSATION),--test-case "$(CONVERSATION)") $(ARGS)

# Review of real conversations: var/transcripts/report.html, conversations.md and .csv.
# DB=..., SINCE=YYYY-MM-DD, UNTIL=YYYY-MM-DD narrow it. One key per run, so the report's
# pseudonyms match the exports'.
TRANSCRIPT_ARGS = $(if $(DB),--db "$(DB)") $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL))
transcripts: install
	@mkdir -p var/transcripts
	@export TRANSCRIPT_SALT="$${TRANSCRIPT_SALT:-$$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"; \
	$(PY) -m staff.transcripts report $(TRANSCRIPT_ARGS) --html var/transcripts/report.html && \
	$(PY) -m staff.transcripts export $(TRANSCRIPT_ARGS) --format md --out var/transcripts/conversations.md && \
	$(PY) -m staff.transcripts export $(TRANSCRIPT_ARGS) --format csv --out var/transcripts/conversations.csv

bench: install $(BENCH_STAMP)
	$(PY) -m bench

# Deletes stored conversations older than DAYS days: make retention DAYS=90 [DRY_RUN=1]
retention: install
	$(PY) storage/retention.py --days $(DAYS) $(if $(DRY_RUN),--dry-run)

# A release step, not part of `make test`: needs internet (PyPI's vulnerability data). See SECURITY.md.
audit:
	@python_bin=$$(scripts/setup/find_python.sh) || exit 1; "$$python_bin" scripts/ops/audit.py

# Intent F1 by cross-validation, into reports/nlu_f1.md (several minutes).
nlu-report: install
	$(PY) -m bench.nlu_report

clean:
	rm -rf build .pytest_cache test-artifacts
