# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step
# they depend on, each redone only when its inputs change.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed-$(shell cat requirements.txt requirements-test.txt constraints.txt 2>/dev/null | sha256sum | cut -c1-12)
SPACY_STAMP := $(VENV)/.spacy-$(shell cat spacy_pipeline/patterns.jsonl spacy_pipeline/meta.json scripts/build_spacy_pipeline.py 2>/dev/null | sha256sum | cut -c1-12)
ENCODER_STAMP := $(VENV)/.encoder-$(shell cat scripts/build_sentence_encoder.py 2>/dev/null | sha256sum | cut -c1-12)
WEBCHAT_STAMP := webchat/node_modules/.installed-$(shell cat webchat/package-lock.json 2>/dev/null | sha256sum | cut -c1-12)

export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2
# Nothing may be fetched from a model hub at run time.
export HF_HUB_OFFLINE := 1
export RASA_TELEMETRY_ENABLED := false
export TRANSFORMERS_OFFLINE := 1

.PHONY: help install train run scale-local soak test validate stories conversations transcripts retention bench audit nlu-report clean

help:
	@echo "make run    - set up, train if needed, and start the assistant (http://localhost:5005)"
	@echo "make test   - set up, train if needed, and run the whole test suite"
	@echo "make scale-local N=2 - the production profile as local processes: Postgres, Redis, nginx,"
	@echo "               N Rasa instances, one action server (http://localhost:8080; Ctrl-C stops all)"
	@echo "make soak   - 10,000 turns through nginx with an instance killed, Redis and Postgres stopped;"
	@echo "               prints lost / duplicated / out-of-order turns (about an hour)"
	@echo "make conversations - run the staff conversation tests (tests/conversations/)"
	@echo "make transcripts   - review real conversations (var/transcripts/)"
	@echo "make audit  - (release step, needs internet) known vulnerabilities in constraints.txt"

$(INSTALLED): requirements.txt requirements-test.txt constraints.txt scripts/find_python.sh
	@python_bin=$$(scripts/find_python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  rm -rf $(VENV); echo "creating $(VENV) with $$python_bin"; "$$python_bin" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-test.txt -c constraints.txt
	rm -f $(VENV)/.installed-* && touch $@

$(SPACY_STAMP): $(INSTALLED) spacy_pipeline/patterns.jsonl spacy_pipeline/meta.json scripts/build_spacy_pipeline.py
	$(PY) scripts/build_spacy_pipeline.py
	rm -f $(VENV)/.spacy-* && touch $@

# The sentence encoder (all-MiniLM-L6-v2 as ONNX, checked against its reference) into the venv.
$(ENCODER_STAMP): $(INSTALLED) scripts/build_sentence_encoder.py
	$(PY) scripts/build_sentence_encoder.py
	rm -f $(VENV)/.encoder-* && touch $@

$(WEBCHAT_STAMP): webchat/package.json webchat/package-lock.json
	cd webchat && npm ci --no-audit --no-fund --loglevel=error
	rm -f webchat/node_modules/.installed-* && touch $@

install: $(INSTALLED) $(SPACY_STAMP) $(ENCODER_STAMP) $(if $(wildcard webchat/package.json),$(WEBCHAT_STAMP))

train: install
	$(PY) scripts/ensure_model.py

run: train
	scripts/run.sh

# The production profile (deploy/) as local processes, with Debian's postgresql, redis-server
# and nginx (apt-get install -y --no-install-recommends postgresql redis-server nginx):
# N Rasa instances behind nginx on PUBLIC_PORT (8080), each with its own log in
# var/log/scale-local/. Ctrl-C stops everything. See deploy/README.md.
N ?= 2
scale-local: train
	$(PY) scripts/make_secrets.py
	$(PY) scripts/scale_local.py --instances $(N)

# The full soak (scripts/soak.py): CONVERSATIONS x TURNS turns, CONCURRENCY at a time, with faults.
CONVERSATIONS ?= 500
TURNS ?= 20
CONCURRENCY ?= 50
soak: train
	$(PY) scripts/make_secrets.py
	$(PY) scripts/soak.py --instances $(N) --conversations $(CONVERSATIONS) --turns $(TURNS) --concurrency $(CONCURRENCY)

validate: install
	$(RASA) data validate --fail-on-warnings
	$(PY) scripts/build_spacy_pipeline.py --check
	$(PY) scripts/build_rules.py --check

test: train validate
	$(PY) -m safety.evaluation
	$(PY) -m safety.evaluation --prefix holdout_ --report-only
	$(PY) -m pytest

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

bench: install
	$(PY) scripts/bench.py

# Deletes stored conversations older than DAYS days: make retention DAYS=90 [DRY_RUN=1]
retention: install
	$(PY) scripts/retention.py --days $(DAYS) $(if $(DRY_RUN),--dry-run)

# A release step, not part of `make test`: needs internet (PyPI's vulnerability data). See SECURITY.md.
audit:
	@python_bin=$$(scripts/find_python.sh) || exit 1; "$$python_bin" scripts/audit.py

# Intent F1 by cross-validation, into reports/nlu_f1.md (several minutes).
nlu-report: install
	$(PY) scripts/nlu_report.py

clean:
	rm -rf build .pytest_cache test-artifacts
